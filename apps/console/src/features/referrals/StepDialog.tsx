/**
 * The steps that need words: accept (when the patient is expected), reject (a coded reason, shown by
 * its label, and a comment), return with advice, complete (the discharge summary, and sending an UP
 * referral's resident back down), cancel (the sender). A refusal is shown in the dialog and under the
 * field it is about.
 */
import { useState } from 'react';
import { App as AntApp, Button, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { formatDateTime } from '../../shared/time';
import { useReferralStep, useInstitutionNames } from './api';
import { serverNow } from './countdown';
import { useReferralI18n } from './i18n';
import { placeProblem } from '../../shared/placeProblem';
import { ReferralProblem, referralPlacement } from './problems';
import { REJECTION_REASONS, type Referral, type RejectionReason } from './types';

export type DialogAction = 'accept' | 'reject' | 'return' | 'complete' | 'cancel';

/** Presets for the expected arrival, in minutes from now; "custom" opens a date and time picker. */
const ARRIVAL_PRESETS = [30, 60, 120, 240] as const;
type ArrivalChoice = (typeof ARRIVAL_PRESETS)[number] | 'custom';

/** Minutes until the patient is expected, by default: sooner for the more urgent. */
export const DEFAULT_ARRIVAL: Record<Referral['priority'], ArrivalChoice> = { EMERGENCY: 30, URGENT: 60, ROUTINE: 240 };

interface Values {
  expectedArrivalAt?: ArrivalChoice;
  /** antd's date value (dayjs): only its wall-clock reading is used, as China Standard Time */
  customAt?: { format(pattern: string): string };
  reasonCode?: RejectionReason;
  comment?: string;
  advice?: string;
  dischargeSummary?: string;
  returnTo?: boolean;
  reason?: string;
}

/** The wall-clock time a person picked, read as China Standard Time whatever the browser's zone. */
export const chinaWallClockToIso = (wallClock: string) => `${wallClock}:00+08:00`;

export function StepDialog({
  referral,
  action,
  onClose,
  onDone,
  hasNext,
}: {
  referral: Referral;
  action: DialogAction;
  onClose: () => void;
  /** after the step succeeded; `next`: the person asked to open the next referral */
  onDone: (answer: Referral, next: boolean) => void;
  hasNext?: boolean;
}) {
  const { t, lang, rl } = useReferralI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const step = useReferralStep();
  const [next, setNext] = useState(false);
  const nameOf = useInstitutionNames(action === 'complete' ? [referral.fromInstitutionId] : []);
  const choice = Form.useWatch('expectedArrivalAt', form);
  const canReturn = action === 'complete' && referral.direction === 'UP';

  const labels: Record<string, string> = {
    expectedArrivalAt: t('expectedArrival'),
    reasonCode: t('rejectReason'),
    comment: t('rejectComment'),
    advice: t('advice'),
    dischargeSummary: t('dischargeSummary'),
    returnTo: t('returnTo', { name: nameOf(referral.fromInstitutionId) ?? '' }),
    reason: t('cancelReason'),
  };
  const known = new Set(Object.keys(labels));
  const fieldLabel = (field: string) => labels[field] ?? field;

  async function submit(openNext: boolean) {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setNext(openNext);
    const done = (answer: Referral) => {
      const key = action === 'complete' && answer.linkedReferralId ? 'done_completeReturn' : (`done_${action}` as const);
      void message.success(t(key));
      onDone(answer, openNext);
    };
    const fail = (error: unknown) => placeProblem(form, error, t, referralPlacement(fieldLabel, known));
    const run = (input: Parameters<typeof step.mutate>[0]) => step.mutate(input, { onSuccess: done, onError: fail });
    switch (action) {
      case 'accept': {
        const at =
          values.expectedArrivalAt === 'custom'
            ? chinaWallClockToIso(values.customAt!.format('YYYY-MM-DDTHH:mm'))
            : new Date(serverNow() + Number(values.expectedArrivalAt) * 60_000).toISOString();
        return run({ referral, action, body: { expectedArrivalAt: at } });
      }
      case 'reject':
        return run({ referral, action, body: { reasonCode: values.reasonCode!, comment: values.comment!.trim() } });
      case 'return':
        return run({ referral, action, body: { advice: values.advice!.trim() } });
      case 'complete':
        return run({
          referral,
          action,
          body: {
            dischargeSummary: values.dischargeSummary!.trim(),
            ...(canReturn && values.returnTo ? { returnTo: referral.fromInstitutionId } : {}),
          },
        });
      case 'cancel':
        return run({ referral, action, body: { reason: values.reason!.trim() } });
    }
  }

  const required = (key: Parameters<typeof t>[0]) => [{ required: true, whitespace: true, message: t(key) }];
  const title = `${t(action)}：${referral.patient.name}`;
  const danger = action === 'reject' || action === 'cancel';

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('close')}</Button>
          {action === 'accept' && hasNext ? (
            <Button onClick={() => void submit(true)} loading={step.isPending && next}>
              {t('acceptNext')}
            </Button>
          ) : null}
          <Button type="primary" danger={danger} onClick={() => void submit(false)} loading={step.isPending && !next}>
            {t(action)}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        aria-label={title}
        initialValues={{ expectedArrivalAt: DEFAULT_ARRIVAL[referral.priority], returnTo: canReturn }}
        onFinish={() => void submit(false)}
      >
        {step.error ? (
          <div style={{ marginBottom: 16 }}>
            <ReferralProblem error={step.error} fieldLabel={fieldLabel} />
          </div>
        ) : null}
        {action === 'accept' ? (
          <>
            <Form.Item
              name="expectedArrivalAt"
              label={t('expectedArrival')}
              extra={t('expectedArrivalHelp')}
              rules={[{ required: true, message: t('arrivalRequired') }]}
            >
              <Radio.Group
                optionType="button"
                options={[
                  ...ARRIVAL_PRESETS.map((n) => ({ value: n, label: n < 60 ? t('arrivalIn', { n }) : t('arrivalInHours', { n: n / 60 }) })),
                  { value: 'custom', label: t('arrivalCustom') },
                ]}
              />
            </Form.Item>
            {choice === 'custom' ? (
              <Form.Item name="customAt" label={t('arrivalCustom')} rules={[{ required: true, message: t('arrivalRequired') }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
              </Form.Item>
            ) : typeof choice === 'number' ? (
              <Typography.Paragraph type="secondary" data-testid="arrival-preview">
                {t('arrivalPreview', { time: formatDateTime(new Date(serverNow() + choice * 60_000), lang) })}
              </Typography.Paragraph>
            ) : null}
          </>
        ) : null}
        {action === 'reject' ? (
          <>
            <Form.Item name="reasonCode" label={t('rejectReason')} rules={[{ required: true, message: t('rejectReasonRequired') }]}>
              <Select options={REJECTION_REASONS.map((code) => ({ value: code, label: rl.rejection[code] }))} />
            </Form.Item>
            <Form.Item name="comment" label={t('rejectComment')} rules={[...required('rejectCommentRequired'), { max: 2000 }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </>
        ) : null}
        {action === 'return' ? (
          <Form.Item name="advice" label={t('advice')} rules={[...required('adviceRequired'), { max: 4000 }]}>
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
        ) : null}
        {action === 'complete' ? (
          <>
            <Form.Item
              name="dischargeSummary"
              label={t('dischargeSummary')}
              rules={[...required('dischargeSummaryRequired'), { max: 8000 }]}
            >
              <Input.TextArea rows={6} maxLength={8000} showCount />
            </Form.Item>
            {canReturn ? (
              <Form.Item name="returnTo" valuePropName="checked" extra={t('returnToHelp')}>
                <Checkbox>{t('returnTo', { name: nameOf(referral.fromInstitutionId) ?? '…' })}</Checkbox>
              </Form.Item>
            ) : null}
          </>
        ) : null}
        {action === 'cancel' ? (
          <Form.Item name="reason" label={t('cancelReason')} rules={[...required('cancelReasonRequired'), { max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
