import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class ReasonDto {
  @IsString()
  @Length(2, 1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class OptionalReasonDto {
  @IsOptional()
  @IsString()
  @Length(2, 1000)
  reason?: string;
}
