/**
 * A referral's attachments (转诊附件) in its drawer: the files either side attached, each downloaded
 * with the person's token, a new one added by the sender or the receiver while the referral is open
 * (checked here for type and size first, sent at the version read), and the printed referral form.
 * Only the two institutions' staff read files; a regulator sees neither the list nor the button.
 */
import { App as AntApp, Flex, Skeleton, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useSession } from '../../auth/session';
import { formatBytes } from '../../shared/files';
import { FileDownloadButton, useChooseAndSend } from '../../shared/FileTransfer';
import { formatDateTime } from '../../shared/time';
import { attachmentPath, referralFormPath, useAddAttachment, useAttachments, type Attachment } from './api';
import { useReferralI18n } from './i18n';
import { ReferralProblem } from './problems';
import { OPEN_INCOMING, type Referral } from './types';

/** The printed form, for whoever may read the referral. */
export function PrintReferralForm({ referral }: { referral: Pick<Referral, 'id' | 'direction'> }) {
  const { t } = useReferralI18n();
  const number = referral.id.slice(0, 8);
  return (
    <FileDownloadButton
      icon={<PrinterOutlined />}
      path={referralFormPath(referral.id)}
      fallbackName={referral.direction === 'DOWN' ? `referral-return-${number}.pdf` : `referral-${number}.pdf`}
      open
    >
      {t('printReferralForm')}
    </FileDownloadButton>
  );
}

export function Attachments({ referral: r }: { referral: Referral }) {
  const { t, lang } = useReferralI18n();
  const { principal } = useSession();
  const { message } = AntApp.useApp();
  const party =
    !!principal.institutionId && (principal.institutionId === r.fromInstitutionId || principal.institutionId === r.toInstitutionId);
  const attachments = useAttachments(r.id, party);
  const add = useAddAttachment();
  const { chooser, feedback } = useChooseAndSend({
    label: t('addAttachmentLabel'),
    text: t('addAttachment'),
    pending: add.isPending,
    percent: add.percent,
    reset: add.reset,
    send: (chosen) =>
      add.mutate({ referral: r, chosen }, { onSuccess: (added) => void message.success(t('attachmentAdded', { name: added.fileName })) }),
  });
  if (!party) return null;
  const open = OPEN_INCOMING.includes(r.status);

  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('sectionAttachments')}
        </Typography.Title>
        {open ? chooser : null}
      </Flex>
      {open ? <Typography.Text type="secondary">{t('attachmentsHint')}</Typography.Text> : null}
      {feedback}
      {add.error ? <ReferralProblem error={add.error} /> : null}
      {attachments.error ? <ReferralProblem error={attachments.error} onRetry={() => void attachments.refetch()} /> : null}
      {attachments.isPending ? <Skeleton active paragraph={{ rows: 1 }} /> : null}
      {attachments.data && attachments.data.items.length === 0 ? (
        <Typography.Text type="secondary">{t('noAttachments')}</Typography.Text>
      ) : null}
      {attachments.data?.items.length ? (
        <ul aria-label={t('attachmentsLabel')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {attachments.data.items.map((a: Attachment) => (
            <li key={a.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Flex vertical>
                  <span>{a.fileName}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('attachmentLine', {
                      side: t(a.side === 'sender' ? 'attachmentBy_sender' : 'attachmentBy_receiver'),
                      at: formatDateTime(a.uploadedAt, lang),
                      size: formatBytes(a.size),
                    })}
                  </Typography.Text>
                </Flex>
                <FileDownloadButton
                  size="small"
                  icon={<DownloadOutlined />}
                  path={attachmentPath(r.id, a.id)}
                  fallbackName={a.fileName}
                  aria-label={t('downloadAttachmentOf', { name: a.fileName })}
                >
                  {t('download')}
                </FileDownloadButton>
              </Flex>
            </li>
          ))}
        </ul>
      ) : null}
    </Flex>
  );
}
