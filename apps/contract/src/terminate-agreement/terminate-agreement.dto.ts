import { IsISO8601, Matches } from 'class-validator';
import { RejectAgreementDto } from '../shared/agreement.dto';

export class TerminateAgreementDto extends RejectAgreementDto {
  /** the day from which the agreement no longer applies: today (at once) or a later day within the term */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  effectiveOn: string;
}
