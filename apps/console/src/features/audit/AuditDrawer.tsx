/**
 * One audit entry with all it holds, in words: time (CST), who (name, role, institution), what, which
 * record and its institutions, every field the change set, the status move (exact, from the record's
 * own history, when the person may read the record), the reason, the version and the references; and
 * two ways on: only this person's changes, every change of this record.
 */
import { Alert, Button, Descriptions, Drawer, Flex, Tag, Typography, type DescriptionsProps } from 'antd';
import { formatDateTime } from '../../shared/time';
import { lineOf, useRecordHistory } from './api';
import { describeEntry, statusWords, type NameOf } from './describe';
import { useAuditI18n } from './i18n';
import type { AuditEntry, Source } from './model';

export function AuditDrawer({
  open,
  entry,
  source,
  nameOf,
  onClose,
  onOnlyActor,
  onOnlyRecord,
}: {
  open: boolean;
  entry: AuditEntry | undefined;
  source: Source;
  nameOf: NameOf;
  onClose: () => void;
  onOnlyActor: (entry: AuditEntry) => void;
  onOnlyRecord: (entry: AuditEntry) => void;
}) {
  const { t } = useAuditI18n();
  return (
    <Drawer open={open} onClose={onClose} title={t('entryTitle')} size={620} destroyOnHidden>
      {entry ? (
        <Details entry={entry} source={source} nameOf={nameOf} onOnlyActor={onOnlyActor} onOnlyRecord={onOnlyRecord} />
      ) : (
        <Alert type="info" showIcon title={t('entryMissing')} />
      )}
    </Drawer>
  );
}

function Details({
  entry,
  source,
  nameOf,
  onOnlyActor,
  onOnlyRecord,
}: {
  entry: AuditEntry;
  source: Source;
  nameOf: NameOf;
  onOnlyActor: (entry: AuditEntry) => void;
  onOnlyRecord: (entry: AuditEntry) => void;
}) {
  const i18n = useAuditI18n();
  const { t, lang, L } = i18n;
  const d = describeEntry(entry, source, nameOf, i18n);
  const history = useRecordHistory(d.source, entry.resourceId);
  const line = lineOf(history.data, entry);
  const items: DescriptionsProps['items'] = [
    { key: 'time', label: t('fieldTime'), children: <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time> },
    { key: 'actor', label: t('fieldActor'), children: d.who },
    { key: 'role', label: t('fieldActorRole'), children: d.role },
    ...(d.actorInstitution ? [{ key: 'actorInstitution', label: t('fieldActorInstitution'), children: d.actorInstitution }] : []),
    { key: 'action', label: t('fieldAction'), children: d.action },
    {
      key: 'record',
      label: t('fieldRecord'),
      children: (
        <Flex vertical gap={2}>
          <span>{d.record}</span>
          <Typography.Text type="secondary">{d.recordRef}</Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'parties',
      label: t('fieldParties'),
      children: (
        <Flex vertical gap={2}>
          {d.parties.map((p) => (
            <span key={`${p.role}-${p.name}`}>{d.parties.length > 1 ? t('partyLine', { label: p.label, name: p.name }) : p.name}</span>
          ))}
        </Flex>
      ),
    },
  ];
  if (line && line.from !== line.to)
    items.push({
      key: 'status',
      label: t('fieldStatus'),
      children: t('fieldStatusFromHistory', {
        from: line.from ? statusWords(d.source, line.from, L) : '—',
        to: statusWords(d.source, line.to, L),
      }),
    });
  else if (d.statusMove) items.push({ key: 'status', label: t('fieldStatus'), children: d.statusMove });
  items.push(
    {
      key: 'fields',
      label: t('fieldChanges'),
      children: (
        <Flex vertical gap={6}>
          <Flex wrap gap={4}>
            {d.fields.map((f) => (
              <Tag key={f}>{f}</Tag>
            ))}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('fieldValuesNote')}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'reason', label: t('fieldReason'), children: d.reason ?? t('noReason') },
    { key: 'version', label: t('fieldVersion'), children: t('fieldVersionValue', { version: entry.version }) },
    { key: 'entryId', label: t('fieldEntryId'), children: <code>{entry.id}</code> },
    { key: 'recordId', label: t('fieldRecordId'), children: <code>{entry.resourceId}</code> },
  );
  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph style={{ margin: 0 }} strong>
        {d.sentence}
      </Typography.Paragraph>
      <Descriptions column={1} bordered size="small" items={items} />
      <Flex gap={8} wrap>
        <Button onClick={() => onOnlyActor(entry)}>{t('onlyThisActor')}</Button>
        <Button onClick={() => onOnlyRecord(entry)}>{t('onlyThisRecord')}</Button>
      </Flex>
    </Flex>
  );
}
