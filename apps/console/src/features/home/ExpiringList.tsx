/**
 * The agreements ending within 30 days: the other party by name (as the contract service names it, else
 * the registry), the mode, the last day (a China date) and the days left in words and colour, each a link
 * to the agreement; the nearest ten, and a link to the whole list on the agreements page.
 */
import { Link } from 'react-router';
import { Flex, Table, Tag, Typography } from 'antd';
import { useInstitutionNames } from '../../shared/institutions';
import { formatDate } from '../../shared/time';
import type { ExpiringRow, Urgency } from './model';
import { useHomeI18n } from './i18n';

export const SHOWN = 10;

/** White on these reads at WCAG AA (≥ 4.5:1). */
const URGENCY_COLOUR: Record<Urgency, string> = {
  past: '#595959',
  today: '#a8071a',
  week: '#a8071a',
  month: '#ad4e00',
  later: '#237804',
};

export function ExpiringList({ rows, truncated, headingId }: { rows: ExpiringRow[]; truncated: boolean; headingId: string }) {
  const { t, modes } = useHomeI18n();
  const nameOf = useInstitutionNames(rows.filter((r) => !r.counterpartyName).map((r) => r.counterpartyId));
  const shown = rows.slice(0, SHOWN);
  const name = (r: ExpiringRow) => r.counterpartyName ?? nameOf(r.counterpartyId) ?? t('counterpartyUnknown');
  const daysLeft = (r: ExpiringRow) =>
    r.expiry.urgency === 'past'
      ? t('daysLeft_past')
      : r.expiry.urgency === 'today'
        ? t('daysLeft_today')
        : t('daysLeft_days', { days: r.expiry.daysLeft });

  return (
    <Flex vertical gap={8}>
      <Table<ExpiringRow>
        aria-labelledby={headingId}
        size="small"
        rowKey="id"
        dataSource={shown}
        pagination={false}
        locale={{ emptyText: t('expiringEmpty') }}
        columns={[
          {
            key: 'counterparty',
            title: t('colCounterparty'),
            render: (_, r) => (
              <Flex vertical gap={2}>
                <Link to={`/agreements?agreement=${encodeURIComponent(r.id)}`} aria-label={t('openAgreement', { name: name(r) })}>
                  {name(r)}
                </Link>
                {r.terminationOn ? (
                  <Typography.Text type="secondary">{t('terminationNotice', { date: formatDate(r.terminationOn) })}</Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          { key: 'mode', title: t('colMode'), render: (_, r) => modes[r.mode] ?? r.mode },
          { key: 'endsOn', title: t('colEndsOn'), render: (_, r) => formatDate(r.effectiveTo) },
          {
            key: 'daysLeft',
            title: t('colDaysLeft'),
            render: (_, r) => (
              <Tag color={URGENCY_COLOUR[r.expiry.urgency]} data-urgency={r.expiry.urgency}>
                {daysLeft(r)}
              </Tag>
            ),
          },
        ]}
      />
      {rows.length > SHOWN || truncated ? (
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Text type="secondary">{t('expiringMore', { shown: SHOWN })}</Typography.Text>
          <Link to="/agreements?filter=expiring">
            {t('expiringAll', { count: truncated ? t('atLeast', { count: rows.length }) : rows.length })}
          </Link>
        </Flex>
      ) : null}
    </Flex>
  );
}
