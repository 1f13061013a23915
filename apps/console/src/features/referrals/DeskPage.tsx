/** The referral desk (referral-desk; a medical institution's administrator too): the live worklist. */
import { Flex, Typography } from 'antd';
import { useReferralI18n } from './i18n';
import { ReceivingWorklist } from './ReceivingWorklist';
import { ReferralTheme } from './ReferralTheme';

export function DeskPage() {
  const { t } = useReferralI18n();
  return (
    <ReferralTheme>
      <Flex vertical gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('deskTitle')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('deskIntro')}</Typography.Text>
        <ReceivingWorklist emptyText={t('queueEmpty')} />
      </Flex>
    </ReferralTheme>
  );
}

export default DeskPage;
