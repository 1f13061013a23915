/**
 * An agreement's content in words (services with their frequency, fees in yuan, each party's
 * responsibilities, the mode's own terms, the dispatched staff, the document's digest), and what a
 * pending amendment would change, the current and the amended text side by side.
 */
import type { ReactNode } from 'react';
import { Descriptions, Empty, Table, Tag, Typography, type DescriptionsProps } from 'antd';
import { partyKeys, payerWords, type AgreementsI18n } from './i18n';
import type { AgreementContent, FeePayer, FeeUnit, Frequency, ServiceCode } from './model';
import type { AgreementMessageKey } from './messages';

type Content = Omit<AgreementContent, 'mode' | 'term'>;
type SectionKey = 'services' | 'fees' | 'elderlyDuties' | 'medicalDuties' | 'breach' | 'site' | 'entrustment' | 'staff' | 'document';

const yuan = (fen: number) => (fen / 100).toFixed(2);

export function serviceText(i: AgreementsI18n, s: { code: ServiceCode; frequency?: string | null }): string {
  const service = i.labels.service[s.code] ?? s.code;
  return s.frequency
    ? i.t('serviceWithFrequency', { service, frequency: i.labels.frequency[s.frequency as Frequency] ?? s.frequency })
    : service;
}

function lines(items: string[], none: string): ReactNode {
  if (!items.length) return none;
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }}>
      {items.map((x, n) => (
        <li key={n}>{x}</li>
      ))}
    </ol>
  );
}

/** Each section of the content, rendered, with a key to compare two versions by. */
function sections(
  i: AgreementsI18n,
  c: Content,
  mode: AgreementContent['mode'],
): { key: SectionKey; label: AgreementMessageKey; node: ReactNode; compare: unknown }[] {
  const { t, labels } = i;
  const none = t('evidenceNone');
  const parties = partyKeys(mode);
  const payers = payerWords(i, mode);
  const list: { key: SectionKey; label: AgreementMessageKey; node: ReactNode; compare: unknown }[] = [
    {
      key: 'services',
      label: 'contentServices',
      node: c.services.length ? c.services.map((s) => serviceText(i, s)).join('、') : none,
      compare: c.services,
    },
    {
      key: 'fees',
      label: 'contentFees',
      node: lines(
        c.fees.map((f) =>
          t('feeLine', {
            item: f.item,
            amount: yuan(f.amountFen),
            unit: labels.feeUnit[f.unit as FeeUnit] ?? f.unit,
            payer: payers[f.payer as FeePayer] ?? f.payer,
          }),
        ),
        t('noFees'),
      ),
      compare: c.fees,
    },
    {
      key: 'elderlyDuties',
      label: parties.elderlyContent,
      node: lines(c.responsibilities.elderlyParty, none),
      compare: c.responsibilities.elderlyParty,
    },
    {
      key: 'medicalDuties',
      label: parties.medicalContent,
      node: lines(c.responsibilities.medicalParty, none),
      compare: c.responsibilities.medicalParty,
    },
    {
      key: 'breach',
      label: 'contentBreach',
      node: <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.breachLiability || none}</Typography.Text>,
      compare: c.breachLiability,
    },
  ];
  if (mode === 'EMBEDDED' || c.site) list.push({ key: 'site', label: 'contentSite', node: c.site || none, compare: c.site ?? null });
  if (mode === 'ENTRUSTED' || c.entrustment) {
    const e = c.entrustment;
    list.push({
      key: 'entrustment',
      label: 'sectionEntrustment',
      node: e ? (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'r', label: t('contentRights'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{e.rightsAndObligations}</span> },
            { key: 'l', label: t('contentLiability'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{e.legalLiability}</span> },
            { key: 'd', label: t('contentDisputes'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{e.disputeResolution}</span> },
          ]}
        />
      ) : (
        none
      ),
      compare: e ?? null,
    });
  }
  const staff = c.staff ?? [];
  list.push({
    key: 'staff',
    label: 'contentStaff',
    node: staff.length ? (
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {staff.map((s, n) => (
          <li key={n}>
            {t('staffLine', { name: s.name, certificate: s.practisingCertificateNumber })}{' '}
            <Tag color={s.multiSiteFiled ? '#237804' : '#ad4e00'}>{s.multiSiteFiled ? t('staffFiledYes') : t('staffFiledNo')}</Tag>
          </li>
        ))}
      </ul>
    ) : (
      t('noStaff')
    ),
    compare: staff,
  });
  list.push({
    key: 'document',
    label: 'contentDocument',
    node: c.document ? (
      <span>
        {c.document.fileName}
        <br />
        <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>
          {t('documentHash', { hash: c.document.sha256 })}
        </Typography.Text>
      </span>
    ) : (
      t('documentNone')
    ),
    compare: c.document,
  });
  return list;
}

export function AgreementContentView({ i18n, content, mode }: { i18n: AgreementsI18n; content: Content; mode: AgreementContent['mode'] }) {
  const items: DescriptionsProps['items'] = sections(i18n, content, mode).map((s) => ({
    key: s.key,
    label: i18n.t(s.label),
    children: s.node,
  }));
  return <Descriptions bordered size="small" column={1} items={items} styles={{ label: { width: 180 } }} />;
}

/** What an amendment changes: only the sections that differ, now and amended side by side. */
export function AmendmentDiff({
  i18n,
  current,
  proposed,
  mode,
}: {
  i18n: AgreementsI18n;
  current: Content;
  proposed: Content;
  mode: AgreementContent['mode'];
}) {
  const now = sections(i18n, current, mode);
  const next = sections(i18n, proposed, mode);
  const rows = next
    .map((s) => ({ key: s.key, label: i18n.t(s.label), before: now.find((x) => x.key === s.key), after: s }))
    .filter((r) => JSON.stringify(r.before?.compare ?? null) !== JSON.stringify(r.after.compare ?? null));
  if (!rows.length) return <Empty description={i18n.t('problemCode_AMENDMENT_CHANGES_NOTHING')} />;
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      aria-label={i18n.t('amendmentChanged')}
      columns={[
        { title: i18n.t('checkRule'), dataIndex: 'label', width: 160 },
        { title: i18n.t('amendmentCurrent'), key: 'before', render: (_, r) => r.before?.node ?? i18n.t('evidenceNone') },
        { title: i18n.t('amendmentAfter'), key: 'after', render: (_, r) => r.after.node },
      ]}
    />
  );
}
