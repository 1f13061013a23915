/** The countdown: how much time is left to answer, graded on time / due soon (amber) / overdue (red), never by colour alone. */
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { I18nProvider } from '../../i18n/i18n';
import { Countdown } from './Countdown';
import { countdownState, formatDuration, observeServerClock, resetServerClock, serverNow } from './countdown';

const requestedAt = '2026-11-30T02:00:00.000Z';
const deadlineAt = '2026-11-30T02:15:00.000Z'; // an EMERGENCY: 15 minutes to answer
const at = (iso: string) => Date.parse(iso);
const days = (d: number, h: number) => `${d} 天 ${h} 小时`;

function renderAt(now: string, lang: 'zh' | 'en' = 'zh') {
  const { container } = render(
    <I18nProvider lang={lang}>
      <Countdown deadlineAt={deadlineAt} requestedAt={requestedAt} now={at(now)} />
    </I18nProvider>,
  );
  return container.querySelector('[data-countdown]') as HTMLElement;
}

describe('countdownState', () => {
  it('is on time while more than a third of the time to answer is left', () => {
    expect(countdownState(deadlineAt, requestedAt, at('2026-11-30T02:05:00.000Z'))).toEqual({ level: 'ok', seconds: 600 });
    expect(countdownState(deadlineAt, requestedAt, at('2026-11-30T02:09:59.000Z')).level).toBe('ok');
  });

  it('turns due soon (amber) with a third left, overdue (red) at the deadline', () => {
    expect(countdownState(deadlineAt, requestedAt, at('2026-11-30T02:10:00.000Z'))).toEqual({ level: 'soon', seconds: 300 });
    expect(countdownState(deadlineAt, requestedAt, at('2026-11-30T02:14:59.000Z'))).toEqual({ level: 'soon', seconds: 1 });
    expect(countdownState(deadlineAt, requestedAt, at('2026-11-30T02:15:00.000Z'))).toEqual({ level: 'overdue', seconds: 0 });
    expect(countdownState(deadlineAt, requestedAt, at('2026-11-30T02:18:12.000Z'))).toEqual({ level: 'overdue', seconds: 192 });
  });

  it('scales with the priority: a ROUTINE referral (24 h) is amber in its last 8 hours', () => {
    const routine = '2026-12-01T02:00:00.000Z';
    expect(countdownState(routine, requestedAt, at('2026-11-30T17:59:00.000Z')).level).toBe('ok');
    expect(countdownState(routine, requestedAt, at('2026-11-30T18:00:00.000Z')).level).toBe('soon');
  });

  it('writes minutes and seconds, hours, and days beyond a day', () => {
    expect(formatDuration(299, days)).toBe('4:59');
    expect(formatDuration(3909, days)).toBe('1:05:09');
    expect(formatDuration(97_200, days)).toBe('1 天 3 小时');
  });

  it("counts by the service's clock, learnt from what it sent", () => {
    const receivedAt = Date.now();
    // the service says 60 s are left of a deadline 10 minutes from this browser's now: its clock is 9 minutes ahead
    observeServerClock({ deadlineAt: new Date(receivedAt + 600_000).toISOString(), timeLeftSeconds: 60 }, receivedAt);
    expect(Math.round((serverNow() - Date.now()) / 60_000)).toBe(9);
    resetServerClock();
  });
});

describe('<Countdown>', () => {
  it('on time: the time left, a clock icon, no warning colour', () => {
    const el = renderAt('2026-11-30T02:05:00.000Z');
    expect(el.dataset.countdown).toBe('ok');
    expect(el.textContent).toBe('剩余 10:00');
    expect(el.querySelector('.anticon-clock-circle')).not.toBeNull();
    expect(el.style.color).toBe('rgba(0, 0, 0, 0.88)');
  });

  it('due soon: amber, a warning icon and the words 即将超时', () => {
    const el = renderAt('2026-11-30T02:10:01.000Z');
    expect(el.dataset.countdown).toBe('soon');
    expect(el.textContent).toBe('即将超时，剩余 4:59');
    expect(el.querySelector('.anticon-warning')).not.toBeNull();
    expect(el.style.color).toBe('rgb(173, 78, 0)'); // #ad4e00
    expect(el.style.background).toContain('rgb(255, 247, 230)');
  });

  it('overdue: red, an exclamation icon and the words 已超时', () => {
    const el = renderAt('2026-11-30T02:18:12.000Z');
    expect(el.dataset.countdown).toBe('overdue');
    expect(el.textContent).toBe('已超时 3:12');
    expect(el.querySelector('.anticon-exclamation-circle')).not.toBeNull();
    expect(el.style.color).toBe('rgb(168, 7, 26)'); // #a8071a
    expect(el.querySelector('time')?.getAttribute('datetime')).toBe(deadlineAt);
  });

  it('speaks English when the person chose English', () => {
    expect(renderAt('2026-11-30T02:10:01.000Z', 'en').textContent).toBe('Due soon: 4:59 left');
    expect(renderAt('2026-11-30T02:18:12.000Z', 'en').textContent).toBe('Overdue by 3:12');
  });
});
