/**
 * The rules of the agreement's mode beside what the agreement says: a table for the party about to
 * countersign (rule | this agreement | verdict), a short list beside the filing form. The verdict is a
 * word and an icon, never a colour alone.
 */
import { Alert, Flex, List, Table, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import type { AgreementsI18n } from './i18n';
import { serviceText } from './AgreementContentView';
import { needsFrequency, type CheckStatus, type Evidence, type RuleCheck } from './rules';

const VERDICT: Record<CheckStatus, { colour: string; icon: typeof CheckCircleFilled; word: 'checkMet' | 'checkUnmet' | 'checkAdvice' }> = {
  met: { colour: '#237804', icon: CheckCircleFilled, word: 'checkMet' },
  unmet: { colour: '#a8071a', icon: CloseCircleFilled, word: 'checkUnmet' },
  advice: { colour: '#ad4e00', icon: ExclamationCircleFilled, word: 'checkAdvice' },
};

export function Verdict({ status, i18n }: { status: CheckStatus; i18n: AgreementsI18n }) {
  const v = VERDICT[status];
  const Icon = v.icon;
  return (
    <span style={{ color: v.colour, whiteSpace: 'nowrap' }}>
      <Icon aria-hidden /> {i18n.t(v.word)}
    </span>
  );
}

export function evidenceText(i18n: AgreementsI18n, e: Evidence): string {
  switch (e.type) {
    case 'message':
      return i18n.t(e.key, e.vars);
    case 'text':
      return e.text;
    case 'kind':
      return i18n.registry.kind[e.kind] ?? e.kind;
    case 'partyStatus':
      return i18n.registry.status[e.status] ?? e.status;
    case 'services':
      return e.services
        .map((s) =>
          needsFrequency(s.code) && !s.frequency
            ? i18n.t('serviceWithFrequency', { service: serviceText(i18n, s), frequency: i18n.t('evidenceFrequencyMissing') })
            : serviceText(i18n, s),
        )
        .join('、');
  }
}

export function unmetCount(checks: RuleCheck[]): number {
  return checks.filter((c) => c.status === 'unmet').length;
}

/** The side-by-side table (countersigning, the agreement's "requirements" tab). */
export function RuleChecklist({ checks, i18n, modeLabel }: { checks: RuleCheck[]; i18n: AgreementsI18n; modeLabel: string }) {
  const unmet = unmetCount(checks);
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph style={{ margin: 0 }}>{i18n.t('checklistIntro', { mode: modeLabel })}</Typography.Paragraph>
      <Alert
        type={unmet ? 'warning' : 'success'}
        showIcon
        title={unmet ? i18n.t('checklistSomeUnmet', { count: unmet }) : i18n.t('checklistAllMet')}
      />
      <Table<RuleCheck>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={checks}
        aria-label={i18n.t('checklistTitle')}
        columns={[
          { title: i18n.t('checkRule'), key: 'rule', width: '42%', render: (_, c) => i18n.t(c.rule) },
          {
            title: i18n.t('checkContent'),
            key: 'content',
            render: (_, c) => <span style={{ whiteSpace: 'pre-wrap' }}>{evidenceText(i18n, c.evidence)}</span>,
          },
          { title: i18n.t('checkResult'), key: 'verdict', width: 96, render: (_, c) => <Verdict status={c.status} i18n={i18n} /> },
        ]}
      />
    </Flex>
  );
}

/** The short list beside the filing form: each rule of the chosen mode and whether the form meets it yet. */
export function RuleList({ checks, i18n }: { checks: RuleCheck[]; i18n: AgreementsI18n }) {
  return (
    <List
      size="small"
      dataSource={checks}
      renderItem={(c) => (
        <List.Item key={c.key} style={{ paddingInline: 0 }}>
          <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
            <span>{i18n.t(c.rule)}</span>
            <Verdict status={c.status} i18n={i18n} />
          </Flex>
        </List.Item>
      )}
    />
  );
}
