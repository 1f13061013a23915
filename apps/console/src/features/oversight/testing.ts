/** What the regulator's tests (unit and browser) share: findings and figures as the notification service answers them. */
import { COMPLIANCE_RULE_LABEL } from '@contracts/labels';
import type { Finding, Statistics } from './model';

/** A finding as the API answers it: the stored finding with its divisions, rule and subject in words, and the named institutions. */
export const finding = (
  f: Omit<Finding, 'divisions' | 'institutions' | 'ruleName' | 'subjectName'> & Partial<Pick<Finding, 'institutions' | 'subjectName'>>,
): Finding => ({
  divisions: [f.division],
  institutions: [],
  ruleName: COMPLIANCE_RULE_LABEL[f.rule].zh,
  subjectName: '',
  ...f,
});

/**
 * A division's figures as the API answers them: the current totals given, the period series (which the
 * screens do not read yet) empty over one day.
 */
export const statisticsAnswer = (
  current: Omit<Statistics, 'institution' | 'period' | 'range' | 'series' | 'waitTimes'> & Partial<Statistics>,
): Statistics => ({
  institution: null,
  period: { from: '2026-11-30', to: '2026-11-30', granularity: 'day', timeZone: 'Asia/Shanghai' },
  range: {} as Statistics['range'],
  series: [],
  waitTimes: {} as Statistics['waitTimes'],
  ...current,
});

/** An open finding: a home refused twice at a hospital it has no agreement with (SPEC §4.4). */
export const outsideAgreementFinding = (id: string, home: string, hospital: string): Finding =>
  finding({
    id,
    rule: 'REFERRAL_OUTSIDE_AGREEMENT',
    subject: `pair:${home}:${hospital}`,
    division: '350102',
    status: 'OPEN',
    raisedAt: '2026-11-30T02:05:00.000Z',
    resolvedAt: null,
    details: { senderId: home, receiverId: hospital, refusals: 2 },
  });
