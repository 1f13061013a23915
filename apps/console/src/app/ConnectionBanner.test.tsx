/** The shell's connection banner: what it says and how, in both languages, driven by a monitor on fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { TestSessionProvider } from '../auth/session';
import { I18nProvider, type Lang } from '../i18n/i18n';
import { ConnectionMonitor, type Probe } from '../shared/connection';
import { stubApi } from '../test/fakeApi';
import { testSession } from '../test/render';
import { ConnectionBanner, useWatchedApi } from './ConnectionBanner';
import { ConnectionContext } from './connection';
import { AntdLocale } from './Root';

let asked: { service: string; answer: (ok: boolean) => void }[];
let monitor: ConnectionMonitor;
const session = testSession({ name: '王晓梅', roles: ['registrar'] });

function Watched() {
  useWatchedApi();
  return <ConnectionBanner />;
}

function renderBanner(lang: Lang = 'zh') {
  return render(
    <I18nProvider lang={lang}>
      <AntdLocale>
        <AntApp>
          <TestSessionProvider session={session}>
            <ConnectionContext.Provider value={monitor}>
              <Watched />
            </ConnectionContext.Provider>
          </TestSessionProvider>
        </AntApp>
      </AntdLocale>
    </I18nProvider>,
  );
}

const answer = async (ok: boolean) => {
  await act(async () => {
    asked.at(-1)!.answer(ok);
    await vi.advanceTimersByTimeAsync(0);
  });
};

beforeEach(() => {
  vi.useFakeTimers();
  asked = [];
  const probe: Probe = (service) => new Promise((resolve) => asked.push({ service, answer: resolve }));
  monitor = new ConnectionMonitor({ probe, events: new EventTarget(), browserOnline: () => true, random: () => 0.5 });
  monitor.start();
});
afterEach(() => {
  monitor.stop();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the connection banner', () => {
  it('says nothing while online, but its status region is already in the page (so that "reconnected" is announced)', () => {
    renderBanner();
    expect(screen.queryByRole('alert')).toBeNull();
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('');
  });

  it('offline: an alert that the connection is lost and what happens to the page and to what was being sent', () => {
    renderBanner();
    act(() => monitor.browserOffline());
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('网络连接已断开，正在重试…')).toBeTruthy();
    expect(within(alert).getByText('连接恢复后页面会自动刷新。未提交成功的操作不会自动重发，请在恢复后核对并重新提交。')).toBeTruthy();
    // nothing the person could press would help while the browser itself is offline
    expect(within(alert).queryByRole('button')).toBeNull();
    expect(alert.querySelector('[role="img"]')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('the server not answering: retry now, then "reconnected" for 4 s, then nothing', async () => {
    renderBanner();
    act(() => monitor.failed('registry'));
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('无法连接到服务器，正在重试…')).toBeTruthy();
    const retry = within(alert).getByRole('button', { name: '立即重试' });
    // a native button in the tab order (Tab and Enter for real: e2e/signed-in.e2e.ts)
    expect(retry.tagName).toBe('BUTTON');
    expect(retry.getAttribute('tabindex')).toBeNull();
    retry.focus();
    expect(document.activeElement).toBe(retry);
    fireEvent.click(retry);
    expect(asked.map((a) => a.service)).toEqual(['registry']);
    expect(retry.getAttribute('aria-busy')).toBe('true');
    expect(retry.querySelector('.anticon-loading')).toBeTruthy();
    fireEvent.click(retry); // pressing again meanwhile asks nothing more
    expect(asked).toHaveLength(1);

    await answer(false);
    expect(within(screen.getByRole('alert')).getByRole('button', { name: '立即重试' }).getAttribute('aria-busy')).toBe('false');
    expect(document.activeElement).toBe(retry);
    // the next probe comes by itself after 2 s
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(asked).toHaveLength(2);
    await answer(true);

    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('已重新连接');
    await act(() => vi.advanceTimersByTimeAsync(3999));
    expect(screen.getByRole('status').textContent).toBe('已重新连接');
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('in English', async () => {
    renderBanner('en');
    act(() => monitor.browserOffline());
    expect(within(screen.getByRole('alert')).getByText('Connection lost — retrying…')).toBeTruthy();
    act(() => monitor.browserOnline());
    await answer(false);
    expect(within(screen.getByRole('alert')).getByText('The server cannot be reached — retrying…')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    await answer(true);
    expect(screen.getByRole('status').textContent).toBe('Reconnected');
  });

  it('appears when a call of the session’s API clients gets no answer', async () => {
    stubApi(() => Promise.reject(new TypeError('Failed to fetch')));
    renderBanner();
    await act(async () => {
      await session.api.registry.GET('/v1/institutions', { params: { query: {} } }).catch(() => undefined);
    });
    expect(within(screen.getByRole('alert')).getByText('无法连接到服务器，正在重试…')).toBeTruthy();
  });
});
