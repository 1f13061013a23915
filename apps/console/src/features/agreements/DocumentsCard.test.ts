/** Who may add a signed paper to an agreement, and when (the service's rule, offered in the console). */
import { describe, expect, it } from 'vitest';
import { mayUploadDocument } from './DocumentsCard';
import type { Agreement } from './model';

const AMENDMENT = {
  revision: 1,
  proposedBy: 'medical',
  proposedAt: '2026-11-30T02:00:00Z',
  documentVersion: null,
} as unknown as Agreement['pendingAmendment'];

describe('mayUploadDocument', () => {
  it.each([
    ['DRAFT', false, 'elderly', true],
    ['SUBMITTED', false, 'elderly', true],
    ['SIGNED', false, 'elderly', false],
    ['ACTIVE', false, 'elderly', false],
    ['ACTIVE', true, 'elderly', true],
    ['SIGNED', true, 'elderly', true],
    ['ACTIVE', true, 'medical', false],
    ['SUBMITTED', false, 'medical', false],
    ['REJECTED', false, 'elderly', false],
    ['TERMINATED', false, undefined, false],
  ] as const)('%s, an amendment pending: %s, the %s side: %s', (status, pending, side, allowed) => {
    expect(
      mayUploadDocument({ status, pendingAmendment: pending ? AMENDMENT : null } as Pick<Agreement, 'status' | 'pendingAmendment'>, side),
    ).toBe(allowed);
  });
});
