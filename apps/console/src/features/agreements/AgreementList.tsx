/**
 * The institution's agreements by filter (in force, ending within 30 days, drafts, awaiting
 * countersignature, for us to answer, ended, all), each filter with its count: the administrator's
 * overview. The other party by name (one cached registry read per institution), dates as China dates.
 */
import { Link, useSearchParams } from 'react-router';
import { Badge, Flex, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../shared/time';
import { partiesOf, useAgreementList, useFilterCounts, useInstitutions } from './api';
import { AgreementProblem } from './AgreementProblem';
import { useAgreementsI18n, type AgreementsI18n } from './i18n';
import {
  chinaToday,
  counterpartyOf,
  daysBetween,
  EXPIRING_WITHIN_DAYS,
  movesFor,
  sideOf,
  STATUS_COLOURS,
  type AgreementRow,
  type FilterKey,
} from './model';
import { MorePages } from '../../shared/MorePages';

const COUNTED: FilterKey[] = ['attention', 'inForce', 'expiring', 'drafts', 'submitted'];

/** The list's address with one agreement open (the filter kept, for the way back). */
const withAgreement = (params: URLSearchParams, id: string) => {
  const next = new URLSearchParams(params);
  next.set('agreement', id);
  return `?${next.toString()}`;
};

export function AgreementList({
  filter,
  filters,
  onFilter,
}: {
  filter: FilterKey;
  filters: FilterKey[];
  onFilter: (f: FilterKey) => void;
}) {
  const i18n = useAgreementsI18n();
  const { t } = i18n;
  const counts = useFilterCounts(filters.filter((f) => COUNTED.includes(f)));
  return (
    <Tabs
      activeKey={filter}
      onChange={(k) => onFilter(k as FilterKey)}
      destroyOnHidden
      aria-label={t('filtersLabel')}
      items={filters.map((f) => {
        const c = counts[f];
        return {
          key: f,
          label: (
            <Flex align="center" gap={6}>
              {t(`filter_${f}`)}
              {c && c.count > 0 ? (
                <Badge
                  count={c.more ? `${c.count}+` : c.count}
                  overflowCount={999}
                  color={f === 'attention' || f === 'expiring' ? '#a8071a' : '#0f6e56'}
                  aria-label={c.more ? t('summaryMany', { count: c.count }) : t('summaryCount', { count: c.count })}
                />
              ) : null}
            </Flex>
          ),
          children: <FilteredTable filter={f} i18n={i18n} />,
        };
      })}
    />
  );
}

function FilteredTable({ filter, i18n }: { filter: FilterKey; i18n: AgreementsI18n }) {
  const { t, labels, lang } = i18n;
  const { principal } = useSession();
  const [params] = useSearchParams();
  const list = useAgreementList(filter);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const names = useInstitutions(partiesOf(rows));
  const today = chinaToday();
  const nameOf = (id: string) => names.get(id)?.data?.name ?? (names.get(id)?.failed ? t('unknownInstitution') : '…');

  const columns: TableColumnsType<AgreementRow> = [
    {
      title: t('colCounterparty'),
      key: 'counterparty',
      render: (_, a) => {
        const name = nameOf(counterpartyOf(a, principal.institutionId));
        return (
          <Link to={{ search: withAgreement(params, a.id) }} aria-label={t('openAgreement', { name })}>
            {name}
          </Link>
        );
      },
    },
    { title: t('colMode'), dataIndex: 'mode', render: (m: AgreementRow['mode']) => labels.mode[m] },
    {
      title: t('colTerm'),
      key: 'term',
      render: (_, a) => {
        const left = daysBetween(today, a.term.effectiveTo);
        return (
          <Flex vertical>
            <span style={{ whiteSpace: 'nowrap' }}>{t('termRange', { from: a.term.effectiveFrom, to: a.term.effectiveTo })}</span>
            {a.status === 'ACTIVE' && left >= 0 && left <= EXPIRING_WITHIN_DAYS ? (
              <Typography.Text style={{ color: '#a8071a' }}>{t('daysLeft', { days: left })}</Typography.Text>
            ) : null}
          </Flex>
        );
      },
    },
    {
      title: t('colStatus'),
      key: 'status',
      render: (_, a) => <StatusTags row={a} i18n={i18n} />,
    },
    {
      title: t('colUpdated'),
      dataIndex: 'updatedAt',
      render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at, lang)}</span>,
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t(`filterHelp_${filter}`)}</Typography.Text>
      {list.error ? <AgreementProblem error={list.error} t={t} onRetry={() => void list.refetch()} /> : null}
      <Table<AgreementRow>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={list.isPending && !list.error}
        pagination={false}
        locale={{ emptyText: list.isPending ? t('loading') : t('noAgreements') }}
        scroll={{ x: 'max-content' }}
      />
      <MorePages pages={list} more={t('loadMore')} count={t('listCount', { count: rows.length })} />
    </Flex>
  );
}

function StatusTags({ row: a, i18n }: { row: AgreementRow; i18n: AgreementsI18n }) {
  const { t, labels } = i18n;
  const { principal } = useSession();
  const side = sideOf(a, principal);
  const moves = movesFor(a, side);
  return (
    <Flex gap={4} wrap>
      <Tag color={STATUS_COLOURS[a.status]}>{labels.status[a.status]}</Tag>
      {moves.countersign ? <Tag color="#a8071a">{t('tagToCountersign')}</Tag> : null}
      {moves.awaitingOther ? <Tag>{t('tagAwaitingOther')}</Tag> : null}
      {a.pendingAmendment ? (
        <Tag color={moves.answerAmendment ? '#a8071a' : undefined}>
          {moves.answerAmendment ? t('tagAmendmentToAnswer') : t('tagAmendmentPending')}
        </Tag>
      ) : null}
      {a.termination ? <Tag color="#ad4e00">{t('tagNoticeGiven', { date: a.termination.effectiveOn })}</Tag> : null}
      {a.sanctions.length ? <Tag color="#a8071a">{t('tagSanctioned')}</Tag> : null}
      {a.predecessorId ? <Tag>{t('tagRenewal')}</Tag> : null}
    </Flex>
  );
}
