import { Alert } from 'antd';
import { describeProblem } from '../api/problem';
import { useI18n } from '../i18n/i18n';

/** An error of an API call as a sentence (never raw JSON), with a retry when one makes sense. */
export function ProblemAlert({
  error,
  onRetry,
  fieldLabel,
}: {
  error: unknown;
  onRetry?: () => void;
  fieldLabel?: (field: string) => string;
}) {
  const { t } = useI18n();
  const { message, fields } = describeProblem(error, t, fieldLabel);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={message}
      description={fields.length > 0 ? fields.map((f) => <div key={f.field}>{f.message}</div>) : undefined}
      action={onRetry ? <a onClick={onRetry}>{t('retry')}</a> : undefined}
    />
  );
}
