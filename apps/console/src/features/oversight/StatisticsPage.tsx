/**
 * The regulator's statistics: key figures, referrals by direction and status, rejection reasons and
 * open findings by rule (ECharts, each with the same numbers as a table), the divisions inside the
 * jurisdiction with their own figures (province → city → county, kept in the address), and every
 * figure on the page as a CSV file made in the browser.
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Breadcrumb, Button, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../shared/time';
import { useChildStatistics, useStatistics } from './api';
import { downloadCsv, toCsv } from './csv';
import { useDivisions } from './divisions';
import {
  countsOption,
  findingRows,
  percent,
  referralRows,
  referralsOption,
  rejectionRows,
  statisticsCsvRows,
  summaryOf,
  type CountRow,
} from './figures';
import { useOversightI18n, type OversightI18n } from './i18n';
import { divisionWithin, openFindingsTotal, type Statistics } from './model';
import { EChart } from './EChart';
import { OversightProblem } from './OversightProblem';

/** The levels from the person's own jurisdiction down to the division shown (35 → 3501 → 350102). */
function levels(own: string, current: string): string[] {
  return [2, 4, 6].filter((n) => n >= own.length && n <= current.length).map((n) => current.slice(0, n));
}

export function StatisticsPage() {
  const i18n = useOversightI18n();
  const { t, L } = i18n;
  const { principal } = useSession();
  const own = principal.division ?? '';
  const [params] = useSearchParams();
  const division = divisionWithin(params.get('division'), own) ?? own;
  const divisions = useDivisions();
  const name = (code: string) => divisions?.name(code) ?? code;
  const stats = useStatistics(division);
  const children = useMemo(() => divisions?.children(division) ?? [], [divisions, division]);
  const childStats = useChildStatistics(children.map((c) => c.code));

  const exportCsv = () => {
    if (!stats.data) return;
    const rows = statisticsCsvRows(
      { code: division, name: name(division), stats: stats.data },
      children.map((c, i) => ({ ...c, stats: childStats[i]?.data })),
      t,
      L,
    );
    const stamp = formatDateTime(new Date(), 'zh').replace(/[-: ]/g, '').slice(0, 12);
    downloadCsv(`${t('statsTitle')}-${name(division)}-${stamp}.csv`, toCsv(rows));
  };

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12} wrap justify="space-between">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('statsTitle')}
        </Typography.Title>
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => void stats.refetch()} loading={stats.isFetching && !stats.isPending}>
            {t('statsRefresh')}
          </Button>
          <Tooltip title={t('exportCsvHelp')}>
            <Button type="primary" icon={<DownloadOutlined />} onClick={exportCsv} disabled={!stats.data}>
              {t('exportCsv')}
            </Button>
          </Tooltip>
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('statsIntro')}
      </Typography.Paragraph>
      <nav aria-label={t('statsBreadcrumb')}>
        <Breadcrumb
          items={levels(own, division).map((code) => ({
            title: code === division ? <span aria-current="page">{name(code)}</span> : <Link to={`?division=${code}`}>{name(code)}</Link>,
          }))}
        />
      </nav>
      <Alert type="info" showIcon title={t('statsScope', { place: name(division) })} description={t('statsPeriodNote')} />
      {stats.error ? <OversightProblem error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {stats.isPending && !stats.error ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {stats.data ? <Figures stats={stats.data} i18n={i18n} /> : null}
      {stats.data && children.length > 0 ? (
        <Children rows={children.map((c, i) => ({ ...c, stats: childStats[i]?.data, failed: !!childStats[i]?.error }))} i18n={i18n} />
      ) : null}
    </Flex>
  );
}

function Figures({ stats, i18n }: { stats: Statistics; i18n: OversightI18n }) {
  const { t, L } = i18n;
  const referrals = useMemo(() => referralRows(stats, L), [stats, L]);
  const rejections = useMemo(() => rejectionRows(stats, L), [stats, L]);
  const findings = useMemo(() => findingRows(stats, L), [stats, L]);
  const referralsChart = useMemo(() => referralsOption(stats, L), [stats, L]);
  const rejectionsChart = useMemo(() => countsOption(rejections, '#b35c00'), [rejections]);
  const findingsChart = useMemo(() => countsOption(findings, '#c0392b'), [findings]);
  const c = stats.agreementCoverage;
  const r = stats.responses;
  const none = t('noValue');
  const referralSummary = referrals.rows
    .map((row) => `${row.label}：${referrals.directions.map((d) => `${d.label} ${row.byDirection[d.key]}`).join('，')}`)
    .join('；');

  return (
    <>
      <Row gutter={[16, 16]}>
        <Kpi
          title={t('kpiCoverage')}
          value={percent(c.share, none)}
          detail={t('kpiCoverageDetail', { covered: c.covered, total: c.elderlyCareInstitutions })}
        />
        <Kpi
          title={t('kpiWithinDeadline')}
          value={percent(r.shareWithinDeadline, none)}
          detail={t('kpiWithinDeadlineDetail', { answered: r.answered, within: r.withinDeadline, overdue: r.overdue })}
        />
        <Kpi title={t('kpiOpenFindings')} value={String(openFindingsTotal(stats))} detail={t('kpiOpenFindingsDetail')} />
        <Kpi title={t('kpiRefused')} value={String(stats.refusedOutsideAgreement)} detail={t('kpiRefusedDetail')} />
      </Row>
      <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('chartReferrals')}</h3>}>
        {referrals.rows.length === 0 ? (
          <Empty description={t('chartEmpty')} />
        ) : (
          <Row gutter={[24, 16]}>
            <Col xs={24} xl={14}>
              <EChart
                option={referralsChart}
                label={t('chartAria', { title: t('chartReferrals'), summary: referralSummary })}
                testId="chart-referrals"
                height={220}
              />
            </Col>
            <Col xs={24} xl={10}>
              <Table
                size="small"
                pagination={false}
                rowKey="status"
                dataSource={referrals.rows}
                columns={[
                  { title: t('colStatus'), dataIndex: 'label' },
                  ...referrals.directions.map((d) => ({
                    title: d.label,
                    align: 'right' as const,
                    render: (_: unknown, row: (typeof referrals.rows)[number]) => row.byDirection[d.key],
                  })),
                  { title: t('colDirectionTotal'), dataIndex: 'total', align: 'right' as const },
                ]}
              />
            </Col>
          </Row>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        {[
          { title: t('chartRejections'), column: t('colReason'), rows: rejections, option: rejectionsChart, testId: 'chart-rejections' },
          { title: t('chartFindings'), column: t('colRule'), rows: findings, option: findingsChart, testId: 'chart-findings' },
        ].map((card) => (
          <Col key={card.testId} xs={24} xl={12}>
            <CountCard {...card} i18n={i18n} />
          </Col>
        ))}
      </Row>
    </>
  );
}

function Kpi({ title, value, detail }: { title: string; value: string; detail: string }) {
  return (
    <Col xs={24} sm={12} xl={6}>
      <Card style={{ height: '100%' }}>
        <Statistic title={title} value={value} />
        <Typography.Text type="secondary">{detail}</Typography.Text>
      </Card>
    </Col>
  );
}

function CountCard({
  title,
  column,
  rows,
  option,
  i18n,
  testId,
}: {
  title: string;
  column: string;
  rows: CountRow[];
  option: ReturnType<typeof countsOption>;
  i18n: OversightI18n;
  testId: string;
}) {
  const { t } = i18n;
  return (
    <Card title={<h3 style={{ margin: 0, fontSize: 16 }}>{title}</h3>} style={{ height: '100%' }}>
      {rows.length === 0 ? (
        <Empty description={t('chartEmpty')} />
      ) : (
        <Flex vertical gap={12}>
          <EChart
            option={option}
            label={t('chartAria', { title, summary: summaryOf(rows) })}
            height={Math.max(120, rows.length * 40 + 20)}
            testId={testId}
          />
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            columns={[
              { title: column, dataIndex: 'label' },
              { title: t('colCount'), dataIndex: 'count', align: 'right' },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}

interface ChildRow {
  code: string;
  name: string;
  stats?: Statistics;
  failed: boolean;
}

function Children({ rows, i18n }: { rows: ChildRow[]; i18n: OversightI18n }) {
  const { t } = i18n;
  const none = t('noValue');
  const figure = (row: ChildRow, value: (s: Statistics) => string | number) =>
    row.stats ? value(row.stats) : row.failed ? t('childFailed') : '…';
  return (
    <Card
      title={<h3 style={{ margin: 0, fontSize: 16 }}>{t('childrenTitle')}</h3>}
      extra={<Typography.Text type="secondary">{t('childrenHelp')}</Typography.Text>}
    >
      <Table<ChildRow>
        size="small"
        pagination={false}
        rowKey="code"
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('colDivision'),
            dataIndex: 'name',
            render: (_, row) => (
              <Link to={`?division=${row.code}`} aria-label={t('drillInto', { name: row.name })}>
                {row.name}
              </Link>
            ),
          },
          { title: t('colElderly'), align: 'right', render: (_, row) => figure(row, (s) => s.agreementCoverage.elderlyCareInstitutions) },
          { title: t('colCovered'), align: 'right', render: (_, row) => figure(row, (s) => s.agreementCoverage.covered) },
          { title: t('colCoverage'), align: 'right', render: (_, row) => figure(row, (s) => percent(s.agreementCoverage.share, none)) },
          {
            title: t('colWithinDeadline'),
            align: 'right',
            render: (_, row) => figure(row, (s) => percent(s.responses.shareWithinDeadline, none)),
          },
          { title: t('colOpenFindings'), align: 'right', render: (_, row) => figure(row, openFindingsTotal) },
          { title: t('colRefused'), align: 'right', render: (_, row) => figure(row, (s) => s.refusedOutsideAgreement) },
        ]}
      />
    </Card>
  );
}

export default StatisticsPage;
