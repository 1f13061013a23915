import { Alert } from 'antd';
import { describeProblem } from '../../api/problem';
import type { Translate } from '../../i18n/i18n';
import { useOversightI18n } from './i18n';

/** An API error as a sentence, with this feature's problem codes (outside the jurisdiction…) known. */
export function OversightProblem({
  error,
  onRetry,
  fieldLabel,
}: {
  error: unknown;
  onRetry?: () => void;
  fieldLabel?: (field: string) => string;
}) {
  const { t } = useOversightI18n();
  const { message, fields } = describeProblem(error, t as Translate, fieldLabel);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={message}
      description={fields.length > 0 ? fields.map((f) => <div key={f.field}>{f.message}</div>) : undefined}
      action={
        onRetry ? (
          <a role="button" tabIndex={0} onClick={onRetry} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onRetry()}>
            {t('retry')}
          </a>
        ) : undefined
      }
    />
  );
}
