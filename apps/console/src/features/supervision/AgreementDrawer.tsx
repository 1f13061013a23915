/**
 * One agreement as a regulator may read it, nothing to act on: both parties by name, the mode, status
 * and term, the revision in force, a notice of termination, sanctions, a pending amendment (what it
 * would change), renewals; the content in words, the signed documents, the history, all in China
 * Standard Time; and the printed summary. The content, documents and history are the agreement
 * screens' own read-only views.
 */
import { Button, Card, Descriptions, Drawer, Flex, Skeleton, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { FileDownloadButton } from '../../shared/FileTransfer';
import { formatDateTime } from '../../shared/time';
import { AgreementContentView, AmendmentDiff } from '../agreements/AgreementContentView';
import { DocumentsCard } from '../agreements/DocumentsCard';
import { HistoryTimeline } from '../agreements/HistoryTimeline';
import { useAgreementsI18n } from '../agreements/i18n';
import { STATUS_COLOURS } from '../agreements/model';
import { useAgreementDetail, useRegistryNames } from './api';
import { useSupervisionI18n } from './i18n';
import { labelOf } from './messages';
import { agreementSummaryPath, partyName, partyRoles, roleText, shortId, type Agreement } from './model';
import { SupervisionProblem } from './SupervisionProblem';

export function AgreementDrawer({ id, onClose, onOpen }: { id: string | undefined; onClose: () => void; onOpen: (id: string) => void }) {
  const { t } = useSupervisionI18n();
  const agreement = useAgreementDetail(id);
  return (
    <Drawer open={!!id} onClose={onClose} title={t('agreementDetail')} size={760} destroyOnHidden>
      {agreement.error ? <SupervisionProblem error={agreement.error} onRetry={() => void agreement.refetch()} /> : null}
      {agreement.isPending && !agreement.error ? <Skeleton active /> : null}
      {agreement.data ? <Details key={agreement.data.id} agreement={agreement.data} onOpen={onOpen} /> : null}
    </Drawer>
  );
}

function Details({ agreement: a, onOpen }: { agreement: Agreement; onOpen: (id: string) => void }) {
  const { t, lang, L, words } = useSupervisionI18n();
  const agreementsI18n = useAgreementsI18n();
  const registry = useRegistryNames([
    ...(a.elderlyInstitutionName ? [] : [a.elderlyInstitutionId]),
    ...(a.medicalInstitutionName ? [] : [a.medicalInstitutionId]),
  ]);
  const [first, second] = partyRoles(a.mode);
  const firstName = partyName(words, registry, a.elderlyInstitutionId, a.elderlyInstitutionName);
  const secondName = partyName(words, registry, a.medicalInstitutionId, a.medicalInstitutionName);
  const nameOf = (id: string) => (id === a.elderlyInstitutionId ? firstName : id === a.medicalInstitutionId ? secondName : shortId(id));
  const sideText = (side: 'elderly' | 'medical') => roleText(words, side === 'elderly' ? first : second);
  const link = (target: string, text: string) => (
    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(target)}>
      {text}
    </Button>
  );

  const items: DescriptionsProps['items'] = [
    { key: 'first', label: roleText(words, first), children: firstName },
    { key: 'second', label: roleText(words, second), children: secondName },
    { key: 'mode', label: t('fieldMode'), children: labelOf(L.mode, a.mode) },
    {
      key: 'status',
      label: t('fieldStatus'),
      children: <Tag color={STATUS_COLOURS[a.status]}>{labelOf(L.agreementStatus, a.status)}</Tag>,
    },
    { key: 'term', label: t('fieldTerm'), children: t('termRange', { from: a.term.effectiveFrom, to: a.term.effectiveTo }) },
    {
      key: 'revision',
      label: t('fieldRevision'),
      children: a.revision > 0 ? t('revisionValue', { revision: a.revision }) : t('revisionNone'),
    },
    { key: 'proposedBy', label: t('fieldProposedBy'), children: sideText(a.proposedBy) },
  ];
  if (a.termination)
    items.push({
      key: 'termination',
      label: t('fieldTermination'),
      children: t('terminationValue', {
        side: sideText(a.termination.bySide),
        date: a.termination.effectiveOn,
        reason: a.termination.reason,
      }),
    });
  if (a.sanctions.length)
    items.push({
      key: 'sanctions',
      label: t('fieldSanctions'),
      children: (
        <Flex vertical>
          {a.sanctions.map((s) => (
            <Typography.Text key={s.institutionId} style={{ color: '#a8071a' }}>
              {t('sanctionValue', { name: nameOf(s.institutionId), status: labelOf(L.institutionStatus, s.status) })}
            </Typography.Text>
          ))}
        </Flex>
      ),
    });
  if (a.pendingAmendment)
    items.push({
      key: 'pending',
      label: t('fieldPendingAmendment'),
      children: t('pendingValue', {
        revision: a.pendingAmendment.revision,
        side: sideText(a.pendingAmendment.proposedBy),
        at: formatDateTime(a.pendingAmendment.proposedAt, lang),
      }),
    });
  if (a.predecessorId)
    items.push({
      key: 'predecessor',
      label: t('fieldPredecessor'),
      children: link(a.predecessorId, t('agreementRef', { id: shortId(a.predecessorId) })),
    });
  if (a.copiedFrom)
    items.push({
      key: 'copied',
      label: t('fieldCopiedFrom'),
      children: link(a.copiedFrom, t('agreementRef', { id: shortId(a.copiedFrom) })),
    });
  if (a.renewals?.length)
    items.push({
      key: 'renewals',
      label: t('fieldRenewals'),
      children: (
        <Space wrap>
          {a.renewals.map((r) => link(r.id, t('agreementRefStatus', { id: shortId(r.id), status: labelOf(L.agreementStatus, r.status) })))}
        </Space>
      ),
    });
  items.push(
    { key: 'filed', label: t('fieldFiled'), children: <time dateTime={a.createdAt}>{formatDateTime(a.createdAt, lang)}</time> },
    { key: 'updated', label: t('fieldUpdated'), children: <time dateTime={a.updatedAt}>{formatDateTime(a.updatedAt, lang)}</time> },
    { key: 'id', label: t('fieldAgreementId'), children: <code>{a.id}</code> },
  );

  return (
    <Flex vertical gap={16}>
      <Space wrap>
        <FileDownloadButton
          icon={<PrinterOutlined />}
          path={agreementSummaryPath(a.id)}
          fallbackName={`agreement-summary-${a.id.slice(0, 8)}.pdf`}
          open
        >
          {t('printSummary')}
        </FileDownloadButton>
      </Space>
      <Descriptions title={t('sectionAgreement')} column={1} bordered size="small" items={items} styles={{ label: { width: 160 } }} />
      {a.pendingAmendment ? (
        <Card size="small" title={t('sectionAmendment')}>
          <AmendmentDiff i18n={agreementsI18n} current={a} proposed={a.pendingAmendment.content} mode={a.mode} />
        </Card>
      ) : null}
      <Card size="small" title={t('sectionContent')}>
        <AgreementContentView i18n={agreementsI18n} content={a} mode={a.mode} />
      </Card>
      <DocumentsCard agreement={a} side={undefined} i18n={agreementsI18n} />
      <Card size="small" title={t('sectionHistory')}>
        <HistoryTimeline history={a.history ?? []} i18n={agreementsI18n} />
      </Card>
    </Flex>
  );
}
