/**
 * 导出 CSV: the service's own export of the list with the same filters (every matching row, at most
 * 10,000), fetched with the person's token (a link cannot carry it) and saved under the name the
 * service gives; a refusal (too many rows, outside the jurisdiction…) is a sentence the page shows.
 */
import { useState, type ReactNode } from 'react';
import { Button, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { fetchFile, saveBlob } from '../../shared/files';
import { useFileCaller } from '../../shared/FileTransfer';
import { useSupervisionI18n } from './i18n';
import { SupervisionProblem } from './SupervisionProblem';

export function useCsvExport({ path, fallbackName, help }: { path: string; fallbackName: string; help: string }): {
  button: ReactNode;
  problem: ReactNode;
} {
  const { t } = useSupervisionI18n();
  const caller = useFileCaller();
  const [busy, setBusy] = useState(false);
  // a refusal belongs to the filters it was asked with: changing them clears it
  const [failed, setFailed] = useState<{ path: string; error: unknown }>();
  async function go() {
    setBusy(true);
    setFailed(undefined);
    try {
      saveBlob(await fetchFile(caller, path, fallbackName));
    } catch (error) {
      setFailed({ path, error });
    } finally {
      setBusy(false);
    }
  }
  return {
    button: (
      <Tooltip title={help}>
        <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void go()}>
          {t('exportCsv')}
        </Button>
      </Tooltip>
    ),
    problem: failed && failed.path === path ? <SupervisionProblem error={failed.error} onRetry={() => void go()} /> : null,
  };
}
