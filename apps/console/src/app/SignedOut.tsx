/** The first thing a signed-out person sees: what this is, and one button to sign in. */
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../shared/LanguageSwitch';

export function SignedOut({ onSignIn, error, busy }: { onSignIn: () => void; error?: string; busy?: boolean }) {
  const { t } = useI18n();
  return (
    <Flex component="main" vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 24, background: '#f3f6f5' }}>
      <Card style={{ width: 'min(440px, 100%)' }}>
        <Flex vertical gap={16}>
          <Flex justify="space-between" align="center">
            <img src="/favicon.svg" width={40} height={40} alt="" />
            <LanguageSwitch />
          </Flex>
          <div>
            <Typography.Title level={1} style={{ marginBottom: 8 }}>
              {t('appName')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('appTagline')}
            </Typography.Paragraph>
          </div>
          {error ? <Alert type="error" showIcon role="alert" title={t('signInFailed', { reason: error })} /> : null}
          <Typography.Paragraph style={{ marginBottom: 0 }}>{t('signInHint')}</Typography.Paragraph>
          <Button type="primary" size="large" icon={<LoginOutlined />} onClick={onSignIn} loading={busy} block>
            {t('signIn')}
          </Button>
        </Flex>
      </Card>
    </Flex>
  );
}
