/**
 * 辖区协议与转诊: a regulator's lists of the agreements and the referrals in their jurisdiction (the
 * token's division; either party inside it), two tabs (?tab=agreements|referrals), each with the
 * filters its service offers kept in the address, a page at a time, a read-only drawer and the
 * service's CSV export of the same filters.
 */
import { useSearchParams } from 'react-router';
import { Flex, Tabs, Typography } from 'antd';
import { useSession } from '../../auth/session';
import { fullName, useDivisions } from '../oversight/divisions';
import { AgreementsTab } from './AgreementsTab';
import { useSupervisionI18n } from './i18n';
import { tabOf, withTab, type Tab } from './model';
import { ReferralsTab } from './ReferralsTab';

export function SupervisionPage() {
  const { t } = useSupervisionI18n();
  const { principal } = useSession();
  const own = principal.division ?? '';
  const divisions = useDivisions();
  const [params, setParams] = useSearchParams();
  const tab = tabOf(params);
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('intro')}
        {own ? ` ${t('scope', { place: fullName(divisions, own) })}` : ''}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams((prev) => withTab(prev, k as Tab))}
        destroyOnHidden
        aria-label={t('tabsLabel')}
        items={[
          { key: 'agreements', label: t('tabAgreements'), children: <AgreementsTab own={own} /> },
          { key: 'referrals', label: t('tabReferrals'), children: <ReferralsTab own={own} /> },
        ]}
      />
    </Flex>
  );
}

export default SupervisionPage;
