import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export class CreateSubscriptionDto {
  @IsString() @MaxLength(2000) url: string;
  /** shared secret for the signature; generated (and shown once) when absent */
  @IsOptional()
  @IsString()
  @Length(16, 200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'secret must be visible ASCII characters' })
  secret?: string;
  /** e.g. referral.requested, referral.* , compliance.finding-raised, or * */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true }) eventTypes: string[];
  /** regulators only: a division prefix inside their jurisdiction */
  @IsOptional() @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' }) division?: string;
}
