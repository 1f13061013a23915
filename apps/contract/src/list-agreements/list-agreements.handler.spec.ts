import { Principal } from '@yiyang/auth';
import { DomainError, ManualClock } from '@yiyang/kernel';
import { AgreementRepository } from '../persistence/agreement.repository';
import { AgreementView } from '../shared/agreement-view';
import { EXPORT_MAX_ROWS, ListAgreementsHandler } from './list-agreements.handler';

const principal = { sub: 'u', roles: ['elderly-admin'], institutionId: '7f9c2b7e-0000-4000-8000-000000000001' } as unknown as Principal;

/** The handler over a repository whose one page holds `rows` items and says whether more follow. */
function handlerWith(rows: number, more: boolean) {
  const calls: { limit: number; cursor?: string }[] = [];
  const repository = {
    list: async (_filters: unknown, limit: number, cursor?: string) => {
      calls.push({ limit, cursor });
      return { items: Array.from({ length: rows }, (_, i) => ({ id: String(i) })), nextCursor: more ? 'next' : null };
    },
  } as unknown as AgreementRepository;
  const view = { many: async (items: { id: string }[]) => items } as unknown as AgreementView;
  const handler = new ListAgreementsHandler(repository, view, new ManualClock(new Date('2026-11-30T17:30:00Z')));
  return { handler, calls };
}

describe('ListAgreementsHandler.export', () => {
  it('reads the list once, EXPORT_MAX_ROWS at most, from the start, and names the China day', async () => {
    const { handler, calls } = handlerWith(3, false);
    const out = await handler.export({ principal });
    expect(out.items).toHaveLength(3);
    expect(out.day).toBe('2026-12-01');
    expect(calls).toEqual([{ limit: EXPORT_MAX_ROWS, cursor: undefined }]);
  });

  it('answers exactly EXPORT_MAX_ROWS agreements', async () => {
    const { handler } = handlerWith(EXPORT_MAX_ROWS, false);
    expect((await handler.export({ principal })).items).toHaveLength(10_000);
  });

  it('refuses more than EXPORT_MAX_ROWS with a 422 rule EXPORT_TOO_LARGE', async () => {
    const { handler } = handlerWith(EXPORT_MAX_ROWS, true);
    const refused = await handler.export({ principal }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'EXPORT_TOO_LARGE', kind: 'rule' });
  });
});
