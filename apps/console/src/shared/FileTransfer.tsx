/**
 * The file controls both features use: choosing a file (checked here for type and size before
 * anything is sent, the refusal as a sentence), the upload's progress, and a button that downloads or
 * opens a file with the person's token (files.ts does the work).
 */
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { App as AntApp, Button, Progress, Typography, type ButtonProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { describeProblem } from '../api/problem';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import {
  FILE_ACCEPT,
  REFUSAL_KEYS,
  checkFile,
  fetchFile,
  formatBytes,
  openBlob,
  saveBlob,
  uploadFile,
  type FileCaller,
  type MediaType,
  type Upload,
} from './files';

/** A file the person chose that may be sent. */
export interface ChosenFile {
  file: Blob;
  fileName: string;
  mediaType: MediaType;
  sha256: string;
  size: number;
}

export function useFileCaller(): FileCaller {
  const session = useSession();
  const { lang } = useI18n();
  return useMemo(
    () => ({ accessToken: () => session.accessToken(), language: lang, onUnauthorized: session.markExpired }),
    [session, lang],
  );
}

/**
 * A "choose a file" button over a file input labelled `label` (what tests and assistive technology
 * find); the file is checked at once: `onChosen` with its type and SHA-256, or `onRefused` with the
 * sentence saying why it cannot be sent.
 */
export function FileChooser({
  id,
  label,
  children,
  disabled,
  loading,
  testId,
  onChosen,
  onRefused,
}: {
  id?: string;
  label: string;
  children: ReactNode;
  disabled?: boolean;
  loading?: boolean;
  testId?: string;
  onChosen: (chosen: ChosenFile) => void;
  onRefused: (sentence: string) => void;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [checking, setChecking] = useState(false);
  async function chosen(file: File | undefined) {
    if (!file) return;
    setChecking(true);
    const checked = await checkFile(file);
    setChecking(false);
    if (checked.ok) onChosen({ file, fileName: file.name, mediaType: checked.mediaType, sha256: checked.sha256, size: file.size });
    else onRefused(t(REFUSAL_KEYS[checked.refusal], { name: file.name, size: formatBytes(file.size) }));
  }
  return (
    <>
      <input
        id={id}
        ref={input}
        type="file"
        aria-label={label}
        data-testid={testId}
        accept={FILE_ACCEPT}
        tabIndex={-1}
        style={{ display: 'none' }}
        disabled={disabled}
        onChange={(e) => {
          void chosen(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <Button icon={<UploadOutlined />} disabled={disabled} loading={loading || checking} onClick={() => input.current?.click()}>
        {children}
      </Button>
    </>
  );
}

/** Uploads with the session's token; `percent` while the bytes leave (undefined otherwise). */
export function useFileUpload() {
  const caller = useFileCaller();
  const [percent, setPercent] = useState<number>();
  const send = useCallback(
    async <T,>(upload: Omit<Upload, 'onProgress'>): Promise<T> => {
      setPercent(0);
      try {
        return await uploadFile<T>(caller, { ...upload, onProgress: setPercent });
      } finally {
        setPercent(undefined);
      }
    },
    [caller],
  );
  return { percent, send, busy: percent !== undefined };
}

export function UploadProgress({ percent, fileName }: { percent: number | undefined; fileName: string }) {
  const { t } = useI18n();
  if (percent === undefined) return null;
  const label = t('fileUploading', { name: fileName });
  return <Progress percent={percent} size="small" status="active" aria-label={label} />;
}

/**
 * A button that fetches a file with the token and saves it under the service's name (or opens it in a
 * new tab to print); a failure is a sentence.
 */
export function FileDownloadButton({
  path,
  fallbackName,
  open,
  children,
  ...button
}: {
  path: string;
  fallbackName: string;
  open?: boolean;
  children: ReactNode;
} & Pick<ButtonProps, 'icon' | 'type' | 'size' | 'aria-label'>) {
  const caller = useFileCaller();
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  async function go() {
    setBusy(true);
    try {
      const file = await fetchFile(caller, path, fallbackName);
      if (open) openBlob(file);
      else saveBlob(file);
    } catch (err) {
      void message.error(t('fileDownloadFailed', { reason: describeProblem(err, t).message }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button {...button} loading={busy} onClick={() => void go()}>
      {children}
    </Button>
  );
}

/**
 * A file sent as soon as it is chosen: the chooser (a button over the labelled input) and, to show
 * where the caller likes, the feedback (the upload's progress, or the sentence refusing the file).
 * `send` starts the upload; `reset` forgets the last upload's outcome when a file is refused.
 */
export function useChooseAndSend({
  label,
  text,
  pending,
  percent,
  send,
  reset,
}: {
  label: string;
  text: ReactNode;
  pending: boolean;
  percent: number | undefined;
  send: (chosen: ChosenFile) => void;
  reset: () => void;
}): { chooser: ReactNode; feedback: ReactNode } {
  const [refused, setRefused] = useState<string>();
  const [sending, setSending] = useState('');
  const chooser = (
    <FileChooser
      label={label}
      loading={pending}
      onRefused={(sentence) => {
        reset();
        setRefused(sentence);
      }}
      onChosen={(chosen) => {
        setRefused(undefined);
        setSending(chosen.fileName);
        send(chosen);
      }}
    >
      {text}
    </FileChooser>
  );
  const feedback = (
    <>
      <UploadProgress percent={percent} fileName={sending} />
      {refused ? (
        <Typography.Text type="danger" role="alert">
          {refused}
        </Typography.Text>
      ) : null}
    </>
  );
  return { chooser, feedback };
}
