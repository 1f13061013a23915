/**
 * The layout every signed-in page sits in: the menu of the person's roles, who they are and for which
 * institution or jurisdiction, the language switch, sign-out, the unread count fed by the live stream,
 * the banner when the connection is lost (ConnectionBanner), and the "sign in again" dialog when the
 * session runs out.
 */
import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Badge, Button, Flex, Layout, Menu, Modal, Spin, Tag, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { unwrap } from '../api/client';
import { hasInbox, type Principal } from '../auth/principal';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { ErrorBoundary } from '../shared/ErrorBoundary';
import { loadDivisionRules } from '../shared/validation';
import { useUnreadCount } from '../features/inbox/inbox';
import { useNotificationStream } from '../features/inbox/stream';
import { StreamStatusContext } from '../features/inbox/StreamStatus';
import { featuresFor } from './features';
import { ConnectionBanner, useWatchedApi } from './ConnectionBanner';

/** "福州市鼓楼区颐养院" for staff, "福建省" for a regulator of 35: names, never ids. */
function usePlace(p: Principal): string | undefined {
  const { api } = useSession();
  const institution = useQuery({
    queryKey: ['registry', 'institution', p.institutionId],
    enabled: !!p.institutionId,
    queryFn: ({ signal }) => unwrap(api.registry.GET('/v1/institutions/{id}', { params: { path: { id: p.institutionId! } }, signal })),
    staleTime: 10 * 60_000,
  });
  const [division, setDivision] = useState<string>();
  useEffect(() => {
    if (!p.division) return;
    void loadDivisionRules().then((rules) => setDivision(rules.divisionName(p.division!.padEnd(6, '0')) ?? p.division));
  }, [p.division]);
  return institution.data?.name ?? division;
}

export function Shell() {
  const { principal, expired, signIn, signOut } = useSession();
  const { t, lang } = useI18n();
  const { notification } = AntApp.useApp();
  const location = useLocation();
  const features = featuresFor(principal);
  const inbox = hasInbox(principal);
  const unread = useUnreadCount(inbox);
  const status = useNotificationStream(inbox, (notice) =>
    notification.info({ title: t('inboxNew'), description: notice.title, placement: 'bottomRight' }),
  );
  const place = usePlace(principal);
  useWatchedApi();
  const selected = location.pathname.split('/')[1] ?? '';

  const items = features.map((f) => ({
    key: f.path,
    icon: f.icon,
    label: (
      <Link to={`/${f.path}`}>
        {f.path === 'inbox' && unread.data?.unread ? (
          <Flex justify="space-between" align="center" gap={8}>
            {t(f.label)}
            <Badge count={unread.data.unread} overflowCount={99} aria-label={t('inboxUnread', { count: unread.data.unread })} />
          </Flex>
        ) : (
          t(f.label)
        )}
      </Link>
    ),
  }));

  return (
    <StreamStatusContext.Provider value={status}>
      <Layout style={{ minHeight: '100vh' }}>
        <ConnectionBanner />
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 24, background: '#0f3d33' }}>
          <Link to="/" style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
            {t('appName')}
          </Link>
          <Flex flex={1} justify="flex-end" align="center" gap={16} wrap style={{ color: '#fff', minWidth: 0 }}>
            {place ? (
              <span data-testid="who-where">
                {principal.division && !principal.institutionId ? t('jurisdiction') : t('institution')}：{place}
              </span>
            ) : null}
            <span>
              {principal.name}{' '}
              {principal.roles.map((r) => (
                <Tag key={r} color="#0f6e56" style={{ marginInlineEnd: 4 }}>
                  {t(`role_${r}`)}
                </Tag>
              ))}
            </span>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()}>
              {t('signOut')}
            </Button>
          </Flex>
        </Layout.Header>
        <Layout>
          <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              items={items}
              style={{ height: '100%', borderInlineEnd: 0 }}
              aria-label={t('appName')}
            />
          </Layout.Sider>
          <Layout.Content style={{ padding: 24 }}>
            <main>
              <ErrorBoundary lang={lang} key={location.pathname}>
                <Suspense fallback={<Spin size="large" description={t('loading')} style={{ display: 'block', marginTop: 80 }} />}>
                  <Outlet />
                </Suspense>
              </ErrorBoundary>
            </main>
          </Layout.Content>
        </Layout>
      </Layout>
      <Modal
        open={expired}
        title={t('sessionExpiredTitle')}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        footer={
          <Button type="primary" onClick={() => void signIn()}>
            {t('signInAgain')}
          </Button>
        }
      >
        <Typography.Paragraph>{t('sessionExpiredBody')}</Typography.Paragraph>
      </Modal>
    </StreamStatusContext.Provider>
  );
}
