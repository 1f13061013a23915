/**
 * An institution administrator's home (工作台, `/home`): who they are (the institution by name), the
 * figures of their work, each a link to the screen where it is done, the agreements ending within 30
 * days by the other party's name, quick actions their role may take, and the institution's referrals
 * over the last 30 days.
 *
 * A nursing home's administrator: agreements in force, ending within 30 days, for us to countersign
 * (a renewal the hospital proposed), referrals sent and received today. A medical institution's: for
 * us to countersign, in force, ending within 30 days, referrals received today and the desk's open ones.
 */
import { useId } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Col, ConfigProvider, Flex, Row, Skeleton, Typography } from 'antd';
import { FileAddOutlined, MedicineBoxOutlined, SendOutlined } from '@ant-design/icons';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { useInstitutions } from '../../shared/institutions';
import { useAgreementLists, useInstitutionStatistics, useOpenIncoming, useReferralsOfDay } from './api';
import { ExpiringList } from './ExpiringList';
import { FigureCard, type FigureProps } from './FigureCard';
import { useHomeI18n } from './i18n';
import {
  attentionCount,
  chinaToday,
  countOf,
  expiringRows,
  homeRoleOf,
  inForceCount,
  openIncoming,
  quickActionsFor,
  type Count,
} from './model';
import { ReferralFigures } from './ReferralFigures';
import { VISUALLY_HIDDEN } from '../../shared/visuallyHidden';
import { filingModes } from '../agreements/rules';

/** Error text and tags at WCAG AA contrast on white (antd's red is 3.7:1). */
const THEME = { token: { colorError: '#a8071a' } };

interface Loaded<T> {
  data?: T;
  isPending: boolean;
  error: unknown;
  refetch(): unknown;
}

/** A figure's state from the queries it needs. */
function state(queries: Loaded<unknown>[], count: () => Count) {
  const failed = queries.find((q) => q.error);
  const loading = queries.some((q) => q.isPending && !q.error);
  return {
    failed: !!failed,
    loading,
    count: failed || loading ? undefined : count(),
    onRetry: () => queries.filter((q) => q.error).forEach((q) => void q.refetch()),
  };
}

export function HomePage() {
  const { principal } = useSession();
  const { t } = useHomeI18n();
  const navigate = useNavigate();
  const role = homeRoleOf(principal);
  const today = chinaToday();
  const ids = {
    figures: useId(),
    expiring: useId(),
    stats: useId(),
    actions: useId(),
  };

  const institution = useInstitutions([principal.institutionId]).get(principal.institutionId ?? '');
  const lists = useAgreementLists();
  const sentToday = useReferralsOfDay('sent', today, role === 'elderly');
  const receivedToday = useReferralsOfDay('received', today, !!role);
  const worklist = useOpenIncoming(role === 'medical');
  const statistics = useInstitutionStatistics();
  const actions = quickActionsFor(principal, filingModes(principal.roles, principal.institutionId, institution?.data));

  if (!role)
    return (
      <Typography.Paragraph role="alert" style={{ margin: 0 }}>
        {t('forbiddenPage')}
      </Typography.Paragraph>
    );

  const attentionLists = [lists.submitted, lists.active, lists.signed];
  const figure = {
    attention: {
      title: t('fig_attention'),
      help: t('figHelp_attention'),
      unit: 'agreements',
      to: '/agreements?filter=attention',
      testId: 'figure-attention',
      ...state(attentionLists, () =>
        attentionCount({ submitted: lists.submitted.data!, active: lists.active.data!, signed: lists.signed.data! }, principal),
      ),
    },
    inForce: {
      title: t('fig_inForce'),
      help: t('figHelp_inForce'),
      unit: 'agreements',
      to: '/agreements?filter=inForce',
      testId: 'figure-in-force',
      ...state([lists.active, lists.signed], () => inForceCount(lists.active.data!, lists.signed.data!)),
    },
    expiring: {
      title: t('fig_expiring'),
      help: t('figHelp_expiring'),
      unit: 'agreements',
      to: '/agreements?filter=expiring',
      testId: 'figure-expiring',
      ...state([lists.expiring], () => countOf(lists.expiring.data!)),
    },
    sentToday: {
      title: t('fig_sentToday'),
      help: t('figHelp_sentToday'),
      unit: 'referrals',
      to: '/referrals?tab=outgoing',
      testId: 'figure-sent-today',
      ...state([sentToday], () => countOf(sentToday.data!)),
    },
    receivedToday: {
      title: role === 'medical' ? t('fig_receivedTodayDesk') : t('fig_receivedToday'),
      help: t('figHelp_receivedToday'),
      unit: 'referrals',
      to: role === 'medical' ? '/referral-desk' : '/referrals?tab=incoming',
      testId: 'figure-received-today',
      ...state([receivedToday], () => countOf(receivedToday.data!)),
    },
  } satisfies Record<string, FigureProps>;
  const open = worklist.data ? openIncoming(worklist.data) : undefined;
  const openFigure: FigureProps = {
    title: t('fig_openIncoming'),
    help: t('figHelp_openIncoming', { waiting: open?.waiting ?? 0, expected: open?.expected ?? 0, admitted: open?.admitted ?? 0 }),
    unit: 'referrals',
    to: '/referral-desk',
    testId: 'figure-open-incoming',
    ...state([worklist], () => open!.total),
    alert: !!open?.overdue,
    extra: open?.overdue ? <Typography.Text type="danger">{t('figOverdue', { count: open.overdue })}</Typography.Text> : null,
  };
  const attention = figure.attention;
  const cards: FigureProps[] =
    role === 'elderly'
      ? [figure.inForce, { ...figure.expiring, alert: !!figure.expiring.count?.value }, figure.sentToday, figure.receivedToday, attention]
      : [
          { ...attention, alert: !!attention.count?.value },
          figure.inForce,
          { ...figure.expiring, alert: !!figure.expiring.count?.value },
          figure.receivedToday,
          openFigure,
        ];

  const name = institution?.data?.name;
  const roleWords = principal.roles
    .filter((r) => r === 'elderly-admin' || r === 'medical-admin')
    .map((r) => t(`role_${r}`))
    .join('、');

  return (
    <ConfigProvider theme={THEME}>
      <Flex vertical gap={20}>
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('homeTitle')}</Typography.Text>
          <Typography.Title level={2} style={{ margin: 0 }} data-testid="home-institution">
            {name ?? (institution?.failed ? t('institutionUnknown') : t('institutionLoading'))}
          </Typography.Title>
          <Typography.Text>
            {t('homeWho', { role: roleWords, name: principal.name })} · {t('homeToday', { date: today })}
          </Typography.Text>
        </Flex>

        {actions.fileAgreement || actions.referResident || actions.openDesk ? (
          <section aria-labelledby={ids.actions}>
            <Typography.Title level={3} id={ids.actions} style={{ fontSize: 16, marginTop: 0 }}>
              {t('quickActions')}
            </Typography.Title>
            <Flex gap={12} wrap>
              {actions.referResident ? (
                <Button type="primary" icon={<SendOutlined aria-hidden />} onClick={() => void navigate('/referrals')}>
                  {t('actionReferResident')}
                </Button>
              ) : null}
              {actions.fileAgreement ? (
                <Button icon={<FileAddOutlined aria-hidden />} onClick={() => void navigate('/agreements?new')}>
                  {t('actionFileAgreement')}
                </Button>
              ) : null}
              {actions.openDesk ? (
                <Button type="primary" icon={<MedicineBoxOutlined aria-hidden />} onClick={() => void navigate('/referral-desk')}>
                  {t('actionOpenDesk')}
                </Button>
              ) : null}
            </Flex>
          </section>
        ) : null}

        <section aria-labelledby={ids.figures}>
          <Typography.Title level={3} id={ids.figures} style={VISUALLY_HIDDEN}>
            {t('figuresLabel')}
          </Typography.Title>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: 16 }}>
            {cards.map((c) => (
              <FigureCard key={c.testId} {...c} />
            ))}
          </div>
        </section>

        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card size="small" style={{ height: '100%' }}>
              <section aria-labelledby={ids.expiring}>
                <Typography.Title level={3} id={ids.expiring} style={{ fontSize: 16, marginTop: 0 }}>
                  {t('expiringTitle')}
                </Typography.Title>
                <Typography.Paragraph type="secondary">{t('expiringIntro')}</Typography.Paragraph>
                {lists.expiring.error ? (
                  <ProblemAlert error={lists.expiring.error} onRetry={() => void lists.expiring.refetch()} t={t} />
                ) : lists.expiring.data ? (
                  <ExpiringList
                    rows={expiringRows(lists.expiring.data.items, principal.institutionId, today)}
                    truncated={lists.expiring.data.truncated}
                    headingId={ids.expiring}
                  />
                ) : (
                  <Skeleton active />
                )}
              </section>
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" style={{ height: '100%' }}>
              <section aria-labelledby={ids.stats}>
                <Typography.Title level={3} id={ids.stats} style={{ fontSize: 16, marginTop: 0 }}>
                  {t('statsTitle')}
                </Typography.Title>
                {statistics.error ? (
                  <Flex vertical gap={8}>
                    <Typography.Text type="secondary">{t('statsFailed')}</Typography.Text>
                    <ProblemAlert error={statistics.error} onRetry={() => void statistics.refetch()} t={t} />
                  </Flex>
                ) : statistics.data ? (
                  <ReferralFigures statistics={statistics.data} headingId={ids.stats} />
                ) : (
                  <Skeleton active />
                )}
              </section>
            </Card>
          </Col>
        </Row>
      </Flex>
    </ConfigProvider>
  );
}

export default HomePage;
