/** The steps that need words: a coded rejection chosen by its label, completion sending the resident back down. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { renderWithProviders } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { StepDialog, type DialogAction } from './StepDialog';
import type { Referral } from './types';

const HOME = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
const HOSPITAL = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31';
const referral = (o: Partial<Referral>) =>
  ({
    id: 'r-1',
    version: 4,
    status: 'RECEIVED',
    direction: 'UP',
    priority: 'URGENT',
    fromInstitutionId: HOME,
    toInstitutionId: HOSPITAL,
    patient: { name: '张三' } as Referral['patient'],
    ...o,
  }) as Referral;

let sent: { path: string; ifMatch: string | null; body: unknown }[];
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderDialog(action: DialogAction, r: Referral, onDone = vi.fn()) {
  renderWithProviders(<StepDialog referral={r} action={action} onClose={() => undefined} onDone={onDone} />, {
    principal: { sub: 'u-desk', name: '郑晓燕', roles: ['referral-desk'], institutionId: HOSPITAL },
  });
  return onDone;
}

beforeEach(() => {
  sent = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname;
    if (path === `/api/registry/v1/institutions/${HOME}`) return json({ id: HOME, name: '福州市鼓楼区乐龄颐养院' });
    sent.push({ path, ifMatch: req.headers.get('if-match'), body: await req.clone().json() });
    return json({
      ...referral({}),
      version: 5,
      status: path.endsWith('/reject') ? 'REJECTED' : 'COMPLETED',
      linkedReferralId: path.endsWith('/complete') ? 'r-2' : null,
    });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('the step dialogs', { timeout: 20_000 }, () => {
  it('rejects with a reason chosen by its label (the code is what is sent), at the version shown', async () => {
    const onDone = renderDialog('reject', referral({}));
    await userEvent.click(screen.getByLabelText('拒绝原因'));
    await userEvent.click(await screen.findByTitle('床位已满'));
    expect(
      document.querySelector('.ant-select-content')?.textContent ?? document.querySelector('.ant-select-selection-item')?.textContent,
    ).toBe('床位已满');
    // a comment is required
    await userEvent.click(screen.getByRole('button', { name: /^拒\s*绝$/ }));
    expect(await screen.findByText('请说明拒绝的理由，转出机构会看到')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('说明'), '今日无空床');
    await userEvent.click(screen.getByRole('button', { name: /^拒\s*绝$/ }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent).toEqual([
      { path: '/api/referral/v1/referrals/r-1/reject', ifMatch: '"4"', body: { reasonCode: 'CAPACITY_FULL', comment: '今日无空床' } },
    ]);
  });

  it('completes an UP referral with a discharge summary, sending the resident back to the nursing home', async () => {
    const onDone = renderDialog('complete', referral({ status: 'ARRIVED' }));
    expect(await screen.findByText('转回原机构：福州市鼓楼区乐龄颐养院')).toBeTruthy();
    expect((screen.getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    await userEvent.type(screen.getByLabelText('出院小结'), '脑梗死恢复期，生命体征平稳');
    await userEvent.click(screen.getByRole('button', { name: '完成诊疗' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent[0]).toEqual({
      path: '/api/referral/v1/referrals/r-1/complete',
      ifMatch: '"4"',
      body: { dischargeSummary: '脑梗死恢复期，生命体征平稳', returnTo: HOME },
    });
    expect(await screen.findByText('已完成诊疗，已生成转回原机构的下转转诊')).toBeTruthy();
  });

  it('offers no return for a DOWN referral', async () => {
    renderDialog('complete', referral({ status: 'ARRIVED', direction: 'DOWN' }));
    await screen.findByLabelText('出院小结');
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
