import { AgreementMode, AgreementStatus } from '@yiyang/contracts';
import { AgreementState, AgreementTerms, AttachedDocument, contentOf, HistoryEntry, RevisionRecord, Side } from '../domain/agreement';
import { AgreementDocumentRow, AgreementHistoryRow, AgreementRevisionRow, AgreementRow } from './agreement.entity';

/** The aggregate's state as a row: queried fields in columns, the contract's content and the rest of the lifecycle as JSON. */
export function toRow(s: Readonly<AgreementState>): AgreementRow {
  const terms: AgreementTerms = { ...contentOf(s), mode: s.mode, term: s.term };
  return Object.assign(new AgreementRow(), {
    id: s.id,
    version: s.version,
    status: s.status,
    mode: s.mode,
    elderlyId: s.elderlyParty.institutionId,
    medicalId: s.medicalParty.institutionId,
    elderlyDivision: s.elderlyParty.divisionCode,
    medicalDivision: s.medicalParty.divisionCode,
    effectiveFrom: s.term.effectiveFrom,
    effectiveTo: s.term.effectiveTo,
    predecessorId: s.predecessorId,
    copiedFrom: s.copiedFrom,
    parties: { elderly: s.elderlyParty, medical: s.medicalParty },
    terms,
    proposedBy: s.proposedBy,
    revision: s.revision,
    terminationOn: s.termination?.effectiveOn ?? null,
    lastReminder: s.lastReminder,
    sanctioned: s.sanctions.length > 0,
    lifecycle: {
      amendment: s.amendment ? { ...s.amendment, proposedAt: s.amendment.proposedAt.toISOString() } : null,
      termination: s.termination,
      sanctions: s.sanctions,
    },
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  });
}

/** The agreement from its row and child rows (lists read neither history nor revisions). */
export function toState(
  row: AgreementRow,
  history: AgreementHistoryRow[],
  revisions: AgreementRevisionRow[],
  documents: AgreementDocumentRow[] = [],
): AgreementState {
  const lifecycle = row.lifecycle ?? { amendment: null, termination: null, sanctions: [] };
  return {
    ...row.terms,
    id: row.id,
    version: row.version,
    status: row.status as AgreementStatus,
    mode: row.mode as AgreementMode,
    elderlyParty: row.parties.elderly,
    medicalParty: row.parties.medical,
    proposedBy: row.proposedBy as Side,
    predecessorId: row.predecessorId,
    copiedFrom: row.copiedFrom ?? null,
    revision: row.revision,
    amendment: lifecycle.amendment ? { ...lifecycle.amendment, proposedAt: new Date(lifecycle.amendment.proposedAt) } : null,
    termination: lifecycle.termination,
    lastReminder: row.lastReminder,
    sanctions: lifecycle.sanctions,
    history: history.map((h) => ({
      at: h.at,
      action: h.action,
      from: h.fromStatus as AgreementStatus | null,
      to: h.toStatus as AgreementStatus,
      actorId: h.actorId,
      actorRole: h.actorRole,
      actorName: h.actorName ?? null,
      reason: h.reason,
    })),
    revisions: revisions.map(({ agreementId: _agreementId, ...r }) => ({ ...r, proposedBy: r.proposedBy as Side })),
    documents: documents.map(({ agreementId: _agreementId, ...d }) => d),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const toHistoryRow = (agreementId: string, h: HistoryEntry): Partial<AgreementHistoryRow> => ({
  agreementId,
  at: h.at,
  action: h.action,
  fromStatus: h.from,
  toStatus: h.to,
  actorId: h.actorId,
  actorRole: h.actorRole,
  actorName: h.actorName,
  reason: h.reason,
});

export const toRevisionRow = (agreementId: string, r: RevisionRecord): AgreementRevisionRow => ({ agreementId, ...r });

export const toDocumentRow = (agreementId: string, d: AttachedDocument): AgreementDocumentRow => ({ agreementId, ...d });
