/**
 * What the institution sent, newest first, each on a timeline of its milestones (sent, claimed,
 * answered, arrived, completed, or how it ended) with the time left to answer while it waits; kept
 * live by the stream; a referral opens in the drawer (where the sender may cancel it).
 */
import { Button, Card, Empty, Flex, Skeleton, Steps, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../shared/time';
import { useInstitutionNames, useOutgoing } from './api';
import { Countdown } from './Countdown';
import { useServerNow } from './countdown';
import { useReferralI18n, type ReferralTranslate } from './i18n';
import { useReferralLive } from './live';
import { ReferralDrawer } from './ReferralDrawer';
import { ReferralProblem } from './problems';
import type { Referral } from './types';
import { VISUALLY_HIDDEN } from '../../shared/visuallyHidden';
import { PriorityTag } from './Worklist';
import type { referralLabels } from './messages';
import { MorePages } from '../../shared/MorePages';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

/** The milestones of a referral as timeline steps, in the person's language and China Standard Time. */
export function milestoneSteps(r: Referral, t: ReferralTranslate, rl: (typeof referralLabels)['zh'], lang: 'zh' | 'en') {
  const m = r.milestones;
  const at = (iso: string | null) => (iso ? formatDateTime(iso, lang) : undefined);
  const ended = r.status === 'CANCELLED' || r.status === 'EXPIRED';
  const negative = r.status === 'REJECTED' || r.status === 'RETURNED_WITH_ADVICE';
  const steps: { title: string; content?: string; status: StepStatus }[] = [
    { title: t('stepRequested'), content: at(m.requestedAt), status: 'finish' },
    { title: t('stepReceived'), content: at(m.receivedAt), status: m.receivedAt ? 'finish' : 'wait' },
    {
      title: m.answeredAt ? rl.status[negative ? r.status : 'ACCEPTED'] : t('stepAnswered'),
      content: at(m.answeredAt),
      status: m.answeredAt ? (negative ? 'error' : 'finish') : 'wait',
    },
  ];
  if (!negative) {
    steps.push({ title: t('stepArrived'), content: at(m.arrivedAt), status: m.arrivedAt ? 'finish' : 'wait' });
    steps.push({ title: t('stepCompleted'), content: at(m.completedAt), status: m.completedAt ? 'finish' : 'wait' });
  }
  if (ended) steps.push({ title: rl.status[r.status], content: at(m.closedAt), status: 'error' });
  // the first step still to come is the one in progress
  const next = steps.findIndex((s) => s.status === 'wait');
  if (next >= 0 && !ended) steps[next] = { ...steps[next], status: 'process' };
  return steps;
}

export function OutgoingList() {
  const { t, lang, rl } = useReferralI18n();
  const { principal } = useSession();
  const [params, setParams] = useSearchParams();
  const outgoing = useOutgoing(principal.institutionId);
  const rows = outgoing.data?.pages.flatMap((p) => p.items) ?? [];
  const nameOf = useInstitutionNames(rows.map((r) => r.toInstitutionId));
  const now = useServerNow();
  const openId = params.get('referral') ?? undefined;
  useReferralLive();

  const open = (id: string | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set('referral', id);
    else next.delete('referral');
    setParams(next);
  };

  return (
    <Flex vertical gap={12}>
      {outgoing.error ? <ReferralProblem error={outgoing.error} onRetry={() => void outgoing.refetch()} /> : null}
      {outgoing.isPending && !outgoing.error ? <Skeleton active /> : null}
      {outgoing.isSuccess && rows.length === 0 ? <Empty description={t('outgoingEmpty')} /> : null}
      {rows.map((r) => {
        const awaiting = r.status === 'REQUESTED' || r.status === 'RECEIVED';
        return (
          <Card
            key={r.id}
            size="small"
            data-referral={r.id}
            title={
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong>{r.patient.name}</Typography.Text>
                <PriorityTag priority={r.priority} />
                <Tag>{rl.status[r.status]}</Tag>
                <Typography.Text type="secondary">
                  {rl.direction[r.direction]} → {nameOf(r.toInstitutionId) ?? '…'}
                </Typography.Text>
              </Flex>
            }
            extra={
              <Flex gap={12} align="center">
                {awaiting ? <Countdown deadlineAt={r.deadlineAt} requestedAt={r.milestones.requestedAt} now={now} /> : null}
                {r.status === 'ACCEPTED' && r.expectedArrivalAt ? (
                  <Typography.Text>{t('expectedAt', { time: formatDateTime(r.expectedArrivalAt, lang) })}</Typography.Text>
                ) : null}
                <Button size="small" onClick={() => open(r.id)}>
                  {t('actView')}
                  <span style={VISUALLY_HIDDEN}>：{r.patient.name}</span>
                </Button>
              </Flex>
            }
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {rl.indication[r.indication]}
            </Typography.Paragraph>
            <Steps size="small" items={milestoneSteps(r, t, rl, lang)} />
          </Card>
        );
      })}
      <MorePages pages={outgoing} more={t('loadMore')} />
      <ReferralDrawer id={openId} fallback={rows.find((r) => r.id === openId)} onClose={() => open(undefined)} onOpen={open} />
    </Flex>
  );
}
