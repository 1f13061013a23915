/**
 * 批量导入: the registrar registers many institutions from one CSV file (POST /v1/institutions/imports).
 * The template is made here; the file is chosen (dropped or picked) and checked before it is sent (a
 * .csv of at most 5 MB); it is uploaded with its progress; then either how many were registered (the
 * register's lists read again, each new institution a link) or the refusal as a table of row, column
 * and a sentence per problem (exportable), nothing registered. All or nothing is the registry's rule.
 */
import { useRef, useState, type DragEvent } from 'react';
import { Alert, Button, Flex, Modal, Progress, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiProblem } from '../../api/problem';
import type { Translate } from '../../i18n/i18n';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { formatBytes } from '../../shared/files';
import { downloadCsv } from '../oversight/csv';
import { useImportInstitutions, type ImportAnswer } from './api';
import type { RegisterI18n } from './i18n';
import {
  IMPORT_ACCEPT,
  checkImportFile,
  importRefusal,
  importTemplate,
  malformedLine,
  newImportKey,
  problemsCsv,
  refusalKey,
  type ImportProblemRow,
} from './importCsv';

type Registered = ImportAnswer['items'][number];

/** A refusal of the file itself (its content, size or type): sending it again would change nothing. */
const fileRefused = (error: unknown) => error instanceof ApiProblem && [413, 415, 422].includes(error.status);

const PAGE = { pageSize: 10, hideOnSinglePage: true, showSizeChanger: false } as const;

export function ImportDialog({
  i18n,
  onClose,
  onOpenInstitution,
}: {
  i18n: RegisterI18n;
  onClose: () => void;
  /** closes the dialog and opens an institution registered by the import */
  onOpenInstitution: (id: string) => void;
}) {
  const { t } = i18n;
  const { mutation: upload, percent } = useImportInstitutions();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<{ file: File; key: string }>();
  const [refused, setRefused] = useState<string>();
  const [checking, setChecking] = useState(false);
  const [dragging, setDragging] = useState(false);
  const busy = upload.isPending;
  const answer = upload.data;

  async function choose(files: FileList | File[] | null | undefined) {
    const list = [...(files ?? [])];
    if (list.length === 0 || busy) return;
    upload.reset();
    if (list.length > 1) {
      setChosen(undefined);
      setRefused(t('importFileMany'));
      return;
    }
    const file = list[0];
    setChecking(true);
    const refusal = await checkImportFile(file);
    setChecking(false);
    if (refusal) {
      setChosen(undefined);
      setRefused(t(refusalKey(refusal), { name: file.name, size: formatBytes(file.size) }));
    } else {
      setRefused(undefined);
      setChosen({ file, key: newImportKey() });
    }
  }

  function drop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    void choose(e.dataTransfer.files);
  }

  function again() {
    upload.reset();
    setChosen(undefined);
    setRefused(undefined);
  }

  const submit = () => chosen && upload.mutate({ file: chosen.file, key: chosen.key });
  const canSubmit = !!chosen && !answer && !(upload.error && fileRefused(upload.error));

  const footer = answer ? (
    <Flex justify="end" gap={8} wrap>
      <Button onClick={again}>{t('importAnother')}</Button>
      <Button type="primary" onClick={onClose}>
        {t('importFinish')}
      </Button>
    </Flex>
  ) : (
    <Flex justify="end" gap={8} wrap>
      <Button onClick={onClose} disabled={busy}>
        {t('importCancel')}
      </Button>
      <Button type="primary" icon={<UploadOutlined />} onClick={submit} disabled={!canSubmit} loading={busy}>
        {t('importSubmit')}
      </Button>
    </Flex>
  );

  return (
    <Modal
      open
      title={t('importTitle')}
      width={880}
      footer={footer}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      keyboard={!busy}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Flex vertical gap={16}>
        <div>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{t('importIntro')}</Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('importRules')}
          </Typography.Paragraph>
        </div>
        <Flex gap={12} align="center" wrap>
          <Button icon={<DownloadOutlined />} onClick={() => downloadCsv(t('importTemplateFile'), importTemplate())}>
            {t('importTemplate')}
          </Button>
          <Typography.Text type="secondary">{t('importTemplateHelp')}</Typography.Text>
        </Flex>
        {answer ? null : (
          <div
            role="group"
            aria-label={t('importDropZone')}
            data-testid="import-drop-zone"
            onDragOver={(e) => {
              e.preventDefault();
              e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={drop}
            style={{
              border: `1px dashed ${dragging ? '#1677ff' : '#8c8c8c'}`,
              background: dragging ? '#e6f4ff' : '#fafafa',
              borderRadius: 8,
              padding: '20px 16px',
              textAlign: 'center',
            }}
          >
            <InboxOutlined aria-hidden style={{ fontSize: 32, color: '#1677ff' }} />
            <Flex justify="center" align="center" gap={8} wrap style={{ marginTop: 8 }}>
              <Typography.Text>{t('importDrop')}</Typography.Text>
              <input
                ref={input}
                type="file"
                aria-label={t('importChooseLabel')}
                accept={IMPORT_ACCEPT}
                tabIndex={-1}
                style={{ display: 'none' }}
                disabled={busy}
                onChange={(e) => {
                  void choose(e.target.files);
                  e.target.value = '';
                }}
              />
              <Button onClick={() => input.current?.click()} disabled={busy} loading={checking}>
                {chosen ? t('importChooseAgain') : t('importChoose')}
              </Button>
            </Flex>
            {chosen ? (
              <Typography.Paragraph strong style={{ margin: '8px 0 0' }}>
                {t('importChosen', { name: chosen.file.name, size: formatBytes(chosen.file.size) })}
              </Typography.Paragraph>
            ) : null}
            {refused ? (
              <Typography.Paragraph type="danger" role="alert" style={{ margin: '8px 0 0' }}>
                {refused}
              </Typography.Paragraph>
            ) : null}
          </div>
        )}
        {busy && chosen ? <Sending name={chosen.file.name} percent={percent} t={t} /> : null}
        {answer ? <Registered answer={answer} i18n={i18n} onOpen={onOpenInstitution} /> : null}
        {upload.error ? <Refusal error={upload.error} i18n={i18n} onRetry={fileRefused(upload.error) ? undefined : submit} /> : null}
      </Flex>
    </Modal>
  );
}

/** The bytes leaving, then the registry at work (checking every row and registering can take seconds). */
function Sending({ name, percent, t }: { name: string; percent: number | undefined; t: RegisterI18n['t'] }) {
  const sent = percent === undefined || percent >= 100;
  return (
    <Flex vertical gap={4}>
      <Progress percent={percent ?? 100} size="small" status="active" aria-label={t('importUploading', { name })} />
      {sent ? (
        <Flex gap={8} align="center" role="status">
          <Spin size="small" />
          <Typography.Text>{t('importChecking')}</Typography.Text>
        </Flex>
      ) : null}
    </Flex>
  );
}

function Registered({ answer, i18n, onOpen }: { answer: ImportAnswer; i18n: RegisterI18n; onOpen: (id: string) => void }) {
  const { t } = i18n;
  const columns: TableColumnsType<Registered> = [
    { title: t('importColRow'), dataIndex: 'row', width: 80, align: 'right' },
    {
      title: t('importColName'),
      dataIndex: 'name',
      render: (name: string, item) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto' }}
          aria-label={t('importOpenInstitution', { name })}
          onClick={() => onOpen(item.id)}
        >
          {name}
        </Button>
      ),
    },
    { title: t('importColUscc'), dataIndex: 'uscc' },
  ];
  return (
    <Flex vertical gap={12}>
      <Alert
        type="success"
        showIcon
        title={t('importDone', { count: answer.count })}
        description={t('importDoneEncoding', { encoding: answer.encoding === 'gb18030' ? 'GB18030' : 'UTF-8' })}
      />
      <section aria-label={t('importDoneList')}>
        <Table<Registered> rowKey="id" size="small" columns={columns} dataSource={answer.items} pagination={PAGE} />
      </section>
    </Flex>
  );
}

/**
 * A refusal: the rows or header cells named in a table (with a file of them to work through), or any
 * other problem as the console says problems (the feature's sentences for the import's codes).
 */
function Refusal({ error, i18n, onRetry }: { error: unknown; i18n: RegisterI18n; onRetry?: () => void }) {
  const { t, lang } = i18n;
  const refusal = importRefusal(error, t, lang);
  if (!refusal) {
    const line = malformedLine(error);
    const said: Translate = (key, vars) =>
      (key as string) === 'problemCode_IMPORT_MALFORMED_CSV' && line !== undefined ? t('importMalformedAt', { line }) : t(key, vars);
    return <ProblemAlert error={error} t={said} onRetry={onRetry} />;
  }
  const columns: TableColumnsType<ImportProblemRow> = [
    { title: t('importColRow'), dataIndex: 'row', width: 80, align: 'right' },
    { title: t('importColColumn'), dataIndex: 'column', width: 220 },
    { title: t('importColProblem'), dataIndex: 'problem' },
  ];
  return (
    <Flex vertical gap={12}>
      <Alert
        type="error"
        showIcon
        title={
          refusal.kind === 'rows'
            ? t('importRefusedRows', { rows: refusal.badRows, problems: refusal.problems.length })
            : t('importRefusedColumns')
        }
        action={
          <Button
            size="small"
            icon={<DownloadOutlined />}
            onClick={() => downloadCsv(t('importProblemsFile'), problemsCsv(refusal.problems, t))}
          >
            {t('importExportProblems')}
          </Button>
        }
      />
      <section aria-label={t('importProblemsLabel')}>
        <Table<ImportProblemRow> rowKey="key" size="small" columns={columns} dataSource={refusal.problems} pagination={PAGE} />
      </section>
    </Flex>
  );
}
