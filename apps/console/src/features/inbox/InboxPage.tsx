/** The inbox: notices of the person's institution (or jurisdiction), unread first, arriving live. */
import { Badge, Button, Card, Empty, Flex, List, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { formatDateTime, formatRelative } from '../../shared/time';
import { useInbox, useMarkRead, useUnreadCount, type Notice } from './inbox';
import { useStreamStatus } from './StreamStatus';
import { MorePages } from '../../shared/MorePages';

export function InboxPage() {
  const { t, lang } = useI18n();
  const inbox = useInbox();
  const unread = useUnreadCount(true);
  const markRead = useMarkRead();
  const status = useStreamStatus();
  const notices = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const now = new Date();

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={12} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('inboxTitle')}
        </Typography.Title>
        {unread.data ? (
          <Tag color={unread.data.unread > 0 ? '#0958d9' : undefined}>{t('inboxUnread', { count: unread.data.unread })}</Tag>
        ) : null}
        {status === 'live' ? <Badge status="success" text={t('inboxLive')} /> : null}
        {status === 'reconnecting' ? <Badge status="warning" text={t('inboxReconnecting')} /> : null}
      </Flex>
      {inbox.error ? <ProblemAlert error={inbox.error} onRetry={() => void inbox.refetch()} /> : null}
      {markRead.error ? <ProblemAlert error={markRead.error} /> : null}
      <Card>
        {inbox.isPending && !inbox.error ? (
          <Skeleton active />
        ) : (
          <List<Notice>
            dataSource={notices}
            locale={{ emptyText: <Empty description={t('inboxEmpty')} /> }}
            renderItem={(notice) => (
              <List.Item
                key={notice.id}
                actions={
                  notice.readAt
                    ? [
                        <Typography.Text key="read" type="secondary">
                          {t('inboxRead')}
                        </Typography.Text>,
                      ]
                    : [
                        <Button
                          key="mark"
                          size="small"
                          onClick={() => markRead.mutate(notice.id)}
                          loading={markRead.isPending && markRead.variables === notice.id}
                        >
                          {t('inboxMarkRead')}
                        </Button>,
                      ]
                }
              >
                <List.Item.Meta
                  title={
                    <Flex gap={8} align="center">
                      {notice.readAt ? null : <Badge status="processing" aria-hidden />}
                      <Typography.Text strong={!notice.readAt}>{notice.title}</Typography.Text>
                    </Flex>
                  }
                  description={
                    <Flex vertical gap={4}>
                      <span>{notice.body}</span>
                      <Tooltip title={formatDateTime(notice.createdAt, lang)}>
                        <Typography.Text type="secondary">
                          <time dateTime={notice.createdAt}>{formatRelative(notice.createdAt, now, lang)}</time>
                        </Typography.Text>
                      </Tooltip>
                    </Flex>
                  }
                />
              </List.Item>
            )}
          />
        )}
        <MorePages pages={inbox} more={t('inboxLoadMore')} style={{ marginTop: 12 }} />
      </Card>
    </Flex>
  );
}

export default InboxPage;
