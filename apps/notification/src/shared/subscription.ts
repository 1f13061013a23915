import { Principal } from '@yiyang/auth';
import { Subscription, SubscriptionOwner } from '../persistence/subscriptions.repository';

/** A regulator's subscriptions belong to their jurisdiction; anyone else's to their institution. */
export function subscriptionOwner(p: Principal): SubscriptionOwner {
  if (p.roles.includes('regulator') && p.division) return { kind: 'regulator', jurisdiction: p.division };
  return { kind: 'institution', id: p.institutionId! };
}

/** A subscription as the API shows it (never its secret). */
export const subscriptionView = (s: Subscription) => ({
  id: s.id,
  url: s.url,
  eventTypes: s.eventTypes,
  division: s.divisionPrefix,
  status: s.status,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

/** Who may manage webhooks (every subscription route). */
export const SUBSCRIBER_ROLES = ['elderly-admin', 'medical-admin', 'referral-desk', 'regulator'] as const;
