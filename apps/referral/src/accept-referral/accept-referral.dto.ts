import { IsISO8601, Matches } from 'class-validator';

export class AcceptReferralDto {
  /** when the patient is expected, ISO 8601 with offset */
  @IsISO8601({ strict: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'expectedArrivalAt must carry a time zone (Z or ±hh:mm)' })
  expectedArrivalAt: string;
}
