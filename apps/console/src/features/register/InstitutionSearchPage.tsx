/**
 * The registrar's register (and every other role's institution directory): filters, a list loaded a
 * page at a time, and a drawer with one institution's details. Filters and the open institution live
 * in the URL; what is typed but not yet searched is kept as a draft.
 *
 * The directory also shows each institution's free beds, and, where this deployment has map tiles
 * (CONSOLE_MAP_TILES), a switch puts the list's institutions on a map above the list (`?view=map`,
 * src/features/map/, Leaflet loaded only then). Without tiles there is no switch and no tile is fetched.
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Flex, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ApiProblem, describeProblem } from '../../api/problem';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { useFormDraft } from '../../shared/useFormDraft';
import { jurisdictionRule, nearRule } from '../../shared/validation';
import { InstitutionDrawer } from './InstitutionDrawer';
import {
  STATUS_COLOURS,
  filtersFromSearch,
  searchFromFilters,
  useInstitutionSearch,
  type Filters,
  type Institution,
  type InstitutionRow,
} from './search';
import { MorePages } from '../../shared/MorePages';
import { configuredMapTiles } from '../map/config';
import { useMapI18n } from '../map/i18n';
import { MapPanel } from '../map/MapPanel';
import { freeBedsText } from '../map/model';

/** The API's field names → this form's labels (for the service's field errors). */
const FIELD_LABELS: Record<string, MessageKey> = {
  category: 'filterCategory',
  kind: 'filterKind',
  capability: 'filterCapability',
  status: 'filterStatus',
  division: 'filterDivision',
  near: 'filterNear',
  radiusKm: 'filterRadius',
};

export function InstitutionSearchPage({
  mode,
  tools,
}: {
  mode: 'register' | 'directory';
  /** the registrar's: a button to register an institution, and the drawer's actions and accounts */
  tools?: {
    /** more buttons before the registration button (the bulk import's) */
    extra?: ReactNode;
    onNew: () => void;
    newLabel: string;
    actions: (institution: Institution) => ReactNode;
    below: (institution: Institution) => ReactNode;
  };
}) {
  const { t, lang, labels } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const openId = params.get('institution') ?? undefined;
  const draft = useFormDraft<Filters>(`institution-search.${mode}`);
  const [form] = Form.useForm<Filters>();
  const search = useInstitutionSearch(filters);
  const fieldLabel = (field: string) => (FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field);
  const { t: mt } = useMapI18n();
  // the map is the directory's (finding an institution near a home); the register is the list alone
  const tiles = useMemo(() => (mode === 'directory' ? configuredMapTiles() : undefined), [mode]);
  const showMap = !!tiles && params.get('view') === 'map';

  // a refusal that names one of the filters is shown under that filter
  useEffect(() => {
    if (!(search.error instanceof ApiProblem)) return;
    const { fields } = describeProblem(search.error, t, fieldLabel);
    const known = fields.filter((f) => f.field in FIELD_LABELS);
    if (known.length > 0) form.setFields(known.map((f) => ({ name: f.field as keyof Filters, errors: [f.message] })));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search.error]);

  const options = <K extends keyof typeof labels>(kind: K) =>
    Object.entries(labels[kind]).map(([value, label]) => ({ value, label: label as string }));

  const rows = search.data?.pages.flatMap((p) => p.items) ?? [];
  const withDistance = !!filters.near;

  const columns: TableColumnsType<InstitutionRow> = [
    {
      title: t('colName'),
      dataIndex: 'name',
      render: (name: string, row) => (
        <Link to={{ search: withInstitution(row.id).toString() }} aria-label={`${t('details')}：${name}`}>
          {name}
        </Link>
      ),
    },
    { title: t('colCategory'), dataIndex: 'category', render: (v: InstitutionRow['category']) => labels.category[v] },
    { title: t('colKind'), dataIndex: 'kind', render: (v: InstitutionRow['kind']) => labels.kind[v] },
    { title: t('colDivision'), dataIndex: 'divisionCode', render: (code: string, row) => row.divisionName ?? code },
    {
      title: t('colStatus'),
      dataIndex: 'status',
      render: (v: InstitutionRow['status']) => <Tag color={STATUS_COLOURS[v]}>{labels.status[v]}</Tag>,
    },
    ...(withDistance
      ? [
          {
            title: t('colDistance'),
            dataIndex: 'distanceKm',
            align: 'right' as const,
            render: (d?: number) => (d === undefined ? '' : t('km', { value: d.toFixed(1) })),
          },
        ]
      : []),
    ...(mode === 'directory'
      ? [{ title: mt('colFreeBeds'), key: 'freeBeds', render: (_: unknown, row: InstitutionRow) => freeBedsText(row, mt) ?? '—' }]
      : []),
  ];

  function withInstitution(id: string | undefined): URLSearchParams {
    const next = new URLSearchParams(params);
    if (id) next.set('institution', id);
    else next.delete('institution');
    return next;
  }

  const open = (id: string | undefined) => setParams(withInstitution(id));

  /** the map shown or not: kept in the URL beside the filters */
  function keepView(next: URLSearchParams): URLSearchParams {
    if (params.get('view') === 'map') next.set('view', 'map');
    return next;
  }

  function toggleMap(on: boolean) {
    const next = new URLSearchParams(params);
    if (on) next.set('view', 'map');
    else next.delete('view');
    setParams(next);
  }

  function apply(values: Filters) {
    draft.save(values);
    const next = keepView(searchFromFilters(values));
    if (openId) next.set('institution', openId);
    setParams(next);
  }

  function reset() {
    draft.clear();
    form.resetFields();
    form.setFieldsValue({
      category: undefined,
      kind: undefined,
      capability: undefined,
      status: undefined,
      division: undefined,
      near: undefined,
      radiusKm: undefined,
    });
    setParams(keepView(new URLSearchParams()));
  }

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {mode === 'register' ? t('registerTitle') : t('directoryTitle')}
        </Typography.Title>
        {tools ? (
          <Space wrap>
            {tools.extra}
            <Button type="primary" icon={<PlusOutlined />} onClick={tools.onNew}>
              {tools.newLabel}
            </Button>
          </Space>
        ) : null}
      </Flex>
      <Card size="small">
        <Form<Filters>
          form={form}
          layout="vertical"
          initialValues={{ ...filters, ...draft.initial }}
          onValuesChange={(_, all) => draft.save(all)}
          onFinish={apply}
          aria-label={t('search')}
        >
          <Flex wrap gap={16} align="start">
            <Form.Item name="category" label={t('filterCategory')} style={{ minWidth: 180 }}>
              <Select allowClear placeholder={t('any')} options={options('category')} />
            </Form.Item>
            <Form.Item name="kind" label={t('filterKind')} style={{ minWidth: 200 }}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('any')} options={options('kind')} />
            </Form.Item>
            <Form.Item name="capability" label={t('filterCapability')} style={{ minWidth: 160 }}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('any')} options={options('capability')} />
            </Form.Item>
            <Form.Item name="status" label={t('filterStatus')} style={{ minWidth: 120 }}>
              <Select allowClear placeholder={t('any')} options={options('status')} />
            </Form.Item>
            <Form.Item
              name="division"
              label={t('filterDivision')}
              extra={t('filterDivisionHelp')}
              rules={[jurisdictionRule(t)]}
              style={{ width: 220 }}
            >
              <Input inputMode="numeric" maxLength={6} allowClear />
            </Form.Item>
            <Form.Item name="near" label={t('filterNear')} extra={t('filterNearHelp')} rules={[nearRule(t)]} style={{ width: 220 }}>
              <Input allowClear />
            </Form.Item>
            <Form.Item
              name="radiusKm"
              label={t('filterRadius')}
              dependencies={['near']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_: unknown, value: number | undefined) => {
                    if (value !== undefined && value !== null && !getFieldValue('near')) throw new Error(t('radiusNeedsNear'));
                  },
                }),
              ]}
              style={{ width: 140 }}
            >
              <InputNumber min={0.1} max={500} step={1} style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('search')}
            </Button>
            <Button onClick={reset}>{t('reset')}</Button>
          </Space>
        </Form>
      </Card>
      {search.error ? <ProblemAlert error={search.error} onRetry={() => void search.refetch()} fieldLabel={fieldLabel} /> : null}
      {tiles ? (
        <Flex align="center" gap={8}>
          <Switch id={`institution-map-${mode}`} checked={showMap} onChange={toggleMap} />
          <label htmlFor={`institution-map-${mode}`}>{mt('showMap')}</label>
        </Flex>
      ) : null}
      {tiles && showMap && !search.error ? (
        <MapPanel
          tiles={tiles}
          institutions={rows}
          near={filters.near}
          radiusKm={filters.radiusKm}
          loading={search.isPending}
          onDetails={(id) => open(id)}
        />
      ) : null}
      <Table<InstitutionRow>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={search.isPending && !search.error}
        pagination={false}
        locale={{ emptyText: search.isPending ? t('loading') : t('noInstitutions') }}
        onRow={(row) => ({ onDoubleClick: () => open(row.id) })}
        scroll={{ x: 'max-content' }}
      />
      <MorePages pages={search} more={t('loadMore')} count={t('resultCount', { count: rows.length })} />
      <InstitutionDrawer id={openId} lang={lang} onClose={() => open(undefined)} actions={tools?.actions} below={tools?.below} />
    </Flex>
  );
}

export default InstitutionSearchPage;
