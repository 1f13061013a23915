/**
 * The institution's own referral figures over the last 30 days (GET /v1/statistics?institution=): what
 * it sent and what it received, side by side, as a small table with the period in China dates. A figure
 * that cannot be (no answer yet, so no rate) is a dash.
 */
import { Flex, Table, Typography } from 'antd';
import { percent, statisticsRows, waitWords, type Cell, type InstitutionStatistics, type StatisticsRow } from './model';
import { useHomeI18n } from './i18n';

export function ReferralFigures({ statistics, headingId }: { statistics: InstitutionStatistics; headingId: string }) {
  const { t, lang } = useHomeI18n();
  const cell = (c: Cell) => {
    switch (c.kind) {
      case 'count':
        return c.value.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
      case 'share':
        return percent(c.value);
      case 'wait':
        return t('waitAtMost', { wait: waitWords(c.seconds, lang) });
      case 'none':
        return t('noFigure');
    }
  };
  const period = statistics.period;
  return (
    <Flex vertical gap={8}>
      {period ? <Typography.Text type="secondary">{t('statsPeriod', { from: period.from, to: period.to })}</Typography.Text> : null}
      <Table<StatisticsRow>
        aria-labelledby={headingId}
        size="small"
        rowKey="metric"
        pagination={false}
        dataSource={statisticsRows(statistics)}
        columns={[
          { key: 'metric', title: t('colMetric'), render: (_, r) => t(`metric_${r.metric}`) },
          { key: 'sent', title: t('colSent'), align: 'right', render: (_, r) => cell(r.sent) },
          { key: 'received', title: t('colReceived'), align: 'right', render: (_, r) => cell(r.received) },
        ]}
      />
      <Typography.Text type="secondary">{t('statsApproximate')}</Typography.Text>
    </Flex>
  );
}
