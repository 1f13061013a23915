/**
 * The regulator's webhook subscriptions: the list with each one's state, a new one (endpoint URL, event
 * types, optionally a division inside the jurisdiction; the signing secret shown once), pause and
 * resume, delete (confirmed), and each one's deliveries with every attempt.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Drawer, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../shared/time';
import { divisionChoices, fullName, useDivisions } from './divisions';
import { useOversightI18n } from './i18n';
import type { OversightMessageKey } from './messages';
import { OversightProblem } from './OversightProblem';
import {
  EVENT_FILTERS,
  useCreateSubscription,
  useDeliveries,
  useSubscriptionMove,
  useSubscriptions,
  type CreatedSubscription,
  type Delivery,
  type Subscription,
} from './subscriptions';
import { MorePages } from '../../shared/MorePages';

export function SubscriptionsPage() {
  const { t, lang } = useOversightI18n();
  const { principal } = useSession();
  const own = principal.division ?? '';
  const divisions = useDivisions();
  const list = useSubscriptions();
  const move = useSubscriptionMove();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedSubscription>();
  const [deliveriesOf, setDeliveriesOf] = useState<Subscription>();
  const places = useMemo(() => divisionChoices(divisions, own), [divisions, own]);
  const busy = (id: string) => move.isPending && move.variables?.id === id;

  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" gap={12} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('subsTitle')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('subsNew')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('subsIntro')}
      </Typography.Paragraph>
      {list.error ? <OversightProblem error={list.error} onRetry={() => void list.refetch()} /> : null}
      {move.error ? <OversightProblem error={move.error} /> : null}
      <Card>
        <Table<Subscription>
          rowKey="id"
          loading={list.isPending && !list.error}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('subsEmpty')} /> }}
          columns={[
            { title: t('subsUrl'), render: (_, s) => <Typography.Text code>{s.url}</Typography.Text> },
            {
              title: t('subsEventTypes'),
              render: (_, s) => (
                <Flex gap={4} wrap>
                  {s.eventTypes.map((e) => (
                    <Tag key={e}>{e}</Tag>
                  ))}
                </Flex>
              ),
            },
            { title: t('subsDivision'), render: (_, s) => (s.division ? fullName(divisions, s.division) : t('subsDivisionAll')) },
            {
              title: t('colStatus'),
              render: (_, s) => (
                <Tag color={s.status === 'ACTIVE' ? '#0f6e56' : '#595959'}>{t(`subsStatus_${s.status}` as OversightMessageKey)}</Tag>
              ),
            },
            { title: t('subsCreated'), render: (_, s) => <time dateTime={s.createdAt}>{formatDateTime(s.createdAt, lang)}</time> },
            {
              title: t('colActions'),
              render: (_, s) => (
                <Space wrap>
                  <Button
                    size="small"
                    loading={busy(s.id)}
                    onClick={() => move.mutate({ id: s.id, move: s.status === 'ACTIVE' ? 'pause' : 'resume' })}
                  >
                    {s.status === 'ACTIVE' ? t('subsPause') : t('subsResume')}
                  </Button>
                  <Button size="small" onClick={() => setDeliveriesOf(s)}>
                    {t('subsDeliveries')}
                  </Button>
                  <Popconfirm
                    title={t('subsDeleteConfirm')}
                    okText={t('subsDelete')}
                    cancelText={t('cancel')}
                    onConfirm={() => move.mutate({ id: s.id, move: 'delete' })}
                  >
                    <Button size="small" danger style={{ color: '#a8071a', borderColor: '#a8071a' }}>
                      {t('subsDelete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CreateDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          setCreated(s);
        }}
        divisionOptions={places}
      />
      <Modal
        open={!!created}
        title={t('subsSecretTitle')}
        onCancel={() => setCreated(undefined)}
        footer={
          <Button type="primary" onClick={() => setCreated(undefined)}>
            {t('close')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('subsSecretBody')} style={{ marginBottom: 12 }} />
        <Typography.Text strong>{t('subsSecret')}：</Typography.Text>
        <Typography.Text code copyable>
          {created?.secret}
        </Typography.Text>
      </Modal>
      <DeliveriesDrawer subscription={deliveriesOf} onClose={() => setDeliveriesOf(undefined)} />
    </Flex>
  );
}

function CreateDialog({
  open,
  onClose,
  onCreated,
  divisionOptions,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (s: CreatedSubscription) => void;
  divisionOptions: { value: string; label: string }[];
}) {
  const { t } = useOversightI18n();
  const [form] = Form.useForm<{ url: string; eventTypes: string[]; division?: string }>();
  const create = useCreateSubscription();
  const label = (field: string) =>
    field === 'url'
      ? t('subsUrl')
      : field.startsWith('eventTypes')
        ? t('subsEventTypes')
        : field === 'division'
          ? t('subsDivision')
          : field;
  const submit = async () => {
    const v = await form.validateFields();
    create.mutate(
      { url: v.url.trim(), eventTypes: v.eventTypes, ...(v.division ? { division: v.division } : {}) },
      {
        onSuccess: (s) => {
          form.resetFields();
          create.reset();
          onCreated(s);
        },
      },
    );
  };
  return (
    <Modal
      open={open}
      title={t('subsNew')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('subsCreate')}
      cancelText={t('cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      {create.error ? <OversightProblem error={create.error} fieldLabel={label} /> : null}
      <Form form={form} layout="vertical" initialValues={{ eventTypes: ['compliance.*'] }} style={{ marginTop: 12 }}>
        <Form.Item
          name="url"
          label={t('subsUrl')}
          extra={t('subsUrlHelp')}
          rules={[{ required: true, whitespace: true, message: t('subsUrlRequired') }]}
        >
          <Input placeholder="https://example.gov.cn/hooks/yiyang" inputMode="url" autoComplete="url" />
        </Form.Item>
        <Form.Item
          name="eventTypes"
          label={t('subsEventTypes')}
          extra={t('subsEventTypesHelp')}
          rules={[{ required: true, type: 'array', min: 1, message: t('subsEventTypesRequired') }]}
        >
          <Select mode="tags" options={EVENT_FILTERS.map((e) => ({ value: e, label: e }))} />
        </Form.Item>
        {divisionOptions.length > 0 ? (
          <Form.Item name="division" label={t('subsDivision')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('subsDivisionAll')} options={divisionOptions} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

function attemptText(d: Delivery, t: ReturnType<typeof useOversightI18n>['t']): string {
  const last = d.attempts.at(-1);
  if (!last) return '—';
  return last.statusCode !== null
    ? t('delHttp', { code: String(last.statusCode), ms: last.durationMs })
    : t('delError', { error: String(last.error ?? ''), ms: last.durationMs });
}

function DeliveriesDrawer({ subscription, onClose }: { subscription: Subscription | undefined; onClose: () => void }) {
  const { t, lang } = useOversightI18n();
  const deliveries = useDeliveries(subscription?.id);
  const rows = deliveries.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Drawer
      open={!!subscription}
      onClose={onClose}
      title={subscription ? t('subsDeliveriesOf', { url: subscription.url }) : ''}
      size={760}
      destroyOnHidden
    >
      {deliveries.error ? <OversightProblem error={deliveries.error} onRetry={() => void deliveries.refetch()} /> : null}
      <Table<Delivery>
        rowKey="id"
        size="small"
        loading={deliveries.isPending && !deliveries.error && !!subscription}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('delEmpty')} /> }}
        columns={[
          { title: t('delEvent'), render: (_, d) => <Typography.Text code>{String(d.eventType)}</Typography.Text> },
          {
            title: t('delStatus'),
            render: (_, d) => {
              const key = `delStatus_${String(d.status)}` as OversightMessageKey;
              const text = t(key);
              return (
                <Tag color={d.status === 'DELIVERED' ? '#0f6e56' : d.status === 'DEAD' ? '#a8071a' : '#595959'}>
                  {text === key ? String(d.status) : text}
                </Tag>
              );
            },
          },
          { title: t('delCreated'), render: (_, d) => formatDateTime(d.createdAt, lang) },
          { title: t('delAttempts'), align: 'right', render: (_, d) => d.attempts.length },
          { title: t('delLast'), render: (_, d) => attemptText(d, t) },
          { title: t('delNext'), render: (_, d) => (d.nextAttemptAt ? formatDateTime(d.nextAttemptAt, lang) : '—') },
        ]}
      />
      <MorePages pages={deliveries} more={t('findingsMore')} style={{ marginTop: 12 }} />
    </Drawer>
  );
}

export default SubscriptionsPage;
