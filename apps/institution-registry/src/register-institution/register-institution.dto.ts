import { IsIn, IsString, Length } from 'class-validator';
import { INSTITUTION_CATEGORIES, InstitutionCategory } from '@yiyang/contracts';
import { InstitutionDetailsDto } from '../shared/institution-details.dto';

export class RegisterInstitutionDto extends InstitutionDetailsDto {
  /** 统一社会信用代码, 18 characters with the GB 32100-2015 check character */
  @IsString()
  @Length(18, 18)
  uscc: string;

  @IsIn(INSTITUTION_CATEGORIES)
  category: InstitutionCategory;
}
