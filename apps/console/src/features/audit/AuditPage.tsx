/**
 * 审计记录: the audit trail of the registry, the agreements and the referrals (ADR 0012), each read
 * from the service that keeps it and offered only to those it answers. Filters the API takes (China
 * dates, action, actor, institution, one record) are kept in the address, so a filtered trail can be
 * bookmarked or sent; newest first, a page at a time; each entry in words (who, what, which record,
 * the fields changed, why) and a drawer with all of it (?entry=<id>); 导出 CSV fetches the service's
 * own file with the same filters and the person's token.
 */
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, DatePicker, Empty, Flex, Form, Segmented, Select, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useSession } from '../../auth/session';
import { useFileCaller } from '../../shared/FileTransfer';
import { MorePages } from '../../shared/MorePages';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { formatDateTime } from '../../shared/time';
import { exportCsv, useAuditEntries, useInstitutionNames, useInstitutionSearch } from './api';
import { AuditDrawer } from './AuditDrawer';
import { actionWords, describeEntry, institutionWords, recordWords, type DescribedEntry } from './describe';
import { useAuditI18n, type AuditTranslate } from './i18n';
import {
  ACTIONS,
  hasFilter,
  institutionsOf,
  searchFromView,
  shortRef,
  sourcesFor,
  switchSource,
  viewFromSearch,
  type AuditEntry,
  type AuditFilter,
  type AuditView,
  type Source,
} from './model';

const DATE_FORMAT = 'YYYY-MM-DD';

/** Today in China (the API's dates are China dates), for the export's fallback name. */
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function Problem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useAuditI18n();
  return <ProblemAlert error={error} onRetry={onRetry} t={t} />;
}

export function AuditPage() {
  const i18n = useAuditI18n();
  const { t, lang, L } = i18n;
  const { principal } = useSession();
  const sources = useMemo(() => sourcesFor(principal), [principal]);
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => viewFromSearch(params, sources), [params, sources]);
  const { source, filter } = view;
  const entries = useAuditEntries(source, filter);
  const rows = useMemo(() => entries.data?.pages.flatMap((p) => p.items) ?? [], [entries.data]);
  const nameOf = useInstitutionNames([...rows.flatMap(institutionsOf), filter.institution]);
  const name = (id: string) => nameOf(id);
  // in words again on each render: the names arrive one by one after the entries
  const described = new Map(rows.map((e) => [e.id, describeEntry(e, source, name, i18n)]));
  const caller = useFileCaller();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>();

  const go = (next: AuditView) => setParams(searchFromView(next));
  const setFilter = (patch: Partial<AuditFilter>) => {
    const merged: AuditFilter = { ...filter, ...patch };
    for (const k of Object.keys(merged) as (keyof AuditFilter)[]) if (!merged[k]) delete merged[k];
    setExportError(undefined);
    go({ source, filter: merged });
  };
  const openEntry = (id: string | undefined) => go({ ...view, ...(id ? { entry: id } : { entry: undefined }) });

  async function download() {
    setExporting(true);
    setExportError(undefined);
    try {
      await exportCsv(caller, source, filter, `audit-${source}-${chinaToday()}.csv`);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  }

  const scope =
    principal.roles.includes('registrar') && source === 'institution'
      ? t('auditScopeAll')
      : principal.roles.includes('regulator') && principal.division
        ? t('auditScopeJurisdiction')
        : t('auditScopeInstitution');
  const resourceEntry = filter.resource ? rows.find((e) => e.resourceId === filter.resource) : undefined;
  const resourceWords = resourceEntry
    ? recordWords(source, resourceEntry, name, t)
    : filter.resource
      ? t('recordRef', { ref: shortRef(filter.resource) })
      : '';
  const openRow = view.entry ? rows.find((e) => e.id === view.entry) : undefined;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <Flex vertical gap={4}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('auditTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 760 }}>
            {t('auditIntro')}
          </Typography.Paragraph>
        </Flex>
        <Tooltip title={t('exportCsvHelp')}>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void download()} aria-describedby="audit-export-help">
            {t('exportCsv')}
          </Button>
        </Tooltip>
        <span id="audit-export-help" hidden>
          {t('exportCsvHelp')}
        </span>
      </Flex>
      {exportError ? <Problem error={exportError} /> : null}
      <Flex align="center" gap={12} wrap>
        {sources.length > 1 ? (
          <Segmented<Source>
            aria-label={t('auditSourceLabel')}
            value={source}
            onChange={(s) => go(switchSource(view, s))}
            options={sources.map((s) => ({ value: s, label: t(`source_${s}`) }))}
          />
        ) : (
          <Typography.Text strong>{t(`source_${source}`)}</Typography.Text>
        )}
        <Typography.Text type="secondary">{scope}</Typography.Text>
      </Flex>
      <Card>
        <Form layout="inline" aria-label={t('filtersLabel')} role="search" style={{ rowGap: 12 }}>
          <Form.Item label={t('filterFrom')} htmlFor="audit-from">
            <DatePicker
              id="audit-from"
              format={DATE_FORMAT}
              value={filter.from ? dayjs(filter.from) : null}
              disabledDate={(d: Dayjs) => !!filter.to && d.format(DATE_FORMAT) > filter.to}
              onChange={(d: Dayjs | null) => setFilter({ from: d ? d.format(DATE_FORMAT) : undefined })}
              style={{ width: 150 }}
            />
          </Form.Item>
          <Form.Item label={t('filterTo')} htmlFor="audit-to">
            <DatePicker
              id="audit-to"
              format={DATE_FORMAT}
              value={filter.to ? dayjs(filter.to) : null}
              disabledDate={(d: Dayjs) => !!filter.from && d.format(DATE_FORMAT) < filter.from}
              onChange={(d: Dayjs | null) => setFilter({ to: d ? d.format(DATE_FORMAT) : undefined })}
              style={{ width: 150 }}
            />
          </Form.Item>
          <Form.Item label={t('filterAction')} htmlFor="audit-action">
            <Select
              id="audit-action"
              style={{ width: 220 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={filter.action ?? ''}
              onChange={(v: string) => setFilter({ action: v || undefined })}
              options={[
                { value: '', label: t('filterAny') },
                ...(ACTIONS[source] as readonly string[]).map((a) => ({ value: a, label: actionWords(source, a, L) })),
              ]}
            />
          </Form.Item>
          <ActorFilter
            value={filter.actor}
            me={principal.sub}
            chosenName={filter.actor ? rows.find((e) => e.actor.id === filter.actor)?.actor.name : undefined}
            onChange={(actor) => setFilter({ actor })}
          />
          <InstitutionFilter value={filter.institution} nameOf={name} onChange={(institution) => setFilter({ institution })} />
          {hasFilter(filter) ? (
            <Form.Item>
              <Button type="link" onClick={() => go({ source, filter: {} })}>
                {t('filterClear')}
              </Button>
            </Form.Item>
          ) : null}
        </Form>
      </Card>
      {filter.resource ? (
        <Alert
          type="info"
          showIcon
          title={t('filterResource', { record: resourceWords })}
          action={
            <Button size="small" onClick={() => setFilter({ resource: undefined })}>
              {t('filterResourceClear')}
            </Button>
          }
        />
      ) : null}
      {entries.error ? <Problem error={entries.error} onRetry={() => void entries.refetch()} /> : null}
      <Card>
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          loading={entries.isPending && !entries.error}
          dataSource={entries.error ? [] : rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={hasFilter(filter) ? t('entriesEmptyFiltered') : t('entriesEmpty')} /> }}
          columns={columns(t, lang, (e) => described.get(e.id), openEntry)}
        />
        <MorePages pages={entries} more={t('entriesMore')} count={t('entriesCount', { count: rows.length })} style={{ marginTop: 12 }} />
      </Card>
      <AuditDrawer
        open={!!view.entry}
        entry={openRow}
        source={source}
        nameOf={name}
        onClose={() => openEntry(undefined)}
        onOnlyActor={(e) => go({ source, filter: { ...filter, actor: e.actor.id } })}
        onOnlyRecord={(e) => go({ source, filter: { ...filter, resource: e.resourceId } })}
      />
    </Flex>
  );
}

function columns(
  t: AuditTranslate,
  lang: 'zh' | 'en',
  describe: (e: AuditEntry) => DescribedEntry | undefined,
  open: (id: string) => void,
) {
  const secondary = (text: string | undefined) =>
    text ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {text}
      </Typography.Text>
    ) : null;
  return [
    {
      key: 'time',
      title: t('colTime'),
      render: (_: unknown, e: AuditEntry) => (
        <time dateTime={e.at} style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(e.at, lang)}
        </time>
      ),
    },
    {
      key: 'actor',
      title: t('colActor'),
      render: (_: unknown, e: AuditEntry) => {
        const d = describe(e);
        return (
          <Flex vertical gap={0} style={{ width: 170, whiteSpace: 'normal' }}>
            <span>{d?.who}</span>
            {secondary([d?.role, d?.actorInstitution].filter(Boolean).join(' · '))}
          </Flex>
        );
      },
    },
    {
      key: 'action',
      title: t('colAction'),
      render: (_: unknown, e: AuditEntry) => {
        const d = describe(e);
        return (
          <Flex vertical gap={2} style={{ width: 230, whiteSpace: 'normal' }}>
            <Typography.Text strong>{d?.action}</Typography.Text>
            {(d?.changes ?? []).map((c) => (
              <span key={c}>{c}</span>
            ))}
            {d?.reason ? <span>{t('reasonLine', { reason: d.reason })}</span> : null}
          </Flex>
        );
      },
    },
    {
      key: 'record',
      title: t('colRecord'),
      render: (_: unknown, e: AuditEntry) => {
        const d = describe(e);
        return (
          <Flex vertical gap={0} style={{ width: 210, whiteSpace: 'normal' }}>
            <span>{d?.record}</span>
            {secondary(d?.recordRef)}
          </Flex>
        );
      },
    },
    {
      key: 'open',
      title: t('colOpen'),
      render: (_: unknown, e: AuditEntry) => (
        <Button
          size="small"
          autoInsertSpace={false}
          onClick={() => open(e.id)}
          aria-label={t('openEntry', { sentence: describe(e)?.sentence ?? '' })}
        >
          {t('open')}
        </Button>
      ),
    },
  ];
}

/** The actor: anyone, me, the system, or the person chosen from an entry (named by the entries). */
function ActorFilter({
  value,
  me,
  chosenName,
  onChange,
}: {
  value: string | undefined;
  me: string;
  chosenName: string | null | undefined;
  onChange: (actor: string | undefined) => void;
}) {
  const { t } = useAuditI18n();
  const options = [
    { value: '', label: t('filterAny') },
    ...(me ? [{ value: me, label: t('filterActorMe') }] : []),
    { value: 'system', label: t('filterActorSystem') },
  ];
  if (value && !options.some((o) => o.value === value))
    options.push({ value, label: t('filterActorChosen', { name: chosenName || shortRef(value) }) });
  return (
    <Form.Item label={t('filterActor')} htmlFor="audit-actor">
      <Select
        id="audit-actor"
        style={{ width: 220 }}
        value={value ?? ''}
        onChange={(v: string) => onChange(v || undefined)}
        options={options}
      />
    </Form.Item>
  );
}

/** The institution concerned (as either party): searched by name in the registry, shown by name. */
function InstitutionFilter({
  value,
  nameOf,
  onChange,
}: {
  value: string | undefined;
  nameOf: (id: string) => string | undefined;
  onChange: (institution: string | undefined) => void;
}) {
  const { t } = useAuditI18n();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useInstitutionSearch(q);
  const options = (found.data ?? []).map((i) => ({ value: i.id, label: i.name }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: institutionWords(value, nameOf, t) });
  return (
    <Form.Item label={t('filterInstitution')} htmlFor="audit-institution">
      <Select
        id="audit-institution"
        style={{ width: 260 }}
        allowClear
        showSearch={{ filterOption: false, onSearch: setTyped }}
        placeholder={t('filterInstitutionSearch')}
        value={value}
        onChange={(v: string | undefined) => {
          setTyped('');
          onChange(v || undefined);
        }}
        loading={found.isFetching}
        notFoundContent={q.trim() ? (found.isFetching ? t('filterInstitutionSearching') : t('filterInstitutionNone')) : null}
        options={options}
      />
    </Form.Item>
  );
}

export default AuditPage;
