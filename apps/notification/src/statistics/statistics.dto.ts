import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { GRANULARITIES, Granularity } from './periods';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class BreakdownQuery {
  /** a division within the regulator's jurisdiction: a province (2 digits), a city (4) or a county (6); the jurisdiction itself when absent */
  @IsOptional() @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' }) division?: string;
  /** the first China-time day counted (YYYY-MM-DD); 29 days before `to` when absent */
  @IsOptional() @Matches(DATE, { message: 'from must be a date, YYYY-MM-DD' }) from?: string;
  /** the last China-time day counted (YYYY-MM-DD), included; today (China time) when absent */
  @IsOptional() @Matches(DATE, { message: 'to must be a date, YYYY-MM-DD' }) to?: string;
}

export class StatisticsQuery extends BreakdownQuery {
  /** one institution's figures instead of a division's (a regulator's within their jurisdiction; an institution admin's own) */
  @IsOptional() @IsUUID('all', { message: 'institution must be a UUID' }) institution?: string;
  /** the length of the series' periods: day, week (ISO, from Monday) or month, in China time; day when absent */
  @IsOptional() @IsIn(GRANULARITIES, { message: `granularity must be one of ${GRANULARITIES.join(', ')}` }) granularity?: Granularity;
}
