import { IsOptional, Matches } from 'class-validator';

export class StatisticsQuery {
  /** a division within the regulator's jurisdiction: a province (2 digits), a city (4) or a county (6); the jurisdiction itself when absent */
  @IsOptional() @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' }) division?: string;
}
