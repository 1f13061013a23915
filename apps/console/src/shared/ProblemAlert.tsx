import { Alert, Button, Flex } from 'antd';
import { ApiProblem, describeProblem } from '../api/problem';
import { useI18n, type Translate } from '../i18n/i18n';

/** A 409 (stale version, or the state moved on) or a 428 (no version): reading it again is the way out. */
export const needsReload = (error: unknown) => error instanceof ApiProblem && (error.status === 409 || error.status === 428);

/**
 * An error of an API call as a sentence (never raw JSON): the problem code's own sentence (in the
 * feature's words when `t` is the feature's translator) or the status's, the service's field errors
 * under it, and a way out: reload after a conflict when `onReload` is given (in a dialog, closed after the
 * reload by `onClose`), else retry when it makes sense.
 */
export function ProblemAlert({
  error,
  onRetry,
  onReload,
  onClose,
  fieldLabel,
  t: own,
}: {
  error: unknown;
  onRetry?: () => void;
  onReload?: () => void;
  onClose?: () => void;
  fieldLabel?: (field: string) => string;
  t?: Translate;
}) {
  const { t: base } = useI18n();
  const t = own ?? base;
  const { message, fields } = describeProblem(error, t, fieldLabel);
  const reload = needsReload(error) && onReload;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={message}
      description={
        reload || fields.length ? (
          <Flex vertical gap={4}>
            {fields.map((f) => (
              <div key={f.field}>{f.message}</div>
            ))}
            {reload ? <div>{t('conflictHint')}</div> : null}
          </Flex>
        ) : undefined
      }
      action={
        reload ? (
          <Button
            size="small"
            type="primary"
            onClick={() => {
              reload();
              onClose?.();
            }}
          >
            {t('actionReload')}
          </Button>
        ) : onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
