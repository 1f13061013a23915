import { Principal } from '@yiyang/auth';
import { DomainError, ManualClock } from '@yiyang/kernel';
import { ReferralListsRepository } from '../persistence/referral-lists.repository';
import { ReferralView } from '../shared/referral-view';
import { ResidentIndex } from '../shared/resident-index';
import { EXPORT_MAX_ROWS, ListReferralsHandler } from './list-referrals.handler';

/** The export's limit: one page of EXPORT_MAX_ROWS through the list's own query; a further row is a 422. */
describe('ListReferralsHandler.export', () => {
  const staff = { sub: 's', roles: ['elderly-admin'], institutionId: 'inst-1' } as unknown as Principal;

  function handler(nextCursor: string | null) {
    const forInstitution = jest.fn().mockResolvedValue({ items: [], nextCursor });
    const lists = { forInstitution } as unknown as ReferralListsRepository;
    const view = { staffPage: jest.fn().mockResolvedValue({ items: [], nextCursor }) } as unknown as ReferralView;
    const clock = new ManualClock(new Date('2026-11-30T17:00:00Z'));
    return { forInstitution, h: new ListReferralsHandler(lists, view, {} as ResidentIndex, clock) };
  }

  it('reads one page of 10,000 without a cursor and names the file by the China day', async () => {
    const { forInstitution, h } = handler(null);
    await expect(h.export({}, staff)).resolves.toEqual({ audience: 'staff', items: [], day: '2026-12-01' });
    expect(EXPORT_MAX_ROWS).toBe(10_000);
    expect(forInstitution).toHaveBeenCalledWith(expect.objectContaining({ institutionId: 'inst-1', side: 'both' }), 10_000, undefined);
  });

  it('answers 422 EXPORT_TOO_LARGE when a 10,001st row follows', async () => {
    const { h } = handler('more');
    const refusal = await h.export({}, staff).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'EXPORT_TOO_LARGE' });
  });
});
