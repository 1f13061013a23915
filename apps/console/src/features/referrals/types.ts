/**
 * The referral screens' API shapes, all taken from the generated clients (src/api/*.d.ts, written by
 * `npm run console:api`), and the platform's vocabulary from libs/contracts (checked against them):
 * nothing here is written by hand but the names.
 */
import type { components, operations } from '../../api/referral';
import type { operations as ContractOperations } from '../../api/contract';
import type { operations as RegistryOperations } from '../../api/registry';
import { INSURANCE_TYPES, REFERRAL_PRIORITIES, REJECTION_REASONS as REASONS, UP_INDICATIONS as UP } from '@contracts/referral/vocabulary';

export type Referral = operations['GetReferralController_get']['responses'][200]['content']['application/json'];
export type ReferralPage = operations['DeskQueueController_queue']['responses'][200]['content']['application/json'];
export type OutgoingPage = operations['DeskQueueController_outgoing']['responses'][200]['content']['application/json'];
export type NewReferral = components['schemas']['RequestReferralDto'];
export type Vitals = components['schemas']['VitalsDto'];
export type AcceptBody = components['schemas']['AcceptReferralDto'];
export type RejectBody = components['schemas']['RejectReferralDto'];
export type ReturnBody = components['schemas']['ReturnReferralDto'];
export type CompleteBody = components['schemas']['CompleteReferralDto'];
export type CancelBody = components['schemas']['CancelReferralDto'];

export type ReferralStatus = Referral['status'];
export type Priority = Referral['priority'];
export type Direction = Referral['direction'];
export type Indication = Referral['indication'];
export type RejectionReason = RejectBody['reasonCode'];
export type Insurance = NewReferral['patient']['insurance'];
export type Sex = NewReferral['patient']['sex'];
export type Consciousness = NonNullable<Vitals['consciousness']>;
export type ReferralAction = Referral['allowedActions'][number];
export type HistoryEntry = NonNullable<Referral['history']>[number];

export type Agreement =
  ContractOperations['ListAgreementsController_list']['responses'][200]['content']['application/json']['items'][number];
export type Institution = RegistryOperations['GetInstitutionController_get']['responses'][200]['content']['application/json'];

/** The service's vocabulary, in the service's order (each list is checked against the generated union). */
export const PRIORITIES = REFERRAL_PRIORITIES satisfies readonly Priority[];
export const UP_INDICATIONS = UP satisfies readonly Indication[];
export const REJECTION_REASONS = REASONS satisfies readonly RejectionReason[];
export const INSURANCES = INSURANCE_TYPES satisfies readonly Insurance[];
export const CONSCIOUSNESS = ['ALERT', 'VOICE', 'PAIN', 'UNRESPONSIVE'] as const satisfies readonly Consciousness[];

/** Statuses still waiting for the receiver's answer (the response deadline runs). */
export const AWAITING_ANSWER: readonly ReferralStatus[] = ['REQUESTED', 'RECEIVED'];
/** What the receiving side still has to do something about: the worklist. */
export const OPEN_INCOMING: readonly ReferralStatus[] = ['REQUESTED', 'RECEIVED', 'ACCEPTED', 'ARRIVED'];
