import { AgreementState } from '../domain/agreement';

/** What the API returns: the agreement's full content for its parties (and regulators), with its lifecycle and history. */
export function toAgreementResponse(s: Readonly<AgreementState>, withHistory = true, renewals?: { id: string; status: string }[]) {
  return {
    id: s.id,
    version: s.version,
    status: s.status,
    mode: s.mode,
    elderlyInstitutionId: s.elderlyParty.institutionId,
    medicalInstitutionId: s.medicalParty.institutionId,
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
    revision: s.revision,
    pendingAmendment: s.amendment
      ? { revision: s.amendment.revision, proposedBy: s.amendment.proposedBy, proposedAt: s.amendment.proposedAt.toISOString(), content: s.amendment.content }
      : null,
    termination: s.termination,
    sanctions: s.sanctions,
    ...(renewals ? { renewals } : {}),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    ...(withHistory
      ? { history: s.history.map((h) => ({ at: h.at.toISOString(), action: h.action, from: h.from, to: h.to, actor: { id: h.actorId, role: h.actorRole }, reason: h.reason })) }
      : {}),
  };
}
