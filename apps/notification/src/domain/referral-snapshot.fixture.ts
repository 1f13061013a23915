import { ReferralSnapshot } from '@yiyang/contracts';

/**
 * A referral as referral.* events carry it, for the notification service's tests (the domain's spec
 * and the test app): an urgent upward request from a nursing home to a hospital, just requested.
 */
export const referralSnapshotFixture = (o: Partial<ReferralSnapshot> = {}): ReferralSnapshot => ({
  id: 'r1',
  version: 1,
  status: 'REQUESTED',
  priority: 'URGENT',
  direction: 'UP',
  from: { institutionId: 'e1', category: 'ELDERLY_CARE', kind: 'NURSING_HOME', divisionCode: '350102' },
  to: { institutionId: 'm1', category: 'MEDICAL', kind: 'GENERAL_HOSPITAL', divisionCode: '350103' },
  agreementId: 'a1',
  patientRef: 'pr_test_0123456789',
  maskedIdNumber: '350102********1234',
  indication: 'SUSPECTED_STROKE',
  deadlineAt: '2026-11-22T04:00:00.000Z',
  expiresAt: '2026-11-22T10:00:00.000Z',
  milestones: {
    requestedAt: '2026-11-22T02:00:00.000Z',
    receivedAt: null,
    answeredAt: null,
    arrivedAt: null,
    completedAt: null,
    closedAt: null,
    overdueAt: null,
  },
  answeredWithinDeadline: null,
  rejectionReason: null,
  parentReferralId: null,
  linkedReferralId: null,
  attachmentCount: 0,
  ...o,
});
