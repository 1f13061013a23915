/**
 * The nursing-home administrator's referrals: refer a resident up, follow what was sent, and receive
 * the residents a hospital sends back down. The tab is in the URL.
 */
import { Flex, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useReferralI18n } from './i18n';
import { OutgoingList } from './OutgoingList';
import { ReceivingWorklist } from './ReceivingWorklist';
import { ReferralForm } from './ReferralForm';
import { ReferralTheme } from './ReferralTheme';

const TABS = ['new', 'outgoing', 'incoming'] as const;
type Tab = (typeof TABS)[number];

export function ReferralsPage() {
  const { t } = useReferralI18n();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'new';
  const go = (next: Tab) => setParams(next === 'new' ? {} : { tab: next });

  return (
    <ReferralTheme>
      <Flex vertical gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('referralsTitle')}
        </Typography.Title>
        <Tabs
          activeKey={tab}
          onChange={(key) => go(key as Tab)}
          destroyOnHidden
          items={[
            { key: 'new', label: t('tabNew'), children: <ReferralForm onSubmitted={() => go('outgoing')} /> },
            { key: 'outgoing', label: t('tabOutgoing'), children: <OutgoingList /> },
            {
              key: 'incoming',
              label: t('tabIncoming'),
              children: (
                <Flex vertical gap={8}>
                  <Typography.Text type="secondary">{t('incomingIntro')}</Typography.Text>
                  <ReceivingWorklist direction="DOWN" emptyText={t('incomingEmpty')} />
                </Flex>
              ),
            },
          ]}
        />
      </Flex>
    </ReferralTheme>
  );
}

export default ReferralsPage;
