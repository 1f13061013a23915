/**
 * A referral's time left to answer: the words and an icon say how urgent it is, the colour only
 * repeats them (amber text #ad4e00 and red #a8071a on their tints meet WCAG AA).
 */
import { ClockCircleOutlined, ExclamationCircleFilled, WarningFilled } from '@ant-design/icons';
import { countdownState, formatDuration, type CountdownLevel } from './countdown';
import { useReferralI18n } from './i18n';

export const COUNTDOWN_STYLE: Record<CountdownLevel, { color: string; background: string; border: string }> = {
  ok: { color: 'rgba(0, 0, 0, 0.88)', background: 'transparent', border: 'transparent' },
  soon: { color: '#ad4e00', background: '#fff7e6', border: '#ffd591' },
  overdue: { color: '#a8071a', background: '#fff1f0', border: '#ffa39e' },
};

export function Countdown({ deadlineAt, requestedAt, now }: { deadlineAt: string; requestedAt: string; now: number }) {
  const { t } = useReferralI18n();
  const { level, seconds } = countdownState(deadlineAt, requestedAt, now);
  const time = formatDuration(seconds, (d, h) => t('days', { d, h }));
  const text = level === 'overdue' ? t('overdueBy', { time }) : level === 'soon' ? t('dueSoon', { time }) : t('timeLeft', { time });
  const style = COUNTDOWN_STYLE[level];
  const Icon = level === 'overdue' ? ExclamationCircleFilled : level === 'soon' ? WarningFilled : ClockCircleOutlined;
  return (
    <span
      data-countdown={level}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 4,
        padding: '1px 6px',
        borderRadius: 4,
        border: `1px solid ${style.border}`,
        color: style.color,
        background: style.background,
        fontWeight: level === 'ok' ? 400 : 600,
        fontVariantNumeric: 'tabular-nums',
        whiteSpace: 'nowrap',
      }}
    >
      <Icon aria-hidden />
      <time dateTime={deadlineAt}>{text}</time>
    </span>
  );
}
