import { AgreementState, AttachedDocument, RevisionRecord, contentOf } from '../domain/agreement';

/** Institutions' names by id, as the service's directory knows them. */
export type Names = ReadonlyMap<string, string>;

/** A version of the signed document as readers see it (never where it is stored). */
export const toDocumentResponse = (d: AttachedDocument) => ({
  version: d.version,
  sha256: d.sha256,
  mediaType: d.mediaType,
  sizeBytes: d.sizeBytes,
  fileName: d.fileName,
  uploadedAt: d.uploadedAt.toISOString(),
});

/** What the API returns: the agreement's full content for its parties (and regulators), with its lifecycle and history. */
export function toAgreementResponse(
  s: Readonly<AgreementState>,
  names: Names,
  withHistory = true,
  renewals?: { id: string; status: string }[],
) {
  return {
    id: s.id,
    version: s.version,
    status: s.status,
    mode: s.mode,
    elderlyInstitutionId: s.elderlyParty.institutionId,
    elderlyInstitutionName: names.get(s.elderlyParty.institutionId) ?? null,
    medicalInstitutionId: s.medicalParty.institutionId,
    medicalInstitutionName: names.get(s.medicalParty.institutionId) ?? null,
    services: s.services,
    fees: s.fees,
    responsibilities: s.responsibilities,
    breachLiability: s.breachLiability,
    term: s.term,
    site: s.site,
    entrustment: s.entrustment,
    staff: s.staff,
    document: s.document,
    proposedBy: s.proposedBy,
    predecessorId: s.predecessorId,
    copiedFrom: s.copiedFrom,
    revision: s.revision,
    pendingAmendment: s.amendment
      ? {
          revision: s.amendment.revision,
          proposedBy: s.amendment.proposedBy,
          proposedAt: s.amendment.proposedAt.toISOString(),
          content: s.amendment.content,
          // the version of the amendment's signed paper (null: not uploaded yet)
          documentVersion: s.amendment.documentVersion ?? null,
        }
      : null,
    termination: s.termination,
    sanctions: s.sanctions,
    ...(renewals ? { renewals } : {}),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    ...(withHistory
      ? {
          // the latest version of the signed document (null: none uploaded); details, like the history, are not in lists
          attachedDocument: s.documents.length ? toDocumentResponse(s.documents[s.documents.length - 1]) : null,
          history: s.history.map((h) => ({
            at: h.at.toISOString(),
            action: h.action,
            from: h.from,
            to: h.to,
            actor: { id: h.actorId, role: h.actorRole, name: h.actorName },
            reason: h.reason,
          })),
        }
      : {}),
  };
}

const signed = (r: RevisionRecord) => ({
  revision: r.revision,
  status: 'SIGNED' as 'SIGNED' | 'PROPOSED',
  content: r.content,
  proposed: { side: r.proposedBy, by: { id: r.proposedById, name: r.proposedByName }, at: r.proposedAt.toISOString() },
  countersigned: { by: { id: r.countersignedById, name: r.countersignedByName }, at: r.countersignedAt.toISOString() } as {
    by: { id: string; name: string | null };
    at: string;
  } | null,
});

/**
 * Every revision of the content, oldest first: those both parties signed (kept for good), then what is
 * proposed and not yet countersigned — a pending amendment, or the content of an agreement never signed.
 */
export function toRevisionsResponse(s: Readonly<AgreementState>) {
  const kept = s.revisions;
  const items = kept.map(signed);
  const proposed = (
    revision: number,
    side: 'elderly' | 'medical',
    content: RevisionRecord['content'],
    id: string,
    name: string | null,
    at: Date,
  ) => ({
    revision,
    status: 'PROPOSED' as const,
    content,
    proposed: { side, by: { id, name }, at: at.toISOString() },
    countersigned: null,
  });
  if (s.amendment) {
    const a = s.amendment;
    items.push(proposed(a.revision, a.proposedBy, a.content, a.proposedById, a.proposedByName ?? null, a.proposedAt));
  } else if (!kept.some((r) => r.revision === s.revision)) {
    const first = s.history[0];
    items.push(
      proposed(s.revision, s.proposedBy, contentOf(s), first?.actorId ?? 'unknown', first?.actorName ?? null, first?.at ?? s.createdAt),
    );
  }
  return { agreementId: s.id, version: s.version, status: s.status, items };
}
