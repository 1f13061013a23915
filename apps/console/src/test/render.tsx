/**
 * What the console's component tests share: a page rendered as the console renders it (words, Ant
 * Design's locale and App, a fresh query cache without retries, a signed-in session without an
 * identity provider, a router at `path`), and where the router went.
 */
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { App as AntApp } from 'antd';
import { AntdLocale } from '../app/Root';
import { createApiClients } from '../api/client';
import type { Principal } from '../auth/principal';
import { TestSessionProvider, type Session } from '../auth/session';
import { I18nProvider, type Lang } from '../i18n/i18n';

/** A signed-in session: the principal given (a nursing home's administrator by default), token "token-1". */
export function testSession(principal: Partial<Principal> = {}): Session {
  return {
    principal: { sub: 'u-1', name: '陈建国', roles: ['elderly-admin'], ...principal },
    api: createApiClients({ accessToken: () => 'token-1', language: () => 'zh', onUnauthorized: () => undefined }),
    accessToken: () => 'token-1',
    expired: false,
    markExpired: () => undefined,
    signIn: async () => undefined,
    signOut: async () => undefined,
  };
}

/** Where the page went: the router's location, for the tests to read. */
export const location = { current: '' };
function WhereAmI() {
  const l = useLocation();
  location.current = `${l.pathname}${l.search}`;
  return null;
}

export interface RenderOptions {
  principal?: Partial<Principal>;
  /** the address the router starts at */
  path?: string;
  /** the route the page is mounted on (all paths when absent) */
  route?: string;
  lang?: Lang;
}

export function renderWithProviders(ui: ReactNode, { principal, path = '/', route = '*', lang }: RenderOptions = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <I18nProvider lang={lang}>
      <AntdLocale>
        <AntApp>
          <QueryClientProvider client={client}>
            <TestSessionProvider session={testSession(principal)}>
              <MemoryRouter initialEntries={[path]}>
                <Routes>
                  <Route
                    path={route}
                    element={
                      <>
                        <WhereAmI />
                        {ui}
                      </>
                    }
                  />
                </Routes>
              </MemoryRouter>
            </TestSessionProvider>
          </QueryClientProvider>
        </AntApp>
      </AntdLocale>
    </I18nProvider>,
  );
}
