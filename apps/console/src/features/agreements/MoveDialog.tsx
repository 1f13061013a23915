/**
 * One move on an agreement, confirmed in a dialog: submit, countersign (warned when requirements are
 * unmet), reject with a reason, terminate (reason and the first day it no longer applies), renew (the new
 * term), and answering an amendment. Sent at the version on screen; a refusal is a sentence next to the
 * field it names, and a 409 offers to reload the agreement.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { App as AntApp, DatePicker, Flex, Form, Modal, Typography } from 'antd';
import { useAgreementMove, type Move } from './api';
import { placeProblem } from '../../shared/placeProblem';
import { ReasonField } from '../../shared/ReasonField';
import { AgreementProblem } from './AgreementProblem';
import type { AgreementsI18n } from './i18n';
import type { AgreementMessageKey } from './messages';
import { addDays, chinaToday, type Agreement } from './model';

export type DialogKind =
  'submit' | 'countersign' | 'reject' | 'terminate' | 'renew' | 'countersignAmendment' | 'rejectAmendment' | 'withdrawAmendment';

interface DialogValues {
  reason?: string;
  effectiveOn?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
}

const TITLES: Record<DialogKind, AgreementMessageKey> = {
  submit: 'confirmSubmitTitle',
  countersign: 'confirmCountersignTitle',
  reject: 'rejectTitle',
  terminate: 'terminateTitle',
  renew: 'renewTitle',
  countersignAmendment: 'confirmAmendmentTitle',
  rejectAmendment: 'rejectAmendmentTitle',
  withdrawAmendment: 'withdrawAmendmentTitle',
};

const OK: Record<DialogKind, AgreementMessageKey> = {
  submit: 'actionSubmit',
  countersign: 'actionCountersign',
  reject: 'actionReject',
  terminate: 'actionTerminate',
  renew: 'actionRenew',
  countersignAmendment: 'actionCountersignAmendment',
  rejectAmendment: 'actionRejectAmendment',
  withdrawAmendment: 'actionWithdrawAmendment',
};

const dateProps = {
  getValueProps: (value: string | undefined) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined),
};

/** Field errors of the service, by the dialog's fields (rule codes that concern one field go under it). */
const CODES: Record<string, (keyof DialogValues)[]> = {
  TERMINATION_DATE_IN_PAST: ['effectiveOn'],
  TERMINATION_AFTER_TERM: ['effectiveOn'],
  RENEWAL_MUST_FOLLOW_TERM: ['effectiveFrom'],
};
const FIELDS: Record<string, string> = {
  reason: 'reason',
  effectiveOn: 'effectiveOn',
  'term.effectiveFrom': 'effectiveFrom',
  'term.effectiveTo': 'effectiveTo',
};

export function MoveDialog({
  kind,
  agreement,
  otherName,
  unmet,
  i18n,
  onClose,
  onReload,
}: {
  kind: DialogKind;
  agreement: Agreement;
  /** the other party's name, for the sentences */
  otherName: string;
  /** requirements the content does not meet (countersigning warns) */
  unmet: number;
  i18n: AgreementsI18n;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t } = i18n;
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<DialogValues>();
  const move = useAgreementMove();
  const [problem, setProblem] = useState<unknown>();
  const today = chinaToday();
  const nextDay = addDays(agreement.term.effectiveTo, 1);
  const LABELS: Record<string, AgreementMessageKey> = {
    reason: 'fieldReason',
    effectiveOn: 'fieldEffectiveOn',
    'term.effectiveFrom': 'fieldEffectiveFrom',
    'term.effectiveTo': 'fieldEffectiveTo',
  };
  const fieldLabel = (f: string) => (LABELS[f] ? t(LABELS[f]) : f);

  function moveOf(v: DialogValues): Move {
    const reason = (v.reason ?? '').trim();
    switch (kind) {
      case 'reject':
        return { kind: 'reject', body: { reason } };
      case 'rejectAmendment':
      case 'withdrawAmendment':
        return { kind: 'rejectAmendment', body: { reason } };
      case 'terminate':
        return { kind: 'terminate', body: { reason, effectiveOn: v.effectiveOn! } };
      case 'renew':
        return {
          kind: 'renew',
          body: { term: { ...(v.effectiveFrom ? { effectiveFrom: v.effectiveFrom } : {}), effectiveTo: v.effectiveTo! } },
        };
      default:
        return { kind };
    }
  }

  async function send() {
    let values: DialogValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setProblem(undefined);
    try {
      const changed = await move.mutateAsync({ agreement, move: moveOf(values) });
      if (kind === 'terminate') {
        void message.success(
          changed.status === 'TERMINATED' ? t('done_terminate') : t('done_terminateNotice', { date: values.effectiveOn! }),
        );
      } else {
        void message.success(t(`done_${kind}` as AgreementMessageKey));
      }
      onClose();
      if (kind === 'renew') navigate({ search: `?agreement=${encodeURIComponent(changed.id)}` });
    } catch (err) {
      setProblem(err);
      const placed = placeProblem(form, err, t, {
        field: (f) => (FIELDS[f] ? [FIELDS[f]] : undefined),
        label: fieldLabel,
      });
      const code = (err as { problem?: { code?: string } }).problem?.code;
      if (code && CODES[code]) form.setFields(CODES[code].map((name) => ({ name, errors: [placed] })));
    }
  }

  const signedNotBegun = agreement.status === 'SIGNED';

  return (
    <Modal
      open
      title={t(TITLES[kind])}
      okText={t(OK[kind])}
      cancelText={t('cancel')}
      okButtonProps={{ danger: kind === 'terminate' || kind === 'reject', loading: move.isPending }}
      onOk={() => void send()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Flex vertical gap={12}>
        {kind === 'submit' ? <Typography.Paragraph>{t('confirmSubmitBody', { side: otherName })}</Typography.Paragraph> : null}
        {kind === 'countersign' ? (
          <Typography.Paragraph>
            {unmet ? t('confirmCountersignUnmet', { count: unmet }) : t('confirmCountersignBody')}
          </Typography.Paragraph>
        ) : null}
        {kind === 'countersignAmendment' ? (
          <Typography.Paragraph>{t('confirmAmendmentBody', { revision: agreement.pendingAmendment?.revision ?? '' })}</Typography.Paragraph>
        ) : null}
        {kind === 'renew' ? <Typography.Paragraph>{t('renewIntro')}</Typography.Paragraph> : null}
        <Form<DialogValues>
          form={form}
          layout="vertical"
          initialValues={kind === 'terminate' ? { effectiveOn: today } : {}}
          aria-label={t(TITLES[kind])}
        >
          {kind === 'terminate' ? (
            <Form.Item
              name="effectiveOn"
              label={t('fieldEffectiveOn')}
              extra={signedNotBegun ? t('effectiveOnHelpSigned') : t('effectiveOnHelp', { to: agreement.term.effectiveTo })}
              {...dateProps}
              rules={[
                { required: true, message: t('dateRequired') },
                {
                  validator: async (_: unknown, on: string | undefined) => {
                    if (!on) return;
                    if (on < today) throw new Error(t('effectiveOnPast', { today }));
                    if (on > agreement.term.effectiveTo) throw new Error(t('effectiveOnAfterTerm', { to: agreement.term.effectiveTo }));
                  },
                },
              ]}
            >
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} disabled={signedNotBegun} />
            </Form.Item>
          ) : null}
          {kind === 'renew' ? (
            <>
              <Form.Item
                name="effectiveFrom"
                label={t('fieldEffectiveFrom')}
                extra={t('renewFromHelp', { date: nextDay })}
                {...dateProps}
                rules={[
                  {
                    validator: async (_: unknown, from: string | undefined) => {
                      if (from && from <= agreement.term.effectiveTo)
                        throw new Error(t('renewFromTooEarly', { to: agreement.term.effectiveTo }));
                    },
                  },
                ]}
              >
                <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} placeholder={nextDay} />
              </Form.Item>
              <Form.Item
                name="effectiveTo"
                label={t('fieldEffectiveTo')}
                dependencies={['effectiveFrom']}
                {...dateProps}
                rules={[
                  { required: true, message: t('termToRequired') },
                  ({ getFieldValue }) => ({
                    validator: async (_: unknown, to: string | undefined) => {
                      if (to && to <= (getFieldValue('effectiveFrom') ?? nextDay)) throw new Error(t('termOrder'));
                    },
                  }),
                ]}
              >
                <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
              </Form.Item>
            </>
          ) : null}
          {kind === 'reject' || kind === 'terminate' || kind === 'rejectAmendment' || kind === 'withdrawAmendment' ? (
            <ReasonField
              label={t('fieldReason')}
              extra={kind === 'reject' || kind === 'rejectAmendment' ? t('fieldRejectReasonHelp') : undefined}
              messages={{ required: t('reasonRequired'), tooLong: t('reasonTooLong') }}
            />
          ) : null}
        </Form>
        {problem ? <AgreementProblem error={problem} t={t} fieldLabel={fieldLabel} onReload={onReload} onClose={onClose} /> : null}
      </Flex>
    </Modal>
  );
}
