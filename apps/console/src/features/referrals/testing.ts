/** What the referral tests (unit and browser) share: a referral's milestones as the service answers them. */
import type { Referral } from './types';

export type Milestones = Referral['milestones'];

/** Requested at `requestedAt`, and nothing since unless `o` says so. */
export const milestonesFrom = (requestedAt: string, o: Partial<Milestones> = {}): Milestones => ({
  requestedAt,
  receivedAt: null,
  answeredAt: null,
  arrivedAt: null,
  completedAt: null,
  closedAt: null,
  overdueAt: null,
  ...o,
});
