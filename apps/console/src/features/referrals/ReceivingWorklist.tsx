/**
 * The receiving side's work (the referral desk; a nursing home receiving its residents back): the
 * worklist in three views (awaiting an answer, expected, admitted), kept live by the stream, a new
 * emergency announced at once (visibly always, audibly once the person turned sound on), and a
 * referral opened in a drawer whose id is in the URL.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Badge, Button, Flex, Radio, Switch, Tooltip, Typography } from 'antd';
import { ReloadOutlined, SoundOutlined } from '@ant-design/icons';
import { useSession } from '../../auth/session';
import { useStreamStatus } from '../inbox/StreamStatus';
import { useInstitutionNames, useWorklist } from './api';
import { useReferralI18n } from './i18n';
import { useReferralLive, type LiveArrival } from './live';
import { compareReferrals } from './order';
import { ReferralDrawer } from './ReferralDrawer';
import { ReferralProblem } from './problems';
import { chime, useSound } from './sound';
import { Worklist } from './Worklist';
import type { Direction, Referral } from './types';

type View = 'waiting' | 'accepted' | 'arrived';
const ANNOUNCEMENT_HEIGHT = 48;
const VIEWS: View[] = ['waiting', 'accepted', 'arrived'];
const inView = (view: View, r: Referral) =>
  view === 'waiting'
    ? r.status === 'REQUESTED' || r.status === 'RECEIVED'
    : view === 'accepted'
      ? r.status === 'ACCEPTED'
      : r.status === 'ARRIVED';

function useListHeight(): number {
  const compute = () => Math.max(360, (typeof window === 'undefined' ? 800 : window.innerHeight) - 380);
  const [height, setHeight] = useState(compute);
  useEffect(() => {
    const onResize = () => setHeight(compute());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

export function ReceivingWorklist({ direction, emptyText }: { direction?: Direction; emptyText: string }) {
  const { t, rl } = useReferralI18n();
  const { principal } = useSession();
  const [params, setParams] = useSearchParams();
  const view = (VIEWS as string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'waiting';
  const openId = params.get('referral') ?? undefined;
  const worklist = useWorklist(principal.institutionId);
  const status = useStreamStatus();
  const [sound, setSound] = useSound();
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [emergencies, setEmergencies] = useState<Referral[]>([]);
  const [latest, setLatest] = useState<Referral>();
  const height = useListHeight();

  const all = useMemo(
    () => (worklist.data?.items ?? []).filter((r) => !direction || r.direction === direction),
    [worklist.data, direction],
  );
  const nameOf = useInstitutionNames(useMemo(() => [...new Set(all.map((r) => r.fromInstitutionId))], [all]));
  const rows = useMemo(() => all.filter((r) => inView(view, r)), [all, view]);
  const counts = useMemo(
    () => Object.fromEntries(VIEWS.map((v) => [v, all.filter((r) => inView(v, r)).length])) as Record<View, number>,
    [all],
  );

  const onArrival = useCallback(
    ({ referral, isNew }: LiveArrival) => {
      if (!isNew || (direction && referral.direction !== direction)) return;
      setFresh((old) => new Set(old).add(referral.id));
      setLatest(referral);
      if (referral.priority === 'EMERGENCY' && (referral.status === 'REQUESTED' || referral.status === 'RECEIVED')) {
        setEmergencies((old) => [referral, ...old.filter((r) => r.id !== referral.id)]);
        chime();
      }
    },
    [direction],
  );
  useReferralLive(onArrival);

  const setParam = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  const open = (id: string | undefined) => {
    setParam({ referral: id });
    if (id) setEmergencies((old) => old.filter((r) => r.id !== id));
  };
  const nextOf = (id: string) => [...all].filter((r) => inView('waiting', r) && r.id !== id).sort(compareReferrals)[0]?.id;
  const emergency = emergencies[0];
  const describe = (r: Referral) => ({
    patient: r.patient.name,
    indication: rl.indication[r.indication],
    from: nameOf(r.fromInstitutionId) ?? '…',
  });

  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={16} wrap>
        {status === 'live' ? <Badge status="success" text={t('liveOn')} /> : null}
        {status === 'reconnecting' ? <Badge status="warning" text={t('liveReconnecting')} /> : null}
        {status === 'off' ? <Badge status="default" text={t('liveOff')} /> : null}
        <Tooltip title={t('soundHint')}>
          <Flex align="center" gap={6}>
            <SoundOutlined aria-hidden />
            <Switch size="small" checked={sound} onChange={setSound} aria-label={t('sound')} />
            <Typography.Text>{t('sound')}</Typography.Text>
          </Flex>
        </Tooltip>
        <Button
          icon={<ReloadOutlined aria-hidden />}
          onClick={() => void worklist.refetch()}
          loading={worklist.isFetching && !worklist.isPending}
        >
          {t('refresh')}
        </Button>
        <Typography.Text type="secondary">{t('rowsShown', { count: all.length })}</Typography.Text>
      </Flex>
      {/* a place of fixed height for announcements: one appearing never pushes the list under the pointer */}
      <div style={{ height: ANNOUNCEMENT_HEIGHT }}>
        {emergency ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="emergency-announcement"
            style={{ height: ANNOUNCEMENT_HEIGHT, boxSizing: 'border-box', alignItems: 'center' }}
            title={
              <span
                title={t('newEmergency', describe(emergency))}
                style={{ display: 'block', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
              >
                {t('newEmergency', describe(emergency))}
              </span>
            }
            action={
              <Flex gap={8}>
                <Button size="small" type="primary" danger onClick={() => open(emergency.id)}>
                  {t('openIt')}
                </Button>
                <Button size="small" onClick={() => setEmergencies((old) => old.slice(1))}>
                  {t('dismiss')}
                </Button>
              </Flex>
            }
          />
        ) : (
          <Flex aria-live="polite" align="center" style={{ height: ANNOUNCEMENT_HEIGHT }}>
            {latest ? <Typography.Text type="secondary">{t('newReferral', describe(latest))}</Typography.Text> : null}
          </Flex>
        )}
      </div>
      {worklist.error ? <ReferralProblem error={worklist.error} onRetry={() => void worklist.refetch()} /> : null}
      {worklist.isPending && !worklist.error ? (
        <Typography.Text type="secondary">{t('loading')}</Typography.Text>
      ) : (
        <Worklist
          key={view}
          rows={rows}
          fresh={fresh}
          me={principal.sub}
          nameOf={nameOf}
          onOpen={open}
          emptyText={emptyText}
          height={height}
          toolbar={
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              value={view}
              onChange={(e) => setParam({ view: e.target.value === 'waiting' ? undefined : (e.target.value as View) })}
              aria-label={t('worklistView')}
              options={VIEWS.map((v) => ({
                value: v,
                label: `${t(v === 'waiting' ? 'viewWaiting' : v === 'accepted' ? 'viewAccepted' : 'viewArrived')}（${counts[v]}）`,
              }))}
            />
          }
        />
      )}
      <ReferralDrawer
        id={openId}
        fallback={all.find((r) => r.id === openId)}
        onClose={() => open(undefined)}
        onOpen={open}
        nextOf={nextOf}
      />
    </Flex>
  );
}
