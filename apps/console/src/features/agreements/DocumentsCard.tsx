/**
 * The signed document (签署文本) of an agreement: every uploaded version (when, the file, its size, who
 * uploaded it), each downloadable with the person's token, and for the filing party while the
 * agreement is a DRAFT or SUBMITTED a new version to upload (checked here first, sent at the version
 * read). Both parties and regulators read it; the medical party reads it before countersigning.
 */
import { App as AntApp, Card, Empty, Flex, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { formatBytes } from '../../shared/files';
import { FileDownloadButton, useChooseAndSend } from '../../shared/FileTransfer';
import { formatDateTime } from '../../shared/time';
import { documentPath, useAgreementDocuments, useUploadDocument, type DocumentVersion } from './api';
import { AgreementProblem } from './AgreementProblem';
import type { AgreementsI18n } from './i18n';
import type { Agreement, HistoryEntry, Side } from './model';

/** Who uploaded each version: the n-th "attach-document" line of the history is version n. */
export function uploaders(history: HistoryEntry[] | undefined): Map<number, HistoryEntry['actor']> {
  const attached = (history ?? []).filter((h) => h.action === 'attach-document');
  return new Map(attached.map((h, n) => [n + 1, h.actor]));
}

/**
 * The filing party may add a version while the agreement is a DRAFT or SUBMITTED, and once it is in force
 * while an amendment is pending (the amendment's own paper, which its countersignature needs).
 */
export const mayUploadDocument = (a: Pick<Agreement, 'status' | 'pendingAmendment'>, side: Side | undefined) =>
  side === 'elderly' &&
  (a.status === 'DRAFT' || a.status === 'SUBMITTED' || ((a.status === 'SIGNED' || a.status === 'ACTIVE') && !!a.pendingAmendment));

export function DocumentsCard({ agreement: a, side, i18n }: { agreement: Agreement; side: Side | undefined; i18n: AgreementsI18n }) {
  const { t, labels, lang } = i18n;
  const { message } = AntApp.useApp();
  const documents = useAgreementDocuments(a.id, !!a.attachedDocument);
  const upload = useUploadDocument();
  const { chooser, feedback } = useChooseAndSend({
    label: t('uploadDocumentLabel'),
    text: t('uploadNewVersion'),
    pending: upload.isPending,
    percent: upload.percent,
    reset: upload.reset,
    send: (chosen) =>
      upload.mutate(
        { agreement: a, chosen },
        { onSuccess: (changed) => void message.success(t('documentUploaded', { version: changed.attachedDocument?.version ?? '' })) },
      ),
  });
  const by = uploaders(a.history);
  const canUpload = mayUploadDocument(a, side);

  const columns = [
    { key: 'version', title: t('colDocumentVersion'), render: (d: DocumentVersion) => t('documentVersion', { version: d.version }) },
    {
      key: 'at',
      title: t('colUploadedAt'),
      render: (d: DocumentVersion) => <time dateTime={d.uploadedAt}>{formatDateTime(d.uploadedAt, lang)}</time>,
    },
    { key: 'name', title: t('colFileName'), render: (d: DocumentVersion) => d.fileName },
    { key: 'size', title: t('colFileSize'), render: (d: DocumentVersion) => formatBytes(d.sizeBytes) },
    {
      key: 'by',
      title: t('colUploadedBy'),
      render: (d: DocumentVersion) => {
        const actor = by.get(d.version);
        return actor ? (actor.name ?? labels.actor[actor.role] ?? actor.role) : '—';
      },
    },
    {
      key: 'download',
      title: t('downloadDocument'),
      render: (d: DocumentVersion) => (
        <FileDownloadButton
          size="small"
          icon={<DownloadOutlined />}
          path={documentPath(a.id, d.version)}
          fallbackName={d.fileName}
          aria-label={t('downloadDocumentOf', { version: d.version, name: d.fileName })}
        >
          {t('downloadDocument')}
        </FileDownloadButton>
      ),
    },
  ];

  return (
    <Card size="small" title={t('documentCardTitle')} extra={canUpload ? chooser : null}>
      <Flex vertical gap={8}>
        {feedback}
        {upload.error ? <AgreementProblem error={upload.error} t={t} /> : null}
        {documents.error ? <AgreementProblem error={documents.error} t={t} onRetry={() => void documents.refetch()} /> : null}
        {a.attachedDocument ? (
          <Table<DocumentVersion>
            size="small"
            rowKey="version"
            aria-label={t('documentVersionsLabel')}
            loading={documents.isPending}
            pagination={false}
            columns={columns}
            dataSource={documents.data?.items ?? []}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documentNone')} />
        )}
      </Flex>
    </Card>
  );
}
