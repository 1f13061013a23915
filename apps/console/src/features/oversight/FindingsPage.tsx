/**
 * The regulator's compliance findings: filters by rule, status and division (kept in the address, so a
 * filtered list can be bookmarked or sent), newest first a page at a time, each row with the rule in
 * words, the institutions concerned by name, the place, and China Standard Time; a drawer with one
 * finding's detail (?finding=<id>).
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Empty, Flex, Form, Select, Table, Tag, Typography } from 'antd';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../shared/time';
import { useFindings, useInstitutions } from './api';
import { divisionChoices, fullName, useDivisions } from './divisions';
import { FindingDrawer, InstitutionNames } from './FindingDrawer';
import { useOversightI18n } from './i18n';
import { OversightProblem } from './OversightProblem';
import { statusColour } from './status';
import { labelOf } from './messages';
import { FINDING_STATUSES, RULES, divisionWithin, isFindingStatus, isRule, partiesOf, type Finding, type FindingFilter } from './model';
import { MorePages } from '../../shared/MorePages';

export function FindingsPage() {
  const { t, lang, L } = useOversightI18n();
  const { principal } = useSession();
  const own = principal.division ?? '';
  const [params, setParams] = useSearchParams();
  const filter: FindingFilter = useMemo(() => {
    const rule = params.get('rule');
    const status = params.get('status');
    const division = divisionWithin(params.get('division'), own);
    return {
      ...(isRule(rule) ? { rule } : {}),
      ...(isFindingStatus(status) ? { status } : {}),
      ...(division && division !== own ? { division } : {}),
    };
  }, [params, own]);
  const openId = params.get('finding') ?? undefined;
  const divisions = useDivisions();
  const findings = useFindings(filter);
  const rows = useMemo(() => findings.data?.pages.flatMap((p) => p.items) ?? [], [findings.data]);
  const names = useInstitutions(rows.flatMap((f) => partiesOf(f).map((p) => p.id)));
  const places = useMemo(() => divisionChoices(divisions, own), [divisions, own]);

  const set = (key: string, value: string | undefined) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  const any = { value: '', label: t('filterAny') };
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('findingsTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('findingsIntro')}
      </Typography.Paragraph>
      <Card>
        <Form layout="inline" aria-label={t('filtersLabel')} role="search" style={{ rowGap: 12 }}>
          <Form.Item label={t('filterRule')} htmlFor="finding-rule">
            <Select
              id="finding-rule"
              style={{ width: 300 }}
              value={filter.rule ?? ''}
              onChange={(v: string) => set('rule', v || undefined)}
              options={[any, ...RULES.map((r) => ({ value: r, label: L.rule[r] }))]}
            />
          </Form.Item>
          <Form.Item label={t('filterStatus')} htmlFor="finding-status">
            <Select
              id="finding-status"
              style={{ width: 140 }}
              value={filter.status ?? ''}
              onChange={(v: string) => set('status', v || undefined)}
              options={[any, ...FINDING_STATUSES.map((s) => ({ value: s, label: L.findingStatus[s] }))]}
            />
          </Form.Item>
          {places.length > 0 ? (
            <Form.Item label={t('filterDivision')} htmlFor="finding-division">
              <Select
                id="finding-division"
                style={{ width: 240 }}
                showSearch={{ optionFilterProp: 'label' }}
                value={filter.division ?? ''}
                onChange={(v: string) => set('division', v || undefined)}
                options={[{ value: '', label: fullName(divisions, own) }, ...places]}
              />
            </Form.Item>
          ) : null}
        </Form>
      </Card>
      {findings.error ? <OversightProblem error={findings.error} onRetry={() => void findings.refetch()} /> : null}
      <Card>
        <Table<Finding>
          rowKey="id"
          size="middle"
          loading={findings.isPending && !findings.error}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('findingsEmpty')} /> }}
          columns={[
            { title: t('colRule'), render: (_, f) => labelOf(L.rule, f.rule) },
            { title: t('colInstitutions'), render: (_, f) => <InstitutionNames finding={f} names={names} /> },
            { title: t('colDivision'), render: (_, f) => fullName(divisions, f.division) },
            {
              title: t('colStatus'),
              render: (_, f) => <Tag color={statusColour(f.status)}>{labelOf(L.findingStatus, f.status)}</Tag>,
            },
            { title: t('colRaised'), render: (_, f) => <time dateTime={f.raisedAt}>{formatDateTime(f.raisedAt, lang)}</time> },
            {
              title: t('colResolved'),
              render: (_, f) => (f.resolvedAt ? <time dateTime={f.resolvedAt}>{formatDateTime(f.resolvedAt, lang)}</time> : '—'),
            },
            {
              title: t('colActions'),
              render: (_, f) => (
                <Button
                  size="small"
                  autoInsertSpace={false}
                  onClick={() => set('finding', f.id)}
                  aria-label={t('openFinding', { rule: labelOf(L.rule, f.rule) })}
                >
                  {t('open')}
                </Button>
              ),
            },
          ]}
        />
        <MorePages pages={findings} more={t('findingsMore')} count={t('findingsCount', { count: rows.length })} style={{ marginTop: 12 }} />
      </Card>
      <FindingDrawer id={openId} onClose={() => set('finding', undefined)} divisions={divisions} />
    </Flex>
  );
}

export default FindingsPage;
