import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nProvider } from '../i18n/i18n';
import { AntdLocale } from './Root';
import { SignedOut } from './SignedOut';

const renderPage = (props: Partial<Parameters<typeof SignedOut>[0]> = {}) =>
  render(
    <I18nProvider>
      <AntdLocale>
        <SignedOut onSignIn={props.onSignIn ?? (() => undefined)} error={props.error} />
      </AntdLocale>
    </I18nProvider>,
  );

describe('the signed-out page', () => {
  it('is in Chinese by default and signs in with one button', async () => {
    const onSignIn = vi.fn();
    renderPage({ onSignIn });
    expect(screen.getByRole('heading', { level: 1, name: '医养互联' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
    await userEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(onSignIn).toHaveBeenCalledOnce();
  });

  it('switches to English and remembers the choice', async () => {
    renderPage();
    await userEvent.click(screen.getByText('English'));
    expect(screen.getByRole('heading', { level: 1, name: 'Yiyang Connect' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Sign in/ })).toBeTruthy();
    expect(localStorage.getItem('yiyang.console.lang')).toBe('en');
  });

  it('says why a sign-in failed, as a sentence', () => {
    renderPage({ error: 'state mismatch' });
    expect(screen.getByRole('alert').textContent).toContain('登录未完成：state mismatch');
  });
});
