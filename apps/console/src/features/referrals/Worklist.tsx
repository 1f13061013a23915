/**
 * The worklist: one row per referral, only the rows in view are in the page (@tanstack/react-virtual,
 * fixed row height), so 500 rows scroll as smoothly as 5. Rows never move while the pointer or the
 * keyboard focus is in the list (useStableRows); what arrived meanwhile waits in a line above it.
 */
import { memo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Badge, Button, Empty, Flex, Tag, Typography } from 'antd';
import { AlertFilled, CheckCircleOutlined } from '@ant-design/icons';
import { maskResidentId } from '@kernel/resident-id';
import { formatDateTime } from '../../shared/time';
import { Countdown } from './Countdown';
import { useServerNow } from './countdown';
import { useReferralI18n } from './i18n';
import { ageOn } from './patient';
import { useStableRows } from './order';
import type { Priority, Referral } from './types';
import { VISUALLY_HIDDEN } from '../../shared/visuallyHidden';

export const ROW_HEIGHT = 68;

/** priority · patient · reason · from · time · status · action: fixed where the content is known, the rest shares what is left */
const COLUMNS = '96px minmax(0, 1.2fr) minmax(0, 1fr) minmax(0, 1.3fr) 196px 104px 84px';

/** White text on these meets WCAG AA; the word is always there, the colour only repeats it. */
export const PRIORITY_COLOURS: Record<Priority, string | undefined> = { EMERGENCY: '#a8071a', URGENT: '#ad4e00', ROUTINE: undefined };

export function PriorityTag({ priority }: { priority: Priority }) {
  const { rl } = useReferralI18n();
  return (
    <Tag
      color={PRIORITY_COLOURS[priority]}
      icon={priority === 'EMERGENCY' ? <AlertFilled aria-hidden /> : undefined}
      style={{ marginInlineEnd: 0 }}
    >
      {rl.priority[priority]}
    </Tag>
  );
}

export interface WorklistProps {
  rows: readonly Referral[];
  /** ids announced as new since the page was opened */
  fresh: ReadonlySet<string>;
  /** the signed-in person (for "claimed by me") */
  me: string;
  nameOf: (id: string | null | undefined) => string | undefined;
  onOpen: (id: string) => void;
  emptyText: string;
  height: number;
  /** shown on the line above the list (the view switch), beside the note of rows waiting to join */
  toolbar?: ReactNode;
}

export function Worklist({ rows, fresh, me, nameOf, onOpen, emptyText, height, toolbar }: WorklistProps) {
  const { t } = useReferralI18n();
  const [pointerIn, setPointerIn] = useState(false);
  const [focusIn, setFocusIn] = useState(false);
  const held = pointerIn || focusIn;
  const stable = useStableRows(rows, held);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: stable.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => stable.rows[index]?.id ?? index,
    initialRect: { width: 1000, height },
  });
  const now = useServerNow();

  return (
    <Flex vertical gap={8}>
      <Flex align="center" gap={16} wrap style={{ minHeight: 34 }}>
        {toolbar}
        <div aria-live="polite">
          {stable.waiting > 0 ? (
            <Flex
              align="center"
              gap={12}
              style={{ background: '#e6f4ff', border: '1px solid #91caff', borderRadius: 6, padding: '2px 12px' }}
            >
              <Typography.Text>{t('pendingRows', { count: stable.waiting })}</Typography.Text>
              <Button
                size="small"
                onClick={() => {
                  setPointerIn(false);
                  setFocusIn(false);
                }}
              >
                {t('showPending')}
              </Button>
            </Flex>
          ) : null}
        </div>
      </Flex>
      <div className="referral-worklist" style={{ border: '1px solid #f0f0f0', borderRadius: 8, background: '#fff' }}>
        <div
          aria-hidden
          style={{
            display: 'grid',
            gridTemplateColumns: COLUMNS,
            gap: 12,
            padding: '8px 12px',
            background: '#fafafa',
            borderBottom: '1px solid #f0f0f0',
            fontWeight: 600,
          }}
        >
          <span>{t('colPriority')}</span>
          <span>{t('colPatient')}</span>
          <span>{t('colIndication')}</span>
          <span>{t('colFrom')}</span>
          <span>{t('colTime')}</span>
          <span>{t('colStatus')}</span>
          <span>{t('colAction')}</span>
        </div>
        {stable.rows.length === 0 ? (
          <Empty description={emptyText} style={{ padding: 32 }} />
        ) : (
          <div
            ref={scroller}
            role="region"
            aria-label={t('worklistLabel')}
            tabIndex={0}
            data-testid="worklist"
            style={{ height, overflowY: 'auto', contain: 'strict', overflowAnchor: 'none' }}
            onPointerEnter={() => setPointerIn(true)}
            onPointerLeave={() => setPointerIn(false)}
            onFocus={() => setFocusIn(true)}
            onBlur={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocusIn(false);
            }}
          >
            <div role="list" aria-label={t('worklistLabel')} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const referral = stable.rows[item.index];
                return (
                  <Row
                    key={item.key}
                    referral={referral}
                    index={item.index}
                    count={stable.rows.length}
                    top={item.start}
                    now={now}
                    gone={stable.gone.has(referral.id)}
                    fresh={fresh.has(referral.id)}
                    me={me}
                    from={nameOf(referral.fromInstitutionId)}
                    onOpen={onOpen}
                  />
                );
              })}
            </div>
          </div>
        )}
      </div>
    </Flex>
  );
}

interface RowProps {
  referral: Referral;
  index: number;
  count: number;
  top: number;
  now: number;
  gone: boolean;
  fresh: boolean;
  me: string;
  from: string | undefined;
  onOpen: (id: string) => void;
}

const Row = memo(function Row({ referral: r, index, count, top, now, gone, fresh, me, from, onOpen }: RowProps) {
  const { t, lang, rl } = useReferralI18n();
  const awaiting = r.status === 'REQUESTED' || r.status === 'RECEIVED';
  const birthDate = typeof r.patient.birthDate === 'string' ? r.patient.birthDate : undefined;
  const style: CSSProperties = {
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    height: ROW_HEIGHT,
    transform: `translateY(${top}px)`,
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    gap: 12,
    alignItems: 'center',
    padding: '0 12px',
    boxSizing: 'border-box',
    borderBottom: '1px solid #f0f0f0',
    borderInlineStart: `4px solid ${r.priority === 'EMERGENCY' ? '#a8071a' : r.priority === 'URGENT' ? '#ad4e00' : 'transparent'}`,
    // a row that left keeps its place (and readable contrast) until the list is let go: greyed, struck through, said in words
    background: gone ? '#f5f5f5' : fresh ? '#f0f7ff' : '#fff',
    textDecoration: gone ? 'line-through' : undefined,
    cursor: gone ? 'default' : 'pointer',
  };
  return (
    <div
      role="listitem"
      aria-setsize={count}
      aria-posinset={index + 1}
      style={style}
      data-referral={r.id}
      onClick={gone ? undefined : () => onOpen(r.id)}
    >
      <Flex gap={4} align="center" wrap={false}>
        <PriorityTag priority={r.priority} />
        {fresh && !gone ? <Badge count={t('newBadge')} style={{ backgroundColor: '#0958d9' }} /> : null}
      </Flex>
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text strong ellipsis>
          {r.patient.name}
        </Typography.Text>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
          {rl.sex[r.patient.sex]}
          {birthDate ? ` · ${t('age', { n: ageOn(birthDate) })}` : ''} · {maskResidentId(r.patient.idNumber)}
        </Typography.Text>
      </Flex>
      <Typography.Text ellipsis>{rl.indication[r.indication]}</Typography.Text>
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text ellipsis>{from ?? '…'}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {rl.direction[r.direction]}
        </Typography.Text>
      </Flex>
      <span>
        {awaiting ? (
          <Countdown deadlineAt={r.deadlineAt} requestedAt={r.milestones.requestedAt} now={now} />
        ) : r.status === 'ARRIVED' ? (
          <span>
            <CheckCircleOutlined aria-hidden /> {t('arrivedAt', { time: formatDateTime(r.milestones.arrivedAt, lang) })}
          </span>
        ) : (
          <span>{t('expectedAt', { time: formatDateTime(r.expectedArrivalAt, lang) })}</span>
        )}
      </span>
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text ellipsis>{rl.status[r.status]}</Typography.Text>
        {r.status === 'RECEIVED' && r.claimedBy ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {r.claimedBy === me ? t('claimedByMe') : t('claimedByOther')}
          </Typography.Text>
        ) : null}
      </Flex>
      {gone ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('rowGone')}
        </Typography.Text>
      ) : (
        <Button
          size="small"
          type={r.priority === 'EMERGENCY' && awaiting ? 'primary' : 'default'}
          onClick={(e) => {
            e.stopPropagation();
            onOpen(r.id);
          }}
        >
          {t('actOpen')}
          <span style={VISUALLY_HIDDEN}>：{r.patient.name}</span>
        </Button>
      )}
    </div>
  );
});
