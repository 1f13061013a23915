/**
 * Everything a signed-in person needs, loaded after sign-in (the sign-in page stays small): server
 * state (TanStack Query), the session with the typed API clients, the router, the shell and its pages.
 */
import { useEffect, useMemo } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, Result } from 'antd';
import { ApiProblem } from '../api/problem';
import { SessionProvider, useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { ConnectionMonitor, httpProbe } from '../shared/connection';
import { ConnectionContext, followConnection } from './connection';
import { FEATURES, featuresFor, type Feature } from './features';
import { Shell } from './Shell';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // a refusal (4xx) will not change by asking again; a network or server failure may
        retry: (count, error) => !(error instanceof ApiProblem && error.status >= 400 && error.status < 500) && count < 2,
        // "online" again only follows a lost connection (src/app/connection.ts): what is on screen may be old
        refetchOnReconnect: 'always',
      },
      mutations: {
        // sent when the person presses, failing at once when the connection is lost: never held back and
        // replayed later without them seeing it (a referral accepted twice)
        networkMode: 'always',
        retry: false,
      },
    },
  });
}

function Allowed({ feature }: { feature: Feature }) {
  const { principal } = useSession();
  const { t } = useI18n();
  return feature.allowed(principal) ? <>{feature.element}</> : <Result status="403" title={t('forbiddenPage')} />;
}

function Home() {
  const { principal } = useSession();
  const { t } = useI18n();
  const first = featuresFor(principal)[0];
  if (first) return <Navigate to={`/${first.path}`} replace />;
  return <Result status="info" title={t('homeWelcome', { name: principal.name })} subTitle={t('noRole')} />;
}

function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title={t('notFound')} />;
}

export function SignedInApp({ queryClient }: { queryClient?: QueryClient }) {
  const client = useMemo(() => queryClient ?? createQueryClient(), [queryClient]);
  const connection = useMemo(() => new ConnectionMonitor({ probe: httpProbe() }), []);
  useEffect(() => followConnection(connection), [connection]);
  const router = useMemo(
    () =>
      createBrowserRouter([
        {
          path: '/',
          element: <Shell />,
          children: [
            { index: true, element: <Home /> },
            ...FEATURES.map((f) => ({ path: f.path, element: <Allowed feature={f} /> })),
            { path: '*', element: <NotFound /> },
          ],
        },
      ]),
    [],
  );
  return (
    <QueryClientProvider client={client}>
      <ConnectionContext.Provider value={connection}>
        <AntApp>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </AntApp>
      </ConnectionContext.Provider>
    </QueryClientProvider>
  );
}

export default SignedInApp;
