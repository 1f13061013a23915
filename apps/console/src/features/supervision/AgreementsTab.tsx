/**
 * The agreements of the jurisdiction (either party inside it; no drafts): filters kept in the address,
 * newest filing first, 50 a page, both parties by name, the mode and status in words, the term, China
 * Standard Time; a row opens the agreement in a drawer (?agreement=<id>); 导出 CSV the same filters.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Flex, Tag, Typography } from 'antd';
import { STATUS_COLOURS } from '../agreements/model';
import { useAgreementList, useRegistryNames } from './api';
import { AgreementDrawer } from './AgreementDrawer';
import { useCsvExport } from './CsvExport';
import { ChoiceFilter, DayFilter, DivisionFilter, InstitutionFilter } from './Filters';
import { useSupervisionI18n } from './i18n';
import {
  AGREEMENT_STATUS_CHOICES,
  EXPIRING_CHOICES,
  MODES,
  agreementFilterOf,
  agreementRowView,
  agreementsCsvPath,
  isFiltered,
  unnamedAgreementParties,
  withParam,
  withTab,
  type AgreementRowView,
} from './model';
import { ListFrame } from './ListFrame';

export function AgreementsTab({ own }: { own: string }) {
  const { t, L, words } = useSupervisionI18n();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => agreementFilterOf(params, own), [params, own]);
  const list = useAgreementList(filter);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const registry = useRegistryNames(unnamedAgreementParties(items));
  const rows = items.map((a) => agreementRowView(a, words, registry));
  const openId = params.get('agreement') ?? undefined;
  const csv = useCsvExport({ path: agreementsCsvPath(filter), fallbackName: 'agreements.csv', help: t('exportAgreementsHelp') });

  const set = (key: string, value: string | undefined) => setParams((prev) => withParam(prev, key, value));
  const expiringWords = Object.fromEntries(EXPIRING_CHOICES.map((d) => [String(d), t('expiringDays', { days: d })])) as Record<
    string,
    string
  >;

  return (
    <ListFrame<AgreementRowView>
      filtersLabel={t('filtersAgreements')}
      filters={
        <>
          <ChoiceFilter
            id="agreement-status"
            label={t('filterStatus')}
            value={filter.status}
            choices={AGREEMENT_STATUS_CHOICES}
            words={L.agreementStatus}
            onChange={(v) => set('status', v)}
          />
          <ChoiceFilter
            id="agreement-mode"
            label={t('filterMode')}
            value={filter.mode}
            choices={MODES}
            words={L.mode}
            width={200}
            onChange={(v) => set('mode', v)}
          />
          <DivisionFilter id="agreement-division" own={own} value={filter.division} onChange={(v) => set('division', v)} />
          <InstitutionFilter id="agreement-institution" own={own} value={filter.institution} onChange={(v) => set('institution', v)} />
          <DayFilter
            id="agreement-from"
            label={t('filterFiledFrom')}
            value={filter.from}
            max={filter.to}
            onChange={(v) => set('from', v)}
          />
          <DayFilter id="agreement-to" label={t('filterFiledTo')} value={filter.to} min={filter.from} onChange={(v) => set('to', v)} />
          <DayFilter
            id="agreement-effective-on"
            label={t('filterEffectiveOn')}
            value={filter.effectiveOn}
            onChange={(v) => set('effectiveOn', v)}
          />
          <ChoiceFilter
            id="agreement-expiring"
            label={t('filterExpiring')}
            value={filter.expiringWithinDays === undefined ? undefined : String(filter.expiringWithinDays)}
            choices={Object.keys(expiringWords)}
            words={expiringWords}
            width={150}
            onChange={(v) => set('expiring', v)}
          />
        </>
      }
      filtered={isFiltered(filter)}
      onClear={() => setParams(withTab(new URLSearchParams(), 'agreements'))}
      list={list}
      csv={csv}
      rows={rows}
      empty={t(isFiltered(filter) ? 'agreementsNoMatch' : 'agreementsEmpty')}
      count={t('agreementsCount', { count: rows.length })}
      drawer={<AgreementDrawer id={openId} onClose={() => set('agreement', undefined)} onOpen={(id) => set('agreement', id)} />}
      columns={[
        {
          title: t('colParties'),
          key: 'parties',
          render: (_, a) => (
            <Flex vertical gap={2}>
              {a.parties.map((p) => (
                <span key={p.role}>
                  <Typography.Text type="secondary">{p.roleText}：</Typography.Text>
                  {p.name}
                </span>
              ))}
            </Flex>
          ),
        },
        { title: t('colMode'), key: 'mode', render: (_, a) => a.mode },
        {
          title: t('colStatus'),
          key: 'status',
          render: (_, a) => (
            <Flex vertical gap={4} align="flex-start">
              <Tag color={STATUS_COLOURS[a.status]}>{a.statusText}</Tag>
              {a.notes.map((n) => (
                <Typography.Text key={n} style={{ color: '#a8071a' }}>
                  {n}
                </Typography.Text>
              ))}
            </Flex>
          ),
        },
        { title: t('colTerm'), key: 'term', render: (_, a) => <span style={{ whiteSpace: 'nowrap' }}>{a.term}</span> },
        { title: t('colFiled'), key: 'filed', render: (_, a) => <span style={{ whiteSpace: 'nowrap' }}>{a.filedAt}</span> },
        {
          title: t('colActions'),
          key: 'actions',
          render: (_, a) => (
            <Button
              size="small"
              autoInsertSpace={false}
              onClick={() => set('agreement', a.id)}
              aria-label={t('openAgreement', { first: a.parties[0].name, second: a.parties[1].name })}
            >
              {t('open')}
            </Button>
          ),
        },
      ]}
    />
  );
}
