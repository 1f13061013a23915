import { AgreementSummaryData, FormInstitution } from '@yiyang/forms';
import { AgreementState } from '../domain/agreement';

/** What the contract service knows of a party beyond its facts: its name and its code, each null when not heard of. */
export interface PartyLabel {
  name: string | null;
  /** the unified social credit code (统一社会信用代码) */
  code?: string | null;
}

/** What the form prints for what the service does not know. */
export const UNKNOWN = '—';

const institution = (id: string, label: PartyLabel | undefined): FormInstitution => ({
  // a party not (yet) heard of by name is printed by its id, never left blank (the form refuses a blank name)
  name: label?.name?.trim() ? label.name : `机构 ${id}`,
  code: label?.code?.trim() ? label.code : UNKNOWN,
});

/**
 * The 协议摘要's data from an agreement as it stands: both parties, mode, services, term, status, the
 * revision in force and every revision both parties signed, the uploaded paper in force (its SHA-256:
 * what a reader checks the signed copy against), a termination under notice. Pure.
 */
export function toAgreementSummary(
  s: Readonly<AgreementState>,
  parties: { elderly?: PartyLabel; medical?: PartyLabel },
  printedAt: Date,
): AgreementSummaryData {
  // the paper in force, when it was uploaded (a declared one, or a pending amendment's, is not printed)
  const d = s.document;
  const uploaded = d && s.documents.some((x) => x.sha256 === d.sha256 && x.fileName === d.fileName) ? d : null;
  return {
    agreementId: s.id,
    status: s.status,
    mode: s.mode,
    elderlyParty: institution(s.elderlyParty.institutionId, parties.elderly),
    medicalParty: institution(s.medicalParty.institutionId, parties.medical),
    services: s.services.map((x) => ({ code: x.code, frequency: x.frequency ?? null })),
    term: { effectiveFrom: s.term.effectiveFrom, effectiveTo: s.term.effectiveTo },
    site: s.site,
    revision: s.revision,
    revisions: s.revisions.map((r) => ({
      revision: r.revision,
      proposedBy: r.proposedBy,
      proposedByName: r.proposedByName,
      proposedAt: r.proposedAt,
      countersignedByName: r.countersignedByName,
      countersignedAt: r.countersignedAt,
    })),
    document: uploaded ? { fileName: uploaded.fileName, sha256: uploaded.sha256 } : null,
    termination: s.termination ? { effectiveOn: s.termination.effectiveOn, reason: s.termination.reason } : null,
    printedAt,
  };
}

/**
 * The download's Content-Disposition (RFC 6266): an ASCII `filename` for old clients and the Chinese name in
 * `filename*` (RFC 8187), e.g. `attachment; filename="agreement-summary-3f9c2b7e.pdf"; filename*=UTF-8''%E5%8D%8F…-3f9c2b7e.pdf`.
 * The names hold only the form's number (hex digits of the id), so nothing needs quoting.
 */
export function summaryDisposition(number: string): string {
  const ascii = `agreement-summary-${number}.pdf`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`协议摘要-${number}.pdf`)}`;
}
