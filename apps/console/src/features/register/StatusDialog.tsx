/**
 * A sanction confirmed in a dialog: suspend or revoke with a reason (required), reinstate with an
 * optional one. Sent at the version on screen; a 409 (someone changed the institution, or its status
 * moved on) offers to reload it.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Flex, Form, Modal, Typography } from 'antd';
import { useStatusAction } from './api';
import type { RegisterI18n } from './i18n';
import type { RegisterMessageKey } from './messages';
import type { StatusAction } from './model';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { placeProblem } from '../../shared/placeProblem';
import { ReasonField } from '../../shared/ReasonField';
import type { Institution } from './search';

const TEXT: Record<
  StatusAction,
  { title: RegisterMessageKey; body: RegisterMessageKey; ok: RegisterMessageKey; done: RegisterMessageKey }
> = {
  suspend: { title: 'suspendTitle', body: 'suspendBody', ok: 'actionSuspend', done: 'done_suspend' },
  reinstate: { title: 'reinstateTitle', body: 'reinstateBody', ok: 'actionReinstate', done: 'done_reinstate' },
  revoke: { title: 'revokeTitle', body: 'revokeBody', ok: 'actionRevoke', done: 'done_revoke' },
};

export function StatusDialog({
  action,
  institution,
  i18n: { t },
  onClose,
  onReload,
}: {
  action: StatusAction;
  institution: Institution;
  i18n: RegisterI18n;
  onClose: () => void;
  onReload: () => void;
}) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const change = useStatusAction();
  const [problem, setProblem] = useState<unknown>();
  const text = TEXT[action];
  const optional = action === 'reinstate';

  async function send() {
    let reason: string;
    try {
      reason = ((await form.validateFields()).reason ?? '').trim();
    } catch {
      return;
    }
    setProblem(undefined);
    try {
      const changed = await change.mutateAsync({ institution, action, reason });
      void message.success(t(text.done, { name: changed.name }));
      onClose();
    } catch (err) {
      setProblem(err);
      placeProblem(form, err, t, { field: (f) => (f === 'reason' ? ['reason'] : undefined), label: () => t('fieldReason') });
    }
  }

  return (
    <Modal
      open
      title={t(text.title, { name: institution.name })}
      okText={t(text.ok)}
      cancelText={t('cancel')}
      okButtonProps={{ danger: action !== 'reinstate', loading: change.isPending }}
      onOk={() => void send()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Flex vertical gap={12}>
        {action === 'revoke' ? (
          <Alert type="warning" showIcon title={t(text.body)} />
        ) : (
          <Typography.Paragraph style={{ margin: 0 }}>{t(text.body)}</Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" aria-label={t(text.title, { name: institution.name })}>
          <ReasonField
            label={optional ? t('fieldReasonOptional') : t('fieldReason')}
            extra={t('reasonHelp')}
            optional={optional}
            messages={{ required: t('reasonRequired'), tooShort: t('reasonTooShort'), tooLong: t('reasonTooLong') }}
          />
        </Form>
        {problem ? <ProblemAlert error={problem} t={t} fieldLabel={() => t('fieldReason')} onReload={onReload} onClose={onClose} /> : null}
      </Flex>
    </Modal>
  );
}
