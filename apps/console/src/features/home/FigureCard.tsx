/**
 * One figure of the home page: a card whose link (named by the figure and its number, described by
 * what it counts; the whole card clickable) opens the screen where its work is done, a placeholder while
 * it loads, and a sentence with a retry when it cannot be read (then no link: nothing to open).
 */
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Card, Flex, Skeleton, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import type { Count } from './model';
import { useHomeI18n } from './i18n';

export interface FigureProps {
  title: string;
  help: string;
  unit: 'agreements' | 'referrals';
  /** where the work is done */
  to: string;
  count: Count | undefined;
  loading: boolean;
  failed: boolean;
  onRetry(): void;
  /** a line under the help, e.g. how many are overdue */
  extra?: ReactNode;
  /** draws the eye: there is something to do */
  alert?: boolean;
  testId: string;
}

const CARD_STYLE = { height: '100%', minHeight: 150 } as const;

export function FigureCard({ title, help, unit, to, count, loading, failed, onRetry, extra, alert, testId }: FigureProps) {
  const { t } = useHomeI18n();
  const helpId = useId();
  if (failed)
    return (
      <Card size="small" style={CARD_STYLE} data-testid={testId}>
        <Flex vertical gap={8}>
          <Typography.Text strong>{title}</Typography.Text>
          <Typography.Text type="danger" role="alert">
            {t('figureFailed')}
          </Typography.Text>
          <div>
            <Button size="small" onClick={onRetry}>
              {t('retry')}
            </Button>
          </div>
        </Flex>
      </Card>
    );
  if (loading || !count)
    return (
      <Card size="small" style={CARD_STYLE} data-testid={testId} aria-busy="true">
        <Flex vertical gap={8}>
          <Typography.Text strong>{title}</Typography.Text>
          <Skeleton.Input active size="small" />
          <Typography.Text type="secondary">{help}</Typography.Text>
        </Flex>
      </Card>
    );
  const number = count.atLeast ? t('atLeast', { count: count.value }) : String(count.value);
  // the whole card opens the screen (the link's overlay); the link is named by what it shows, described by the help
  return (
    <Card
      size="small"
      hoverable
      style={{ ...CARD_STYLE, position: 'relative', borderColor: alert ? '#d46b08' : undefined }}
      data-testid={testId}
    >
      <Flex vertical gap={6}>
        <Link to={to} aria-describedby={helpId} style={{ color: 'inherit' }}>
          <Flex justify="space-between" align="center">
            <Typography.Text strong>{title}</Typography.Text>
            <RightOutlined aria-hidden style={{ color: '#595959' }} />
          </Flex>
          <span style={{ fontSize: 32, fontWeight: 600, lineHeight: 1.2, color: alert ? '#ad4e00' : '#0f3d33' }}>{number}</span>{' '}
          <span>{t(`countUnit_${unit}`)}</span>
          <span aria-hidden style={{ position: 'absolute', inset: 0 }} />
        </Link>
        <Typography.Text type="secondary" id={helpId}>
          {help}
        </Typography.Text>
        {extra}
      </Flex>
    </Card>
  );
}
