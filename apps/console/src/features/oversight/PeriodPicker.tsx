/**
 * The statistics' period and view: from and to (China calendar dates, typed or picked; days after
 * today not offered), the granularity of the series (day, week, month), back to the last 30 days, and
 * which side of the referrals is counted (all, sent, received). The page keeps them in its address.
 */
import { useId } from 'react';
import { Button, DatePicker, Flex, Segmented, Typography } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { OversightI18n } from './i18n';
import { GRANULARITIES, SIDES, type Granularity, type Side } from './model';
import { defaultPeriod, isDefaultRange, type Period } from './period';

const DAY = 'YYYY-MM-DD';

export function PeriodPicker({
  period,
  side,
  today,
  i18n,
  onPeriod,
  onSide,
}: {
  period: Period;
  side: Side;
  today: string;
  i18n: OversightI18n;
  onPeriod: (p: Period) => void;
  onSide: (s: Side) => void;
}) {
  const { t, lang } = i18n;
  const id = useId();
  const locale = lang === 'en' ? 'en' : 'zh-cn';
  const value = (day: string) => dayjs(day, DAY).locale(locale);
  const after = (limit: string) => (d: Dayjs) => d.format(DAY) > limit;
  const picked = (field: 'from' | 'to') => (d: Dayjs | null) => {
    if (d) onPeriod({ ...period, [field]: d.format(DAY) });
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <Flex vertical gap={8}>
        <Flex align="end" gap={16} wrap>
          <Typography.Text strong id={`${id}-title`} style={{ alignSelf: 'center' }}>
            {t('periodTitle')}
          </Typography.Text>
          <Flex vertical gap={4}>
            <label htmlFor={`${id}-from`}>{t('periodFrom')}</label>
            <DatePicker
              id={`${id}-from`}
              value={value(period.from)}
              format={DAY}
              allowClear={false}
              disabledDate={after(today)}
              onChange={picked('from')}
              style={{ width: 150 }}
            />
          </Flex>
          <Flex vertical gap={4}>
            <label htmlFor={`${id}-to`}>{t('periodTo')}</label>
            <DatePicker
              id={`${id}-to`}
              value={value(period.to)}
              format={DAY}
              allowClear={false}
              disabledDate={after(today)}
              onChange={picked('to')}
              style={{ width: 150 }}
            />
          </Flex>
          <Segmented<Granularity>
            aria-label={t('periodGranularity')}
            value={period.granularity}
            onChange={(granularity) => onPeriod({ ...period, granularity })}
            options={GRANULARITIES.map((g) => ({ value: g, label: t(`granularity_${g}`) }))}
          />
          <Button
            icon={<HistoryOutlined />}
            disabled={isDefaultRange(period, today)}
            onClick={() => onPeriod(defaultPeriod(today, period.granularity))}
          >
            {t('periodDefault')}
          </Button>
          <Flex align="center" gap={8}>
            <Typography.Text aria-hidden>{t('sideLabel')}</Typography.Text>
            <Segmented<Side>
              aria-label={t('sideLabel')}
              value={side}
              onChange={onSide}
              options={SIDES.map((s) => ({ value: s, label: t(`side_${s}`) }))}
            />
          </Flex>
        </Flex>
        <Typography.Text type="secondary">
          {t('periodHelp')} {t('sideHelp')}
        </Typography.Text>
      </Flex>
    </section>
  );
}
