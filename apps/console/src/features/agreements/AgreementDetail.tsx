/**
 * One agreement: its parties by name, status, term and revision; what needs doing and by whom (submit,
 * countersign or reject with the mode's rules checked beside the content, answer an amendment, renew,
 * terminate); notices of termination and sanctions; its content; and its history as a timeline.
 */
import { useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Flex, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { ApiProblem, describeProblem } from '../../api/problem';
import { useSession } from '../../auth/session';
import { FileDownloadButton } from '../../shared/FileTransfer';
import { formatDateTime } from '../../shared/time';
import { agreementKey, summaryPath, useAgreement, useInstitutions } from './api';
import { AgreementContentView, AmendmentDiff } from './AgreementContentView';
import { factsOf, type FiledState } from './AgreementForm';
import { AgreementProblem } from './AgreementProblem';
import { DocumentsCard } from './DocumentsCard';
import { HistoryTimeline } from './HistoryTimeline';
import { partyKeys, useAgreementsI18n } from './i18n';
import type { AgreementMessageKey } from './messages';
import { addDays, chinaToday, movesFor, sideOf, STATUS_COLOURS, type Agreement } from './model';
import { MoveDialog, type DialogKind } from './MoveDialog';
import { RuleChecklist, unmetCount } from './RuleChecklist';
import { checkAgreement } from './rules';

export function AgreementDetail({ id, onAmend, onCopy }: { id: string; onAmend: (a: Agreement) => void; onCopy: (a: Agreement) => void }) {
  const i18n = useAgreementsI18n();
  const { t } = i18n;
  const agreement = useAgreement(id);
  const client = useQueryClient();
  const reload = () => void client.invalidateQueries({ queryKey: agreementKey(id) });
  const [params] = useSearchParams();
  const back = new URLSearchParams(params);
  back.delete('agreement');
  back.delete('amend');
  return (
    <Flex vertical gap={16}>
      <div>
        <Link to={{ search: back.toString() ? `?${back.toString()}` : '' }}>
          <ArrowLeftOutlined aria-hidden /> {t('backToList')}
        </Link>
      </div>
      {agreement.error ? <AgreementProblem error={agreement.error} t={t} onRetry={reload} /> : null}
      {agreement.isPending && !agreement.error ? <Skeleton active /> : null}
      {agreement.data ? <Loaded agreement={agreement.data} onReload={reload} onAmend={onAmend} onCopy={onCopy} /> : null}
    </Flex>
  );
}

function Loaded({
  agreement: a,
  onReload,
  onAmend,
  onCopy,
}: {
  agreement: Agreement;
  onReload: () => void;
  onAmend: (a: Agreement) => void;
  onCopy: (a: Agreement) => void;
}) {
  const i18n = useAgreementsI18n();
  const { t, labels, lang, registry } = i18n;
  const { principal } = useSession();
  const location = useLocation();
  const side = sideOf(a, principal);
  const moves = movesFor(a, side);
  const names = useInstitutions([a.elderlyInstitutionId, a.medicalInstitutionId]);
  const elderly = names.get(a.elderlyInstitutionId)?.data;
  const medical = names.get(a.medicalInstitutionId)?.data;
  const nameOf = (id: string) => names.get(id)?.data?.name ?? (names.get(id)?.failed ? t('unknownInstitution') : '…');
  const otherId = side === 'medical' ? a.elderlyInstitutionId : a.medicalInstitutionId;
  const otherName = nameOf(side ? otherId : a.medicalInstitutionId);
  const today = chinaToday();
  const checks = useMemo(
    () => checkAgreement(a, { medical: factsOf(medical), elderly: factsOf(elderly) }, a.status === 'SUBMITTED' ? today : undefined),
    [a, medical, elderly, today],
  );
  const [dialog, setDialog] = useState<DialogKind>();
  const [tab, setTab] = useState(moves.countersign ? 'checklist' : 'content');
  const filed = location.state as FiledState | null;
  const submitProblem =
    a.status === 'DRAFT' && filed?.submitProblem ? new ApiProblem(filed.submitProblem.status, filed.submitProblem.problem) : undefined;
  const rejection = a.status === 'REJECTED' ? [...(a.history ?? [])].reverse().find((h) => h.action === 'reject') : undefined;
  const amendment = a.pendingAmendment;
  // countersigning needs the signed document uploaded (the contract service's rule)
  const awaitingDocument = moves.countersign && !a.attachedDocument;

  const actions: { kind: DialogKind | 'amend' | 'copy'; primary?: boolean; danger?: boolean; show: boolean }[] = [
    { kind: 'submit', primary: true, show: moves.submit },
    { kind: 'countersign', primary: true, show: moves.countersign },
    { kind: 'reject', danger: true, show: moves.reject },
    { kind: 'renew', primary: moves.renew && a.term.effectiveTo <= addDays(today, 30), show: moves.renew },
    { kind: 'amend', show: moves.amend },
    { kind: 'terminate', danger: true, show: moves.terminate },
    { kind: 'copy', show: side === 'elderly' && ['DRAFT', 'REJECTED', 'TERMINATED', 'EXPIRED'].includes(a.status) },
  ];
  const LABEL: Record<(typeof actions)[number]['kind'], AgreementMessageKey> = {
    submit: 'actionSubmit',
    countersign: 'actionCountersign',
    reject: 'actionReject',
    renew: 'actionRenew',
    amend: 'actionAmend',
    terminate: 'actionTerminate',
    copy: 'actionCopy',
    countersignAmendment: 'actionCountersignAmendment',
    rejectAmendment: 'actionRejectAmendment',
    withdrawAmendment: 'actionWithdrawAmendment',
  };

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('detailTitle', { mode: labels.mode[a.mode], name: otherName })}
        </Typography.Title>
        <Tag color={STATUS_COLOURS[a.status]}>{labels.status[a.status]}</Tag>
        {a.predecessorId ? <Tag>{t('tagRenewal')}</Tag> : null}
      </Flex>

      {submitProblem ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('submitFailedAfterFiling', { reason: describeProblem(submitProblem, t).message })}
        />
      ) : null}
      {a.status === 'DRAFT' ? <Alert type="info" showIcon title={t('noticeDraft')} /> : null}
      {moves.awaitingOther ? <Alert type="info" showIcon title={t('noticeAwaitingOther', { side: otherName })} /> : null}
      {moves.countersign ? <Alert type="warning" showIcon title={t('noticeToCountersign', { side: otherName })} /> : null}
      {a.status === 'SIGNED' ? <Alert type="info" showIcon title={t('noticeSignedPending', { date: a.term.effectiveFrom })} /> : null}
      {a.status === 'REJECTED' ? (
        <Alert
          type="error"
          showIcon
          title={side === 'medical' ? t('noticeRejectedByUs') : t('noticeRejected', { side: nameOf(a.medicalInstitutionId) })}
          description={rejection?.reason ? t('historyReason', { reason: rejection.reason }) : undefined}
        />
      ) : null}
      {a.predecessorId && a.status === 'SUBMITTED' ? <Alert type="info" showIcon title={t('noticeRenewalOf')} /> : null}
      {a.termination ? (
        <Alert
          type="warning"
          showIcon
          title={t('noticeTermination', {
            side: nameOf(a.termination.bySide === 'elderly' ? a.elderlyInstitutionId : a.medicalInstitutionId),
            date: a.termination.effectiveOn,
            reason: a.termination.reason,
          })}
        />
      ) : null}
      {a.sanctions.map((s) => (
        <Alert
          key={s.institutionId}
          type="error"
          showIcon
          title={t('noticeSanction', {
            name: nameOf(s.institutionId),
            status: t(s.status === 'REVOKED' ? 'sanctionREVOKED' : 'sanctionSUSPENDED'),
          })}
        />
      ))}

      {awaitingDocument ? <Alert type="warning" showIcon role="status" title={t('countersignNeedsDocument')} /> : null}
      <Space wrap>
        {actions
          .filter((x) => x.show)
          .map((x) => (
            <Button
              key={x.kind}
              type={x.primary ? 'primary' : 'default'}
              danger={x.danger}
              disabled={x.kind === 'countersign' && awaitingDocument}
              onClick={() => (x.kind === 'amend' ? onAmend(a) : x.kind === 'copy' ? onCopy(a) : setDialog(x.kind))}
            >
              {t(LABEL[x.kind])}
            </Button>
          ))}
        <FileDownloadButton
          icon={<PrinterOutlined />}
          path={summaryPath(a.id)}
          fallbackName={`agreement-summary-${a.id.slice(0, 8)}.pdf`}
          open
        >
          {t('printSummary')}
        </FileDownloadButton>
      </Space>

      {amendment ? (
        <Card
          size="small"
          title={t('amendmentTitle', { revision: amendment.revision })}
          extra={
            <Space wrap>
              {moves.answerAmendment ? (
                <>
                  <Button type="primary" onClick={() => setDialog('countersignAmendment')}>
                    {t('actionCountersignAmendment')}
                  </Button>
                  <Button danger onClick={() => setDialog('rejectAmendment')}>
                    {t('actionRejectAmendment')}
                  </Button>
                </>
              ) : null}
              {moves.withdrawAmendment ? (
                <Button onClick={() => setDialog('withdrawAmendment')}>{t('actionWithdrawAmendment')}</Button>
              ) : null}
            </Space>
          }
        >
          <Typography.Paragraph>
            {amendment.proposedBy === side
              ? t('amendmentFromUs', { at: formatDateTime(amendment.proposedAt, lang), side: otherName })
              : t('amendmentFromOther', {
                  at: formatDateTime(amendment.proposedAt, lang),
                  side: nameOf(amendment.proposedBy === 'elderly' ? a.elderlyInstitutionId : a.medicalInstitutionId),
                })}
          </Typography.Paragraph>
          <AmendmentDiff i18n={i18n} current={a} proposed={amendment.content} mode={a.mode} />
        </Card>
      ) : null}

      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'elderly',
              label: t(partyKeys(a.mode).elderly),
              children: elderly ? `${elderly.name} · ${registry.kind[elderly.kind]}` : nameOf(a.elderlyInstitutionId),
            },
            {
              key: 'medical',
              label: t(partyKeys(a.mode).medical),
              children: medical ? `${medical.name} · ${registry.kind[medical.kind]}` : nameOf(a.medicalInstitutionId),
            },
            { key: 'mode', label: t('colMode'), children: labels.mode[a.mode] },
            { key: 'term', label: t('fieldTerm'), children: t('termRange', { from: a.term.effectiveFrom, to: a.term.effectiveTo }) },
            {
              key: 'revision',
              label: t('fieldRevision'),
              children: a.revision ? t('revisionN', { n: a.revision }) : t('revisionOriginal'),
            },
            {
              key: 'proposedBy',
              label: t('fieldProposedBy'),
              children: nameOf(a.proposedBy === 'elderly' ? a.elderlyInstitutionId : a.medicalInstitutionId),
            },
            ...(a.predecessorId
              ? [
                  {
                    key: 'predecessor',
                    label: t('fieldPredecessor'),
                    children: <Link to={{ search: `?agreement=${a.predecessorId}` }}>{t('openPredecessor')}</Link>,
                  },
                ]
              : []),
            ...((a.renewals ?? []).length
              ? [
                  {
                    key: 'renewals',
                    label: t('fieldRenewals'),
                    children: (
                      <Space wrap>
                        {a.renewals!.map((r) => (
                          <Link key={r.id} to={{ search: `?agreement=${r.id}` }}>
                            {t('renewalLink', { status: labels.status[r.status as Agreement['status']] ?? r.status })}
                          </Link>
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
            { key: 'created', label: t('fieldCreatedAt'), children: formatDateTime(a.createdAt, lang) },
            { key: 'updated', label: t('fieldUpdatedAt'), children: formatDateTime(a.updatedAt, lang) },
          ]}
        />
      </Card>

      <DocumentsCard agreement={a} side={side} i18n={i18n} />

      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'content', label: t('tabContent'), children: <AgreementContentView i18n={i18n} content={a} mode={a.mode} /> },
            {
              key: 'checklist',
              label: t('tabChecklist'),
              children: <RuleChecklist checks={checks} i18n={i18n} modeLabel={labels.mode[a.mode]} />,
            },
            { key: 'history', label: t('tabHistory'), children: <HistoryTimeline history={a.history ?? []} i18n={i18n} /> },
          ]}
        />
      </Card>

      {dialog ? (
        <MoveDialog
          kind={dialog}
          agreement={a}
          otherName={otherName}
          unmet={unmetCount(checks)}
          i18n={i18n}
          onClose={() => setDialog(undefined)}
          onReload={onReload}
        />
      ) : null}
    </Flex>
  );
}
