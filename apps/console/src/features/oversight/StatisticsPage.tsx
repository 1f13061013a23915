/**
 * The regulator's statistics. Over a chosen period (China dates, by day, week or month, as all, sent
 * or received referrals; kept in the address with the division): key figures, referrals requested over
 * time, wait times (as the API approximates them: "≤ bucket"), rejection reasons. Since the start: the
 * agreement coverage, referrals by current status, open findings by rule. The divisions inside the one
 * shown (province → city → county, kept in the address) with the period's figures from one breakdown
 * request and their own current totals. Every chart is an image with its numbers in words and the same
 * numbers as a table; every figure on the page as a CSV made in the browser, and the server's own CSV of
 * the series.
 */
import { useMemo, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Breadcrumb, Button, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Tooltip, Typography } from 'antd';
import { CloudDownloadOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useSession } from '../../auth/session';
import { FileDownloadButton } from '../../shared/FileTransfer';
import { formatDateTime } from '../../shared/time';
import { useBreakdown, useChildStatistics, useStatistics } from './api';
import { downloadCsv, toCsv } from './csv';
import { useDivisions } from './divisions';
import {
  childRows,
  childViews,
  countsOption,
  findingRows,
  percent,
  referralRows,
  referralsOption,
  rejectionRows,
  seriesOption,
  seriesRows,
  seriesSummary,
  statisticsCsvRows,
  summaryOf,
  waitRows,
  waitSummary,
  waitsOption,
  type ChildRow,
  type CountRow,
} from './figures';
import { useOversightI18n, type OversightI18n } from './i18n';
import { divisionWithin, openFindingsTotal, type Side, type Statistics, type Views } from './model';
import { chinaToday, daysOf, paramsWith, periodFromParams, sideFromParams, statisticsCsvPath, type Period } from './period';
import { boundsOf } from './waits';
import { EChart } from './EChart';
import { OversightProblem } from './OversightProblem';
import { PeriodPicker } from './PeriodPicker';

/** The levels from the person's own jurisdiction down to the division shown (35 → 3501 → 350102). */
function levels(own: string, current: string): string[] {
  return [2, 4, 6].filter((n) => n >= own.length && n <= current.length).map((n) => current.slice(0, n));
}

const cardTitle = (text: string) => <h4 style={{ margin: 0, fontSize: 16 }}>{text}</h4>;

export function StatisticsPage() {
  const i18n = useOversightI18n();
  const { t, L } = i18n;
  const { principal } = useSession();
  const own = principal.division ?? '';
  const [params, setParams] = useSearchParams();
  const today = useMemo(() => chinaToday(), []);
  const division = divisionWithin(params.get('division'), own) ?? own;
  const period = useMemo(() => periodFromParams(params, today), [params, today]);
  const side = sideFromParams(params);
  const divisions = useDivisions();
  const name = (code: string) => divisions?.name(code) ?? code;
  const stats = useStatistics(division, period);
  const known = useMemo(() => divisions?.children(division) ?? [], [divisions, division]);
  const breakdown = useBreakdown(division, period, division.length < 6);
  const childStats = useChildStatistics(
    known.map((c) => c.code),
    period,
  );
  const children = childRows(known, breakdown.data, (code) => childStats[known.findIndex((c) => c.code === code)], !!breakdown.error);
  const link = (change: { division: string }) => `?${paramsWith(params, change, today).toString()}`;
  const shown = stats.data?.period ?? { ...period, timeZone: 'Asia/Shanghai' as const };

  const exportCsv = () => {
    if (!stats.data) return;
    const rows = statisticsCsvRows({ code: division, name: name(division), stats: stats.data }, children, !!breakdown.data, t, L);
    const stamp = formatDateTime(new Date(), 'zh').replace(/[-: ]/g, '').slice(0, 12);
    const days = `${shown.from.replace(/-/g, '')}-${shown.to.replace(/-/g, '')}`;
    downloadCsv(`${t('statsTitle')}-${name(division)}-${days}-${stamp}.csv`, toCsv(rows));
  };

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12} wrap justify="space-between">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('statsTitle')}
        </Typography.Title>
        <Flex gap={8} wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void stats.refetch()} loading={stats.isFetching && !stats.isPending}>
            {t('statsRefresh')}
          </Button>
          <Tooltip title={t('exportCsvHelp')}>
            <Button icon={<DownloadOutlined />} onClick={exportCsv} disabled={!stats.data}>
              {t('exportCsv')}
            </Button>
          </Tooltip>
          <Tooltip title={t('exportServerCsvHelp')}>
            <FileDownloadButton
              type="primary"
              icon={<CloudDownloadOutlined />}
              path={statisticsCsvPath(division, period)}
              fallbackName={`statistics-${division}-${period.from}-${period.to}-${period.granularity}.csv`}
            >
              {t('exportServerCsv')}
            </FileDownloadButton>
          </Tooltip>
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('statsIntro')}
      </Typography.Paragraph>
      <nav aria-label={t('statsBreadcrumb')}>
        <Breadcrumb
          items={levels(own, division).map((code) => ({
            title:
              code === division ? <span aria-current="page">{name(code)}</span> : <Link to={link({ division: code })}>{name(code)}</Link>,
          }))}
        />
      </nav>
      <Card size="small">
        <PeriodPicker
          period={period}
          side={side}
          today={today}
          i18n={i18n}
          onPeriod={(p: Period) => setParams(paramsWith(params, { period: p }, today))}
          onSide={(s: Side) => setParams(paramsWith(params, { side: s }, today))}
        />
      </Card>
      <Alert
        type="info"
        showIcon
        title={t('statsScope', { place: name(division) })}
        description={t('periodShown', {
          from: shown.from,
          to: shown.to,
          days: daysOf(shown),
          granularity: t(`granularity_${shown.granularity}`),
        })}
      />
      {stats.error ? <OversightProblem error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {stats.isPending && !stats.error ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {stats.data ? <PeriodFigures stats={stats.data} side={side} i18n={i18n} /> : null}
      {stats.data ? <CurrentFigures stats={stats.data} i18n={i18n} /> : null}
      {stats.data && children.length > 0 ? (
        <Children rows={children} side={side} breakdownRead={!!breakdown.data} link={link} i18n={i18n} />
      ) : null}
    </Flex>
  );
}

function Section({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <Flex vertical gap={16}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {note ? <Typography.Text type="secondary">{note}</Typography.Text> : null}
        </div>
        {children}
      </Flex>
    </section>
  );
}

/** The chosen period's figures, as the chosen side counts them. */
function PeriodFigures({ stats, side, i18n }: { stats: Statistics; side: Side; i18n: OversightI18n }) {
  const { t, L } = i18n;
  const f = stats.range[side];
  const bounds = boundsOf(stats.waitTimes);
  const series = useMemo(() => seriesRows(stats, t), [stats, t]);
  const seriesChart = useMemo(() => seriesOption(series, t), [series, t]);
  const waits = useMemo(() => waitRows(f, bounds, t), [f, bounds, t]);
  const waitsChart = useMemo(() => waitsOption(waits, bounds, t), [waits, bounds, t]);
  const rejections = useMemo(() => rejectionRows(f.rejectionReasons, L), [f, L]);
  const rejectionsChart = useMemo(() => countsOption(rejections, '#b35c00'), [rejections]);
  const none = t('noValue');
  const anySeries = series.some((r) => r.total || r.sent || r.received);
  const anyWait = waits.some((w) => w.count > 0);

  return (
    <Section title={t('sectionPeriodSide', { side: t(`side_${side}`) })}>
      <Row gutter={[16, 16]}>
        <Kpi
          title={t('kpiRequested')}
          value={String(f.requested.total)}
          detail={t('kpiRequestedDetail', { up: f.requested.UP ?? 0, down: f.requested.DOWN ?? 0 })}
        />
        <Kpi
          title={t('kpiOnTime')}
          value={percent(f.onTimeRate, none)}
          detail={t('kpiOnTimeDetail', { answered: f.answered, within: f.answeredWithinDeadline, overdue: f.overdue })}
        />
        <Kpi
          title={t('kpiAcceptance')}
          value={percent(f.acceptanceRate, none)}
          detail={t('kpiAcceptanceDetail', { accepted: f.accepted, rejected: f.rejected })}
        />
        <Kpi title={t('kpiArrived')} value={String(f.arrived)} detail={t('kpiArrivedDetail', { received: f.received })} />
      </Row>
      <Card title={cardTitle(t('chartSeries'))}>
        {!anySeries ? (
          <Empty description={t('chartPeriodEmpty')} />
        ) : (
          <Row gutter={[24, 16]}>
            <Col xs={24} xl={15}>
              <EChart
                option={seriesChart}
                label={t('chartAria', { title: t('chartSeries'), summary: seriesSummary(series, t) })}
                testId="chart-series"
                height={260}
              />
            </Col>
            <Col xs={24} xl={9}>
              <Table
                size="small"
                rowKey="key"
                dataSource={series}
                pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
                columns={[
                  { title: t('colPeriod'), dataIndex: 'label' },
                  { title: t('colSent'), dataIndex: 'sent', align: 'right' as const },
                  { title: t('colReceived'), dataIndex: 'received', align: 'right' as const },
                  { title: t('colTotal'), dataIndex: 'total', align: 'right' as const },
                ]}
              />
            </Col>
          </Row>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={cardTitle(t('waitTitle'))} style={{ height: '100%' }}>
            <Flex vertical gap={12}>
              <Typography.Text type="secondary">{t('waitNote')}</Typography.Text>
              {anyWait ? (
                <EChart
                  option={waitsChart}
                  label={t('chartAria', { title: t('waitTitle'), summary: waitSummary(waits, t) })}
                  testId="chart-waits"
                  height={240}
                />
              ) : (
                <Empty description={t('chartEmpty')} />
              )}
              <Table
                size="small"
                pagination={false}
                rowKey="leg"
                dataSource={waits}
                columns={[
                  { title: t('colLeg'), dataIndex: 'label' },
                  { title: t('colWaitCount'), dataIndex: 'count', align: 'right' as const },
                  { title: t('colMedian'), dataIndex: 'medianText', align: 'right' as const },
                  { title: t('colP90'), dataIndex: 'p90Text', align: 'right' as const },
                ]}
              />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <CountCard
            title={t('chartRejections')}
            column={t('colReason')}
            rows={rejections}
            option={rejectionsChart}
            testId="chart-rejections"
            i18n={i18n}
          />
        </Col>
      </Row>
    </Section>
  );
}

/** The totals since the start: coverage, answers in time, open findings, refusals, referrals by current status. */
function CurrentFigures({ stats, i18n }: { stats: Statistics; i18n: OversightI18n }) {
  const { t, L } = i18n;
  const referrals = useMemo(() => referralRows(stats, L), [stats, L]);
  const findings = useMemo(() => findingRows(stats, L), [stats, L]);
  const referralsChart = useMemo(() => referralsOption(stats, L), [stats, L]);
  const findingsChart = useMemo(() => countsOption(findings, '#c0392b'), [findings]);
  const c = stats.agreementCoverage;
  const r = stats.responses;
  const none = t('noValue');
  const referralSummary = referrals.rows
    .map((row) => `${row.label}：${referrals.directions.map((d) => `${d.label} ${row.byDirection[d.key]}`).join('，')}`)
    .join('；');

  return (
    <Section title={t('sectionCurrent')} note={t('statsCurrentNote')}>
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
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={cardTitle(t('chartReferrals'))} style={{ height: '100%' }}>
            {referrals.rows.length === 0 ? (
              <Empty description={t('chartEmpty')} />
            ) : (
              <Flex vertical gap={12}>
                <EChart
                  option={referralsChart}
                  label={t('chartAria', { title: t('chartReferrals'), summary: referralSummary })}
                  testId="chart-referrals"
                  height={200}
                />
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
              </Flex>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <CountCard
            title={t('chartFindings')}
            column={t('colRule')}
            rows={findings}
            option={findingsChart}
            testId="chart-findings"
            i18n={i18n}
          />
        </Col>
      </Row>
    </Section>
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
    <Card title={cardTitle(title)} style={{ height: '100%' }}>
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

function Children({
  rows,
  side,
  breakdownRead,
  link,
  i18n,
}: {
  rows: ChildRow[];
  side: Side;
  breakdownRead: boolean;
  link: (change: { division: string }) => string;
  i18n: OversightI18n;
}) {
  const { t } = i18n;
  const none = t('noValue');
  const overPeriod = (row: ChildRow, value: (v: Views) => string | number) => {
    const views = childViews(row, breakdownRead);
    return views ? value(views) : row.breakdownFailed ? t('childFailed') : '…';
  };
  const current = (row: ChildRow, value: (s: Statistics) => string | number) =>
    row.stats ? value(row.stats) : row.failed ? t('childFailed') : '…';
  return (
    <Card
      title={<h3 style={{ margin: 0, fontSize: 18 }}>{t('childrenTitle')}</h3>}
      extra={<Typography.Text type="secondary">{t('childrenHelp')}</Typography.Text>}
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('childrenNote')}</Typography.Text>
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
                <Link to={link({ division: row.code })} aria-label={t('drillInto', { name: row.name })}>
                  {row.name}
                </Link>
              ),
            },
            {
              title: t('colGroupPeriod'),
              children: [
                { title: t('colSent'), key: 'sent', align: 'right', render: (_, row) => overPeriod(row, (v) => v.sent.requested.total) },
                {
                  title: t('colReceived'),
                  key: 'received',
                  align: 'right',
                  render: (_, row) => overPeriod(row, (v) => v.received.requested.total),
                },
                { title: t('colTotal'), key: 'total', align: 'right', render: (_, row) => overPeriod(row, (v) => v.total.requested.total) },
                {
                  title: t('colOnTimeSide', { side: t(`side_${side}`) }),
                  key: 'onTime',
                  align: 'right',
                  render: (_, row) => overPeriod(row, (v) => percent(v[side].onTimeRate, none)),
                },
              ],
            },
            {
              title: t('colGroupCumulative'),
              children: [
                {
                  title: t('colElderly'),
                  key: 'elderly',
                  align: 'right',
                  render: (_, row) => current(row, (s) => s.agreementCoverage.elderlyCareInstitutions),
                },
                {
                  title: t('colCovered'),
                  key: 'covered',
                  align: 'right',
                  render: (_, row) => current(row, (s) => s.agreementCoverage.covered),
                },
                {
                  title: t('colCoverage'),
                  key: 'coverage',
                  align: 'right',
                  render: (_, row) => current(row, (s) => percent(s.agreementCoverage.share, none)),
                },
                { title: t('colOpenFindings'), key: 'findings', align: 'right', render: (_, row) => current(row, openFindingsTotal) },
                {
                  title: t('colRefused'),
                  key: 'refused',
                  align: 'right',
                  render: (_, row) => current(row, (s) => s.refusedOutsideAgreement),
                },
              ],
            },
          ]}
        />
      </Flex>
    </Card>
  );
}

export default StatisticsPage;
