/**
 * The banner at the top of the signed-in shell while the connection is lost, from the connection monitor
 * (src/shared/connection.ts): 「网络连接已断开，正在重试…」 when the browser is offline, 「无法连接到服务器，正在重试…」
 * when it is online but the server does not answer (with 立即重试, a real button), what happens to the page
 * and to what was being sent; then 「已重新连接」 for a few seconds.
 *
 * The lost banner is an alert (announced when it appears, once); "reconnected" goes into a polite status
 * region that is always in the page, so that it is announced too. Ant Design's warning and success colours
 * carry the text at more than 12:1 (#1f1f1f on #fffbe6 / #f6ffed); the icons only repeat the words, and
 * are hidden from assistive technology. It stays at the top while the page scrolls, under dialogs.
 */
import { useContext, useEffect, useSyncExternalStore } from 'react';
import { Alert, Button } from 'antd';
import { CheckCircleFilled, LoadingOutlined, WarningFilled } from '@ant-design/icons';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import type { ConnectionState } from '../shared/connection';
import { ConnectionContext, watchApi } from './connection';

const ONLINE: ConnectionState = { phase: 'online', attempt: 0 };
const NOTHING = () => () => undefined;

/** The connection's state now (online when there is no monitor). */
export function useConnectionState(): ConnectionState {
  const monitor = useContext(ConnectionContext);
  return useSyncExternalStore(monitor?.subscribe ?? NOTHING, () => monitor?.state ?? ONLINE);
}

/** The session's API calls tell the monitor what they meet (no answer, 502/503/504, an answer). */
export function useWatchedApi(): void {
  const monitor = useContext(ConnectionContext);
  const { api } = useSession();
  useEffect(() => (monitor ? watchApi(api, monitor) : undefined), [api, monitor]);
}

export function ConnectionBanner() {
  const monitor = useContext(ConnectionContext);
  const state = useConnectionState();
  const { t } = useI18n();
  const lost = state.phase === 'lost' || state.phase === 'retrying';
  return (
    <div style={{ position: 'sticky', top: 0, zIndex: 100 }} data-testid="connection-banner">
      {lost ? (
        <Alert
          banner
          type="warning"
          role="alert"
          icon={<WarningFilled aria-hidden="true" />}
          title={t(state.reason === 'offline' ? 'connectionOffline' : 'connectionUnreachable')}
          description={t('connectionHint')}
          action={
            state.reason === 'unreachable' && monitor ? (
              <Button
                size="small"
                // busy while a probe is under way (pressing then does nothing), and never disabled: focus stays
                icon={state.phase === 'retrying' ? <LoadingOutlined aria-hidden="true" /> : undefined}
                aria-busy={state.phase === 'retrying'}
                onClick={monitor.retryNow}
              >
                {t('connectionRetryNow')}
              </Button>
            ) : undefined
          }
        />
      ) : null}
      <div role="status" aria-live="polite" aria-atomic="true">
        {state.phase === 'back' ? (
          <Alert banner type="success" role="presentation" icon={<CheckCircleFilled aria-hidden="true" />} title={t('connectionBack')} />
        ) : null}
      </div>
    </div>
  );
}
