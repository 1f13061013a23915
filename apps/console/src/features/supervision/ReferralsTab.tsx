/**
 * The referrals of the jurisdiction (either institution inside it), residents masked: filters kept in
 * the address, newest request first, 50 a page, the resident as the service masks them, direction,
 * priority, both institutions by name, the reason and status in words, China Standard Time; a row
 * opens the referral in a drawer (?referral=<id>); 导出 CSV the same filters.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Flex, Tag, Typography } from 'antd';
import { PriorityTag } from '../referrals/Worklist';
import { useReferralList, useRegistryNames } from './api';
import { useCsvExport } from './CsvExport';
import { ChoiceFilter, DayFilter, DivisionFilter, InstitutionFilter, ManyFilter } from './Filters';
import { useSupervisionI18n } from './i18n';
import {
  DIRECTIONS,
  PRIORITIES,
  REFERRAL_STATUS_CHOICES,
  isFiltered,
  referralFilterOf,
  referralRowView,
  referralsCsvPath,
  unnamedReferralParties,
  withParam,
  withTab,
  type ReferralRowView,
} from './model';
import { ReferralDrawer } from './ReferralDrawer';
import { ListFrame } from './ListFrame';

export function ReferralsTab({ own }: { own: string }) {
  const { t, L, words } = useSupervisionI18n();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => referralFilterOf(params, own), [params, own]);
  const list = useReferralList(filter);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const registry = useRegistryNames(unnamedReferralParties(items));
  const rows = items.map((r) => referralRowView(r, words, registry));
  const openId = params.get('referral') ?? undefined;
  const csv = useCsvExport({ path: referralsCsvPath(filter), fallbackName: 'referrals.csv', help: t('exportReferralsHelp') });
  const set = (key: string, value: string | undefined) => setParams((prev) => withParam(prev, key, value));

  return (
    <ListFrame<ReferralRowView>
      filtersLabel={t('filtersReferrals')}
      filters={
        <>
          <ManyFilter
            id="referral-status"
            label={t('filterStatuses')}
            value={filter.status}
            choices={REFERRAL_STATUS_CHOICES}
            words={L.referralStatus}
            onChange={(v) => set('status', v.join(','))}
          />
          <ChoiceFilter
            id="referral-direction"
            label={t('filterDirection')}
            value={filter.direction}
            choices={DIRECTIONS}
            words={L.direction}
            width={120}
            onChange={(v) => set('direction', v)}
          />
          <ChoiceFilter
            id="referral-priority"
            label={t('filterPriority')}
            value={filter.priority}
            choices={PRIORITIES}
            words={L.priority}
            width={120}
            onChange={(v) => set('priority', v)}
          />
          <DivisionFilter id="referral-division" own={own} value={filter.division} onChange={(v) => set('division', v)} />
          <InstitutionFilter id="referral-institution" own={own} value={filter.institution} onChange={(v) => set('institution', v)} />
          <DayFilter
            id="referral-from"
            label={t('filterRequestedFrom')}
            value={filter.from}
            max={filter.to}
            onChange={(v) => set('from', v)}
          />
          <DayFilter id="referral-to" label={t('filterRequestedTo')} value={filter.to} min={filter.from} onChange={(v) => set('to', v)} />
        </>
      }
      filtered={isFiltered(filter)}
      onClear={() => setParams(withTab(new URLSearchParams(), 'referrals'))}
      list={list}
      csv={csv}
      rows={rows}
      empty={t(isFiltered(filter) ? 'referralsNoMatch' : 'referralsEmpty')}
      count={t('referralsCount', { count: rows.length })}
      drawer={<ReferralDrawer id={openId} onClose={() => set('referral', undefined)} onOpen={(id) => set('referral', id)} />}
      columns={[
        { title: t('colPatient'), key: 'patient', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{r.patient}</span> },
        {
          title: t('colDirection'),
          key: 'direction',
          render: (_, r) => (
            <Flex gap={6} align="center" style={{ whiteSpace: 'nowrap' }}>
              {r.direction}
              <PriorityTag priority={r.priority} />
            </Flex>
          ),
        },
        {
          title: t('colInstitutions'),
          key: 'institutions',
          render: (_, r) => (
            <Flex vertical gap={2}>
              <span>
                <Typography.Text type="secondary">{t('rowFrom')}</Typography.Text>
                {r.from}
              </span>
              <span>
                <Typography.Text type="secondary">{t('rowTo')}</Typography.Text>
                {r.to}
              </span>
            </Flex>
          ),
        },
        { title: t('colIndication'), key: 'indication', render: (_, r) => r.indication },
        {
          title: t('colStatus'),
          key: 'status',
          render: (_, r) => (
            <Flex vertical gap={4} align="flex-start">
              <Tag>{r.statusText}</Tag>
              {r.notes.map((n) => (
                <Typography.Text key={n} style={{ color: '#a8071a' }}>
                  {n}
                </Typography.Text>
              ))}
            </Flex>
          ),
        },
        { title: t('colRequested'), key: 'requested', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{r.requestedAt}</span> },
        {
          title: t('colActions'),
          key: 'actions',
          render: (_, r) => (
            <Button
              size="small"
              autoInsertSpace={false}
              onClick={() => set('referral', r.id)}
              aria-label={t('openReferral', { patient: r.patient, from: r.from, to: r.to })}
            >
              {t('open')}
            </Button>
          ),
        },
      ]}
    />
  );
}
