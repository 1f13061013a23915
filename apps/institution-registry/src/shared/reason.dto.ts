import { IsString, Length, Matches } from 'class-validator';

/** The reason a registrar gives for a sanction (suspension, revocation). */
export class ReasonDto {
  @IsString()
  @Length(2, 1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
