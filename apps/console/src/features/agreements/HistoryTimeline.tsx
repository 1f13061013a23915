/**
 * The agreement's history as a timeline, newest first: what happened (in words), the status it moved
 * between, who (the person's name as the service recorded it, with their role; the role alone for older
 * lines and the platform) and why, in China Standard Time.
 */
import { Empty, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../shared/time';
import type { AgreementsI18n } from './i18n';
import type { HistoryEntry } from './model';

const NOTICE = /^(.*) \(effective (\d{4}-\d{2}-\d{2})\)$/s;
const DAYS = /^(\d+) days before expiry$/;
const REVISION = /^amendment (\d+)$/;
const DOCUMENT = /^(?:amendment (\d+): )?document (\d+) \((.*)\)$/s;

/** The recorded reason in the person's language: people's reasons as written, the platform's own notes in words. */
export function reasonText(i18n: AgreementsI18n, h: HistoryEntry): string | null {
  const reason = h.reason?.trim();
  if (!reason) return null;
  const { t } = i18n;
  switch (h.action) {
    case 'give-termination-notice': {
      const m = NOTICE.exec(reason);
      return m ? t('historyNoticeReason', { reason: m[1], date: m[2] }) : t('historyReason', { reason });
    }
    case 'expiry-reminder': {
      const m = DAYS.exec(reason);
      return m ? t('historyDaysBefore', { days: m[1] }) : null;
    }
    case 'propose-amendment':
    case 'countersign-amendment': {
      const m = REVISION.exec(reason);
      return m ? t('historyRevision', { revision: m[1] }) : null;
    }
    case 'attach-document': {
      // "document 2 (协议.pdf)", "amendment 1: document 2 (协议.pdf)": the version of the signed text, and whose it is
      const m = DOCUMENT.exec(reason);
      if (!m) return null;
      return m[1]
        ? t('historyAmendmentDocument', { revision: m[1], version: m[2], file: m[3] })
        : t('historyDocument', { version: m[2], file: m[3] });
    }
    case 'renew':
    case 'flag-party-sanctioned':
    case 'clear-party-sanction':
      // "renewal of <id>", "medical party SUSPENDED": the action's label says it, the links and notices show the rest
      return null;
    default:
      return t('historyReason', { reason });
  }
}

/** Who did it: "陈美玲（养老机构管理员）", or the role alone where no name was recorded. */
export function actorText(i18n: AgreementsI18n, actor: HistoryEntry['actor']): string {
  const role = i18n.labels.actor[actor.role] ?? actor.role;
  const name = actor.name?.trim();
  return name ? i18n.t('historyByName', { name, role }) : i18n.t('historyBy', { role });
}

const COLOURS: Record<string, string> = {
  reject: 'red',
  terminate: 'red',
  'give-termination-notice': 'red',
  expire: 'gray',
  'flag-party-sanctioned': 'red',
  activate: 'green',
  countersign: 'green',
};

export function HistoryTimeline({ history, i18n }: { history: HistoryEntry[]; i18n: AgreementsI18n }) {
  const { t, labels, lang } = i18n;
  if (!history.length) return <Empty description={t('historyEmpty')} />;
  const items = [...history].reverse().map((h, n) => {
    const reason = reasonText(i18n, h);
    return {
      key: `${h.at}-${n}`,
      color: COLOURS[h.action] ?? 'blue',
      title: <time dateTime={h.at}>{formatDateTime(h.at, lang)}</time>,
      content: (
        <div>
          <Typography.Text strong>{labels.action[h.action] ?? h.action}</Typography.Text>
          {h.from && h.from !== h.to ? (
            <Typography.Text type="secondary">
              {' '}
              · {t('historyMove', { from: labels.status[h.from], to: labels.status[h.to] })}
            </Typography.Text>
          ) : null}
          <Typography.Text type="secondary"> · {actorText(i18n, h.actor)}</Typography.Text>
          {reason ? <div style={{ whiteSpace: 'pre-wrap' }}>{reason}</div> : null}
        </div>
      ),
    };
  });
  return <Timeline items={items} />;
}
