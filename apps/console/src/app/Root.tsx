/**
 * The first screen: language (Chinese by default) with Ant Design's locale, and sign-in with the
 * OpenID Connect provider (authorization code + PKCE, silent renewal). Signed out, the sign-in page;
 * signed in, the rest of the console, loaded then.
 */
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { Alert, ConfigProvider, Flex, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { oidcSettings, returnPath, type ConsoleConfig } from '../auth/oidc';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { SignedOut } from './SignedOut';

const SignedInApp = lazy(() => import('./SignedInApp'));

const reducedMotion = typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

/**
 * The brand colour, and every text colour at WCAG AA contrast or better (antd's default grey, link blue
 * and tag colours are not, checked by axe in the browser tests); no animation for people who ask for none.
 */
export const THEME = {
  token: {
    colorPrimary: '#0f6e56',
    colorLink: '#0f6e56',
    borderRadius: 6,
    colorTextSecondary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#767676',
    motion: !reducedMotion,
  },
  components: { Menu: { itemSelectedBg: '#e1efe9', itemSelectedColor: '#0b5340' } },
};

export function AntdLocale({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={THEME}>
      {children}
    </ConfigProvider>
  );
}

function Loading() {
  const { t } = useI18n();
  return <Spin fullscreen size="large" description={t('signingIn')} />;
}

function AuthGate() {
  const auth = useAuth();
  const signIn = () =>
    void auth.signinRedirect({ state: { returnTo: returnPath({ returnTo: `${location.pathname}${location.search}` }) } });
  if (auth.isLoading) return <Loading />;
  if (!auth.isAuthenticated || !auth.user) {
    return <SignedOut onSignIn={signIn} error={auth.error?.message} busy={auth.activeNavigator === 'signinRedirect'} />;
  }
  return (
    <Suspense fallback={<Loading />}>
      <SignedInApp />
    </Suspense>
  );
}

export function Root({ config }: { config: ConsoleConfig }) {
  const settings = useMemo(() => oidcSettings(config), [config]);
  return (
    <I18nProvider>
      <AntdLocale>
        <AuthProvider {...settings} onSigninCallback={(user) => window.history.replaceState({}, document.title, returnPath(user?.state))}>
          <AuthGate />
        </AuthProvider>
      </AntdLocale>
    </I18nProvider>
  );
}

/** /config.json could not be read: a sentence instead of a blank page. */
export function ConfigFailed() {
  return (
    <I18nProvider>
      <AntdLocale>
        <ConfigFailedMessage />
      </AntdLocale>
    </I18nProvider>
  );
}

function ConfigFailedMessage() {
  const { t } = useI18n();
  return (
    <Flex component="main" justify="center" style={{ padding: 48 }}>
      <Alert type="warning" showIcon role="alert" title={t('configMissing')} />
    </Flex>
  );
}
