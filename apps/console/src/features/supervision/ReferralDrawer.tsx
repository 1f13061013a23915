/**
 * One referral as a regulator may read it, nothing to act on: the resident masked by the service (the
 * name's first character, the year of birth, the masked ID, the insurance; no clinical text, no
 * attachments), the referral in words, both institutions by name, the answer, every milestone and step
 * in China Standard Time, and the printed form (masked as well).
 */
import { Alert, Button, Descriptions, Drawer, Flex, Skeleton, Space, Tag, Timeline, Typography, type DescriptionsProps } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { MessageKey } from '../../i18n/messages';
import { FileDownloadButton } from '../../shared/FileTransfer';
import { formatDateTime } from '../../shared/time';
import { PriorityTag } from '../referrals/Worklist';
import { useReferralDetail, useRegistryNames } from './api';
import { useSupervisionI18n } from './i18n';
import { labelOf, type SupervisionMessageKey } from './messages';
import { birthYearOf, partyName, referralFormPath, shortId, type Referral } from './model';
import { SupervisionProblem } from './SupervisionProblem';

type Milestone = keyof Referral['milestones'];
const MILESTONES: Milestone[] = ['requestedAt', 'receivedAt', 'overdueAt', 'answeredAt', 'arrivedAt', 'completedAt', 'closedAt'];

export function ReferralDrawer({ id, onClose, onOpen }: { id: string | undefined; onClose: () => void; onOpen: (id: string) => void }) {
  const { t } = useSupervisionI18n();
  const referral = useReferralDetail(id);
  return (
    <Drawer open={!!id} onClose={onClose} title={t('referralDetail')} size={720} destroyOnHidden>
      {referral.error ? <SupervisionProblem error={referral.error} onRetry={() => void referral.refetch()} /> : null}
      {referral.isPending && !referral.error ? <Skeleton active /> : null}
      {referral.data ? <Details key={referral.data.id} referral={referral.data} onOpen={onOpen} /> : null}
    </Drawer>
  );
}

function Details({ referral: r, onOpen }: { referral: Referral; onOpen: (id: string) => void }) {
  const { t, lang, L, words } = useSupervisionI18n();
  const registry = useRegistryNames([...(r.from?.name ? [] : [r.fromInstitutionId]), ...(r.to?.name ? [] : [r.toInstitutionId])]);
  const from = partyName(words, registry, r.fromInstitutionId, r.from?.name);
  const to = partyName(words, registry, r.toInstitutionId, r.to?.name);
  const year = birthYearOf(r.patient);
  const link = (target: string) => (
    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(target)}>
      {t('referralRef', { id: shortId(target) })}
    </Button>
  );
  const time = (at: string | null | undefined) => (at ? <time dateTime={at}>{formatDateTime(at, lang)}</time> : '—');

  const patient: DescriptionsProps['items'] = [
    { key: 'name', label: t('fieldName'), children: r.patient.name },
    { key: 'sex', label: t('fieldSex'), children: labelOf(L.sex, r.patient.sex) },
    { key: 'birth', label: t('fieldBirthYear'), children: year ?? '—' },
    { key: 'id', label: t('fieldIdNumber'), children: <span style={{ fontFamily: 'monospace' }}>{r.patient.idNumber}</span> },
    { key: 'insurance', label: t('fieldInsurance'), children: labelOf(L.insurance, r.patient.insurance) },
  ];
  const referral: DescriptionsProps['items'] = [
    { key: 'from', label: t('fieldFrom'), children: from },
    { key: 'to', label: t('fieldTo'), children: to },
    { key: 'direction', label: t('fieldDirection'), children: labelOf(L.direction, r.direction) },
    { key: 'priority', label: t('fieldPriority'), children: <PriorityTag priority={r.priority} /> },
    { key: 'indication', label: t('fieldIndication'), children: labelOf(L.indication, r.indication) },
    { key: 'via', label: t('fieldVia'), children: labelOf(L.via, r.via) },
    { key: 'status', label: t('fieldStatus'), children: <Tag>{labelOf(L.referralStatus, r.status)}</Tag> },
    { key: 'deadline', label: t('fieldDeadline'), children: time(r.deadlineAt) },
    {
      key: 'overdue',
      label: t('fieldOverdue'),
      children: r.overdue || r.milestones.overdueAt ? <span style={{ color: '#a8071a' }}>{t('overdueYes')}</span> : t('overdueNo'),
    },
    ...(r.status === 'REQUESTED' || r.status === 'RECEIVED'
      ? [{ key: 'expires', label: t('fieldExpires'), children: time(r.expiresAt) }]
      : []),
    ...(r.expectedArrivalAt ? [{ key: 'arrival', label: t('fieldExpectedArrival'), children: time(r.expectedArrivalAt) }] : []),
    ...(r.rejectionReason ? [{ key: 'rejection', label: t('fieldRejection'), children: labelOf(L.rejection, r.rejectionReason) }] : []),
    { key: 'agreement', label: t('fieldAgreement'), children: t('agreementRef', { id: shortId(r.agreementId) }) },
    ...(r.parentReferralId ? [{ key: 'parent', label: t('fieldParent'), children: link(r.parentReferralId) }] : []),
    ...(r.linkedReferralId ? [{ key: 'linked', label: t('fieldLinked'), children: link(r.linkedReferralId) }] : []),
    { key: 'id', label: t('fieldReferralId'), children: <code>{r.id}</code> },
  ];
  const milestones = MILESTONES.filter((m) => r.milestones[m]).map((m) => ({
    key: m,
    color: m === 'overdueAt' ? 'red' : 'blue',
    title: time(r.milestones[m]),
    content: t(`milestone_${m}` as SupervisionMessageKey),
  }));
  const steps = (r.history ?? []).map((h, i) => {
    const who =
      h.actor.role === 'system'
        ? t('stepSystem')
        : t('stepBy', { role: t(`role_${h.actor.role}` as MessageKey), name: h.actor.name ?? '' }).trim();
    const reason = h.code ? labelOf(L.rejection, h.code) : '';
    return {
      key: `${h.at}-${i}`,
      title: time(h.at),
      content: [labelOf(L.action, h.action), labelOf(L.referralStatus, h.to), who, reason].filter(Boolean).join(' · '),
    };
  });

  return (
    <Flex vertical gap={16}>
      <Alert type="info" showIcon title={t('maskedNote')} />
      <Space wrap>
        <FileDownloadButton
          icon={<PrinterOutlined />}
          path={referralFormPath(r.id)}
          fallbackName={r.direction === 'DOWN' ? `referral-return-${r.id.slice(0, 8)}.pdf` : `referral-${r.id.slice(0, 8)}.pdf`}
          open
        >
          {t('printForm')}
        </FileDownloadButton>
      </Space>
      <Descriptions title={t('sectionPatient')} items={patient} column={2} size="small" bordered />
      <Descriptions title={t('sectionReferral')} items={referral} column={1} size="small" bordered styles={{ label: { width: 160 } }} />
      <div>
        <Typography.Title level={5}>{t('sectionMilestones')}</Typography.Title>
        <Timeline items={milestones} />
      </div>
      <div>
        <Typography.Title level={5}>{t('sectionSteps')}</Typography.Title>
        {steps.length ? <Timeline items={steps} /> : <Typography.Text type="secondary">{t('noSteps')}</Typography.Text>}
      </div>
    </Flex>
  );
}
