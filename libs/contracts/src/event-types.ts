import { Topics, TopicName } from './topics';

/** The versioned event types of SPEC §3, by topic. A type is `yiyang.<aggregate>.<event>.v<n>`. */
export const EventTypes = {
  institution: {
    registered: 'yiyang.institution.registered.v1',
    updated: 'yiyang.institution.updated.v1',
    suspended: 'yiyang.institution.suspended.v1',
    reinstated: 'yiyang.institution.reinstated.v1',
    revoked: 'yiyang.institution.revoked.v1',
    licenceExpired: 'yiyang.institution.licence-expired.v1',
    operationsUpdated: 'yiyang.institution.operations-updated.v1',
  },
  agreement: {
    submitted: 'yiyang.agreement.submitted.v1',
    countersigned: 'yiyang.agreement.countersigned.v1',
    rejected: 'yiyang.agreement.rejected.v1',
    activated: 'yiyang.agreement.activated.v1',
    amended: 'yiyang.agreement.amended.v1',
    renewed: 'yiyang.agreement.renewed.v1',
    terminated: 'yiyang.agreement.terminated.v1',
    expiring: 'yiyang.agreement.expiring.v1',
    expired: 'yiyang.agreement.expired.v1',
    // beyond SPEC §3: each version of an agreement is one event, and these changes keep its status
    terminationScheduled: 'yiyang.agreement.termination-scheduled.v1',
    amendmentProposed: 'yiyang.agreement.amendment-proposed.v1',
    amendmentRejected: 'yiyang.agreement.amendment-rejected.v1',
    partySanctioned: 'yiyang.agreement.party-sanctioned.v1',
    partyReinstated: 'yiyang.agreement.party-reinstated.v1',
    // the proposer took back an agreement before the other party countersigned it
    withdrawn: 'yiyang.agreement.withdrawn.v1',
    // the filer uploaded a version of the signed document to a SUBMITTED agreement (a DRAFT's publish nothing)
    documentAttached: 'yiyang.agreement.document-attached.v1',
  },
  referral: {
    requested: 'yiyang.referral.requested.v1',
    received: 'yiyang.referral.received.v1',
    accepted: 'yiyang.referral.accepted.v1',
    rejected: 'yiyang.referral.rejected.v1',
    cancelled: 'yiyang.referral.cancelled.v1',
    arrived: 'yiyang.referral.arrived.v1',
    completed: 'yiyang.referral.completed.v1',
    returnedWithAdvice: 'yiyang.referral.returned-with-advice.v1',
    responseOverdue: 'yiyang.referral.response-overdue.v1',
    expired: 'yiyang.referral.expired.v1',
    // beyond SPEC §3: a claim given back, and an attempt refused for want of an agreement (never silent)
    released: 'yiyang.referral.released.v1',
    refused: 'yiyang.referral.refused.v1',
  },
  compliance: {
    findingRaised: 'yiyang.compliance.finding-raised.v1',
    findingResolved: 'yiyang.compliance.finding-resolved.v1',
  },
} as const;

type ValuesOf<T> = T[keyof T];
export type InstitutionEventType = ValuesOf<typeof EventTypes.institution>;
export type AgreementEventType = ValuesOf<typeof EventTypes.agreement>;
export type ReferralEventType = ValuesOf<typeof EventTypes.referral>;
export type ComplianceEventType = ValuesOf<typeof EventTypes.compliance>;
export type EventType = InstitutionEventType | AgreementEventType | ReferralEventType | ComplianceEventType;

export const topicOfAggregate: Record<keyof typeof EventTypes, TopicName> = {
  institution: Topics.institution,
  agreement: Topics.agreement,
  referral: Topics.referral,
  compliance: Topics.compliance,
};

const TYPE_PATTERN = /^yiyang\.([a-z]+)\.([a-z-]+)\.v(\d+)$/;

/** Splits a type name into aggregate, event and version; null when it is not a platform type at all. */
export function parseEventType(type: string): { aggregate: string; event: string; version: number } | null {
  const m = TYPE_PATTERN.exec(type);
  return m ? { aggregate: m[1], event: m[2], version: Number(m[3]) } : null;
}

const allTypes = new Set<string>(Object.values(EventTypes).flatMap((group) => Object.values(group)));

export function isKnownEventType(type: string): type is EventType {
  return allTypes.has(type);
}
