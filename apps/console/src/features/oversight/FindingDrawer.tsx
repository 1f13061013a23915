/** One compliance finding: the rule in words and what it checks, the institutions by name, the place and the times. */
import { Descriptions, Drawer, Flex, Skeleton, Tag, type DescriptionsProps } from 'antd';
import { formatDateTime } from '../../shared/time';
import { useFinding, useInstitutions } from './api';
import { fullName, type DivisionIndex } from './divisions';
import { useOversightI18n, type OversightTranslate } from './i18n';
import { labelOf } from './messages';
import { partiesOf, shortId, subjectOf, type Finding, type Party } from './model';
import { OversightProblem } from './OversightProblem';
import { statusColour } from './status';

const PARTY_LABEL: Record<Party, 'partyElderly' | 'partyMedical' | 'partySender' | 'partyReceiver' | 'partyInstitution'> = {
  elderly: 'partyElderly',
  medical: 'partyMedical',
  sender: 'partySender',
  receiver: 'partyReceiver',
  institution: 'partyInstitution',
};

/** An institution's name, or a shortened id while it is read or when it cannot be. */
function nameOf(names: Map<string, { name?: string; failed: boolean }>, id: string, t: OversightTranslate): string {
  const known = names.get(id);
  return known?.name ?? t('institutionUnknown', { id: shortId(id) });
}

/** The institutions a finding names, each with the part it plays when there are two. */
export function InstitutionNames({
  finding,
  names,
}: {
  finding: Pick<Finding, 'details'>;
  names: Map<string, { name?: string; failed: boolean }>;
}) {
  const { t } = useOversightI18n();
  const parties = partiesOf(finding);
  if (parties.length === 0) return <>—</>;
  return (
    <Flex vertical gap={2}>
      {parties.map((p) => (
        <span key={`${p.party}-${p.id}`}>
          {parties.length > 1 ? t('partyLabel', { party: t(PARTY_LABEL[p.party]) }) : ''}
          {nameOf(names, p.id, t)}
        </span>
      ))}
    </Flex>
  );
}

export function FindingDrawer({
  id,
  onClose,
  divisions,
}: {
  id: string | undefined;
  onClose: () => void;
  divisions: DivisionIndex | undefined;
}) {
  const { t } = useOversightI18n();
  const finding = useFinding(id);
  return (
    <Drawer open={!!id} onClose={onClose} title={t('findingDetail')} size={600} destroyOnHidden>
      {finding.error ? <OversightProblem error={finding.error} onRetry={() => void finding.refetch()} /> : null}
      {finding.isPending && !finding.error ? <Skeleton active /> : null}
      {finding.data ? <Details finding={finding.data} divisions={divisions} /> : null}
    </Drawer>
  );
}

function Details({ finding: f, divisions }: { finding: Finding; divisions: DivisionIndex | undefined }) {
  const { t, lang, L } = useOversightI18n();
  const names = useInstitutions(partiesOf(f).map((p) => p.id));
  const subject = subjectOf(f.subject);
  const d = f.details;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const agreements = Array.isArray(d.agreementIds) ? d.agreementIds.filter((a): a is string => typeof a === 'string') : [];
  const items: DescriptionsProps['items'] = [
    { key: 'rule', label: t('fieldRule'), children: labelOf(L.rule, f.rule) },
    { key: 'help', label: t('fieldRuleHelp'), children: labelOf(L.ruleHelp, f.rule) },
    { key: 'status', label: t('fieldStatus'), children: <Tag color={statusColour(f.status)}>{labelOf(L.findingStatus, f.status)}</Tag> },
    { key: 'division', label: t('fieldDivision'), children: fullName(divisions, f.division) },
    { key: 'institutions', label: t('fieldInstitutions'), children: <InstitutionNames finding={f} names={names} /> },
  ];
  if (subject.kind === 'referral')
    items.push({ key: 'subject', label: t('fieldSubject'), children: t('subjectReferral', { id: shortId(subject.id) }) });
  if (subject.kind === 'agreement')
    items.push({ key: 'subject', label: t('fieldSubject'), children: t('subjectAgreement', { id: shortId(subject.id) }) });
  if (num(d.distanceKm) !== undefined)
    items.push({
      key: 'distance',
      label: t('fieldDistance'),
      children: t('fieldDistanceValue', { km: num(d.distanceKm)!, limit: num(d.limitKm) ?? '—' }),
    });
  if (num(d.refusals) !== undefined) items.push({ key: 'refusals', label: t('fieldRefusals'), children: num(d.refusals) });
  if (num(d.staffCount) !== undefined) items.push({ key: 'staff', label: t('fieldStaffCount'), children: num(d.staffCount) });
  if (agreements.length > 0)
    items.push({
      key: 'agreements',
      label: t('fieldAgreements'),
      children: agreements.map((a) => t('subjectAgreement', { id: shortId(a) })).join('、'),
    });
  items.push(
    { key: 'raised', label: t('fieldRaised'), children: <time dateTime={f.raisedAt}>{formatDateTime(f.raisedAt, lang)}</time> },
    {
      key: 'resolved',
      label: t('fieldResolved'),
      children: f.resolvedAt ? <time dateTime={f.resolvedAt}>{formatDateTime(f.resolvedAt, lang)}</time> : t('notResolved'),
    },
    { key: 'id', label: t('fieldId'), children: <code>{f.id}</code> },
  );
  return <Descriptions column={1} bordered size="small" items={items} />;
}
