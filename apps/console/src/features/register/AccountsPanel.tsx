/**
 * An institution's accounts, for the registrar: who they are, their role, enabled or not; disable (the
 * person's sessions end at once) and enable; a new administrator's account, whose one-time password is
 * shown once. Refusals are sentences (503: account management not configured or the provider silent).
 */
import { useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useAccountSwitch, useAccounts, useCreateAccount, type Account, type CreatedAccount, type NewAccountBody } from './api';
import type { RegisterI18n } from './i18n';
import { adminRolesFor } from './model';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { placeProblem } from '../../shared/placeProblem';
import type { Institution } from './search';

export function AccountsPanel({ institution, i18n }: { institution: Institution; i18n: RegisterI18n }) {
  const { t } = i18n;
  const { message, modal } = AntApp.useApp();
  const accounts = useAccounts(institution.id);
  const toggle = useAccountSwitch(institution.id);
  const [creating, setCreating] = useState(false);
  const rows = accounts.data?.pages.flatMap((p) => p.items ?? []) ?? [];

  async function flip(account: Account, enable: boolean) {
    try {
      await toggle.mutateAsync({ account, enable });
      void message.success(t(enable ? 'done_enable' : 'done_disable', { name: account.displayName }));
    } catch (err) {
      modal.error({
        title: t(enable ? 'enableAccountLabel' : 'disableAccountLabel', { name: account.displayName }),
        content: <ProblemAlert error={err} t={t} />,
      });
    }
  }

  const columns: TableColumnsType<Account> = [
    { title: t('colDisplayName'), dataIndex: 'displayName' },
    { title: t('colUsername'), dataIndex: 'username', render: (u: string) => <span style={{ fontFamily: 'monospace' }}>{u}</span> },
    { title: t('colRole'), dataIndex: 'role', render: (r: Account['role']) => (r ? t(`role_${r}`) : t('none')) },
    {
      title: t('colAccountStatus'),
      dataIndex: 'enabled',
      render: (enabled: boolean, a) => (
        <Flex gap={4} wrap>
          <Tag color={enabled ? '#237804' : '#a8071a'}>{enabled ? t('accountEnabled') : t('accountDisabled')}</Tag>
          {a.mustChangePassword ? <Tag>{t('mustChangePassword')}</Tag> : null}
        </Flex>
      ),
    },
    {
      title: t('colAccountActions'),
      key: 'actions',
      render: (_: unknown, a) =>
        a.enabled ? (
          <Popconfirm
            title={t('disableConfirm', { name: a.displayName })}
            okText={t('actionDisable')}
            cancelText={t('cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => flip(a, false)}
          >
            <Button size="small" danger aria-label={t('disableAccountLabel', { name: a.displayName })}>
              {t('actionDisable')}
            </Button>
          </Popconfirm>
        ) : (
          <Button size="small" aria-label={t('enableAccountLabel', { name: a.displayName })} onClick={() => void flip(a, true)}>
            {t('actionEnable')}
          </Button>
        ),
    },
  ];

  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {t('accountsTitle')}
        </Typography.Title>
        {institution.status !== 'REVOKED' ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('newAccount')}
          </Button>
        ) : null}
      </Flex>
      <Typography.Text type="secondary">{t('accountsHelp')}</Typography.Text>
      {accounts.error ? <ProblemAlert error={accounts.error} t={t} onRetry={() => void accounts.refetch()} /> : null}
      <Table<Account>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={accounts.isPending && !accounts.error}
        pagination={false}
        locale={{ emptyText: accounts.isPending ? t('loading') : t('noAccounts') }}
        scroll={{ x: 'max-content' }}
      />
      {accounts.hasNextPage ? (
        <Button onClick={() => void accounts.fetchNextPage()} loading={accounts.isFetchingNextPage}>
          {t('accountsMore')}
        </Button>
      ) : null}
      {creating ? <NewAccountDialog institution={institution} i18n={i18n} onClose={() => setCreating(false)} /> : null}
    </Flex>
  );
}

type NewAccountValues = Pick<NewAccountBody, 'username' | 'displayName' | 'email' | 'role'>;

function NewAccountDialog({ institution, i18n: { t }, onClose }: { institution: Institution; i18n: RegisterI18n; onClose: () => void }) {
  const [form] = Form.useForm<NewAccountValues>();
  const create = useCreateAccount(institution.id);
  const [problem, setProblem] = useState<unknown>();
  const [created, setCreated] = useState<CreatedAccount>();
  const roles = adminRolesFor(institution.category);
  const label = (f: string) =>
    f === 'username' ? t('fieldUsername') : f === 'displayName' ? t('fieldDisplayName') : f === 'email' ? t('fieldEmail') : f;

  async function send() {
    let v: NewAccountValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setProblem(undefined);
    try {
      const email = v.email?.trim();
      setCreated(
        await create.mutateAsync({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          institutionId: institution.id,
          ...(email ? { email } : {}),
        }),
      );
    } catch (err) {
      setProblem(err);
      placeProblem(form, err, t, {
        field: (f) => (['username', 'displayName', 'email', 'role'].includes(f) ? [f] : undefined),
        label,
        codes: { USERNAME_TAKEN: ['username'] },
      });
    }
  }

  if (created)
    return (
      <Modal
        open
        title={t('accountCreatedTitle', { username: created.username })}
        onCancel={onClose}
        footer={
          <Button type="primary" onClick={onClose}>
            {t('close')}
          </Button>
        }
      >
        <Flex vertical gap={12}>
          <Alert type="warning" showIcon title={t('temporaryPasswordNote')} />
          <Typography.Text>
            {t('temporaryPassword')}：
            <Typography.Text code copyable strong>
              {created.temporaryPassword}
            </Typography.Text>
          </Typography.Text>
        </Flex>
      </Modal>
    );

  return (
    <Modal
      open
      title={t('newAccountTitle', { name: institution.name })}
      okText={t('actionCreate')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: create.isPending }}
      onOk={() => void send()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<NewAccountValues>
        form={form}
        layout="vertical"
        initialValues={{ role: roles[0] }}
        aria-label={t('newAccountTitle', { name: institution.name })}
      >
        <Form.Item
          name="username"
          label={t('fieldUsername')}
          extra={t('fieldUsernameHelp')}
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: t('usernameInvalid') }]}
        >
          <Input autoComplete="off" spellCheck={false} maxLength={64} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('fieldDisplayName')}
          rules={[{ required: true, whitespace: true, max: 100, message: t('displayNameRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="email" label={t('fieldEmail')} rules={[{ type: 'email', message: t('emailInvalid') }]}>
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t('fieldRole')} rules={[{ required: true, message: t('roleRequired') }]}>
          <Select options={roles.map((r) => ({ value: r, label: t(`role_${r}`) }))} />
        </Form.Item>
      </Form>
      {problem ? <ProblemAlert error={problem} t={t} fieldLabel={label} /> : null}
    </Modal>
  );
}
