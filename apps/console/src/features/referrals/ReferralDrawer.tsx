/**
 * One referral in a drawer: the resident, the clinical picture, both institutions by name, the
 * answer, every milestone and step (China Standard Time), and the steps this person may take now —
 * exactly the service's allowedActions, nothing guessed.
 */
import { useState } from 'react';
import {
  App as AntApp,
  Button,
  Descriptions,
  Drawer,
  Flex,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
  type DescriptionsProps,
} from 'antd';
import { useSession } from '../../auth/session';
import type { MessageKey } from '../../i18n/messages';
import { formatDate, formatDateTime } from '../../shared/time';
import { useInstitutionNames, useReferral, useReferralStep } from './api';
import { Attachments, PrintReferralForm } from './Attachments';
import { Countdown } from './Countdown';
import { useServerNow } from './countdown';
import { useReferralI18n } from './i18n';
import { ageOn } from './patient';
import { ReferralProblem } from './problems';
import { StepDialog, type DialogAction } from './StepDialog';
import type { Referral, ReferralAction } from './types';
import { PriorityTag } from './Worklist';

/** The order of the buttons, the forward step first; the ones that need words open a dialog. */
const ACTION_ORDER: ReferralAction[] = ['receive', 'accept', 'arrive', 'complete', 'reject', 'return', 'release', 'cancel'];
const NEEDS_DIALOG: ReadonlySet<ReferralAction> = new Set(['accept', 'reject', 'return', 'complete', 'cancel']);
const PRIMARY: ReadonlySet<ReferralAction> = new Set(['receive', 'accept', 'arrive', 'complete']);

export function ReferralDrawer({
  id,
  fallback,
  onClose,
  onOpen,
  nextOf,
}: {
  id: string | undefined;
  /** the row the person clicked, shown until the full referral has been read */
  fallback?: Referral;
  onClose: () => void;
  onOpen: (id: string) => void;
  /** the next referral waiting for an answer after this one, if any ("accept and open the next") */
  nextOf?: (id: string) => string | undefined;
}) {
  const { t } = useReferralI18n();
  const detail = useReferral(id);
  const referral = detail.data ?? (fallback?.id === id ? fallback : undefined);
  return (
    <Drawer open={!!id} onClose={onClose} size={720} destroyOnHidden title={referral ? referral.patient.name : t('detailTitle')}>
      {detail.error && !referral ? <ReferralProblem error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {!referral && !detail.error ? <Skeleton active /> : null}
      {referral ? <Details key={referral.id} referral={referral} onClose={onClose} onOpen={onOpen} nextOf={nextOf} /> : null}
    </Drawer>
  );
}

function Details({
  referral: r,
  onClose,
  onOpen,
  nextOf,
}: {
  referral: Referral;
  onClose: () => void;
  onOpen: (id: string) => void;
  nextOf?: (id: string) => string | undefined;
}) {
  const { t, lang, rl } = useReferralI18n();
  const { principal } = useSession();
  const { message } = AntApp.useApp();
  const step = useReferralStep();
  const [dialog, setDialog] = useState<DialogAction>();
  const now = useServerNow();
  const nameOf = useInstitutionNames([r.fromInstitutionId, r.toInstitutionId]);
  const awaiting = r.status === 'REQUESTED' || r.status === 'RECEIVED';
  const birthDate = typeof r.patient.birthDate === 'string' ? r.patient.birthDate : undefined;
  const next = nextOf?.(r.id);

  const act = (action: ReferralAction) => {
    if (NEEDS_DIALOG.has(action)) return setDialog(action as DialogAction);
    step.mutate(
      { referral: r, action: action as 'receive' | 'release' | 'arrive' },
      { onSuccess: () => void message.success(t(`done_${action}` as 'done_receive')) },
    );
  };

  const afterDialog = (_: Referral, openNext: boolean) => {
    setDialog(undefined);
    if (!openNext) return;
    const following = nextOf?.(r.id);
    if (following) onOpen(following);
    else {
      void message.info(t('noNext'));
      onClose();
    }
  };

  const v = r.vitals ?? {};
  const vitals = [
    v.bpSystolic !== undefined && v.bpDiastolic !== undefined ? `${t('bp')} ${t('bpValue', { s: v.bpSystolic, d: v.bpDiastolic })}` : '',
    v.heartRate !== undefined ? `${t('heartRate')} ${t('heartRateValue', { n: v.heartRate })}` : '',
    v.respiratoryRate !== undefined ? `${t('respiratoryRate')} ${t('respiratoryRateValue', { n: v.respiratoryRate })}` : '',
    v.temperature !== undefined ? `${t('temperature')} ${t('temperatureValue', { n: v.temperature })}` : '',
    v.spo2 !== undefined ? `${t('spo2')} ${t('spo2Value', { n: v.spo2 })}` : '',
    v.consciousness ? `${t('consciousness')} ${rl.consciousness[v.consciousness as keyof typeof rl.consciousness] ?? v.consciousness}` : '',
  ].filter(Boolean);

  const patient: DescriptionsProps['items'] = [
    { key: 'name', label: t('patientName'), children: r.patient.name },
    { key: 'sex', label: t('sex'), children: rl.sex[r.patient.sex] },
    {
      key: 'birth',
      label: t('birthDate'),
      children: birthDate ? `${formatDate(birthDate)}（${t('age', { n: ageOn(birthDate) })}）` : String(r.patient.birthYear ?? ''),
    },
    { key: 'id', label: t('idNumber'), children: <span style={{ fontFamily: 'monospace' }}>{r.patient.idNumber}</span> },
    {
      key: 'insurance',
      label: t('insurance'),
      children: rl.insurance[r.patient.insurance as keyof typeof rl.insurance] ?? r.patient.insurance,
    },
  ];
  const clinical: DescriptionsProps['items'] = [
    { key: 'indication', label: t('indication'), children: rl.indication[r.indication] },
    ...(r.icd10 ? [{ key: 'icd10', label: t('icd10'), children: r.icd10 }] : []),
    { key: 'summary', label: t('summary'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{r.summary ?? ''}</span> },
    { key: 'vitals', label: t('vitals'), span: 2, children: vitals.length ? vitals.join('；') : t('noVitals') },
  ];
  const parties: DescriptionsProps['items'] = [
    { key: 'from', label: t('from'), children: nameOf(r.fromInstitutionId) ?? '…' },
    { key: 'to', label: t('to'), children: nameOf(r.toInstitutionId) ?? '…' },
    { key: 'direction', label: t('direction'), children: rl.direction[r.direction] },
    { key: 'via', label: t('via'), children: rl.via[r.via] },
    { key: 'requested', label: t('requestedAt'), children: formatDateTime(r.milestones.requestedAt, lang) },
    { key: 'deadline', label: t('deadlineAt'), children: formatDateTime(r.deadlineAt, lang) },
    ...(r.expectedArrivalAt
      ? [{ key: 'expected', label: t('expectedArrivalAtLabel'), children: formatDateTime(r.expectedArrivalAt, lang) }]
      : []),
  ];
  const answer: DescriptionsProps['items'] = [
    ...(r.rejectionReason
      ? [
          {
            key: 'rejected',
            label: t('rejectionShown'),
            children: `${rl.rejection[r.rejectionReason]}${r.rejectionComment ? `：${r.rejectionComment}` : ''}`,
          },
        ]
      : []),
    ...(r.advice ? [{ key: 'advice', label: t('adviceShown'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{r.advice}</span> }] : []),
    ...(r.dischargeSummary
      ? [{ key: 'discharge', label: t('dischargeShown'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{r.dischargeSummary}</span> }]
      : []),
    ...(r.cancellationReason ? [{ key: 'cancelled', label: t('cancellationShown'), children: r.cancellationReason }] : []),
  ];

  const actions = ACTION_ORDER.filter((a) => r.allowedActions.includes(a));

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} align="center" wrap>
        <PriorityTag priority={r.priority} />
        <Tag>{rl.status[r.status]}</Tag>
        {r.status === 'RECEIVED' && r.claimedBy ? (
          <Typography.Text type="secondary">{r.claimedBy === principal.sub ? t('claimedByMe') : t('claimedByOther')}</Typography.Text>
        ) : null}
        {awaiting ? <Countdown deadlineAt={r.deadlineAt} requestedAt={r.milestones.requestedAt} now={now} /> : null}
      </Flex>
      {step.error ? <ReferralProblem error={step.error} /> : null}
      <Space wrap>
        {actions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.has(a) ? 'primary' : 'default'}
            danger={a === 'reject' || a === 'cancel'}
            loading={step.isPending && step.variables?.action === a}
            onClick={() => act(a)}
          >
            {t(a)}
          </Button>
        ))}
        <PrintReferralForm referral={r} />
      </Space>
      {r.linkedReferralId ? <Typography.Text>{t('returnComing')}</Typography.Text> : null}
      {r.parentReferralId ? <Typography.Text type="secondary">{t('parentReferral')}</Typography.Text> : null}
      <Descriptions title={t('sectionPatient')} items={patient} column={2} size="small" bordered />
      <Descriptions title={t('sectionClinical')} items={clinical} column={2} size="small" bordered />
      <Descriptions title={t('sectionParties')} items={parties} column={2} size="small" bordered />
      {answer.length > 0 ? <Descriptions title={t('sectionAnswer')} items={answer} column={1} size="small" bordered /> : null}
      <Attachments referral={r} />
      {r.history?.length ? (
        <div>
          <Typography.Title level={5}>{t('sectionHistory')}</Typography.Title>
          <Timeline
            items={r.history.map((h, i) => ({
              key: `${h.at}-${i}`,
              title: formatDateTime(h.at, lang),
              content: (
                <span>
                  {rl.action[h.action] ?? h.action} · {rl.status[h.to]}
                  {h.actor.role !== 'system'
                    ? ` · ${t(`role_${h.actor.role}` as MessageKey)}${h.actor.name ? ` ${h.actor.name}` : ''}`
                    : ''}
                  {h.code && rl.rejection[h.code as keyof typeof rl.rejection]
                    ? ` · ${rl.rejection[h.code as keyof typeof rl.rejection]}`
                    : ''}
                </span>
              ),
            }))}
          />
        </div>
      ) : null}
      {dialog ? (
        <StepDialog referral={r} action={dialog} onClose={() => setDialog(undefined)} onDone={afterDialog} hasNext={!!next} />
      ) : null}
    </Flex>
  );
}
