import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { PageQuery } from '@yiyang/http';

/** The filters of `GET /v1/audit` and `GET /v1/audit.csv`, all optional, combined with AND. */
export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'first day, China time (YYYY-MM-DD), inclusive', example: '2026-11-01' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'last day, China time (YYYY-MM-DD), inclusive', example: '2026-11-30' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ description: "the acting user's id (`system` for scheduled jobs and consumers)" })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._@:-]{1,128}$/, { message: 'actor must be a user id (letters, digits, . _ @ : -, at most 128)' })
  actor?: string;

  @ApiPropertyOptional({ description: 'an institution id: the entries concerning it (as either party)', format: 'uuid' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'institution must be a UUID' })
  institution?: string;

  @ApiPropertyOptional({ description: 'the aggregate type, e.g. institution, agreement, referral' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'type must be an aggregate type such as referral' })
  type?: string;

  @ApiPropertyOptional({ description: "the change's kind, e.g. suspended, countersigned, draft-edited, accepted" })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'action must be a change kind such as accepted' })
  action?: string;

  @ApiPropertyOptional({ description: "the resource's id (the aggregate's)" })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'resource must be a resource id' })
  resource?: string;
}

/** The export takes the same filters, no paging. */
export class AuditExportQuery extends OmitType(AuditQuery, ['limit', 'cursor'] as const) {}

export class AuditActorResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'the role the change was made in (system: a scheduled job or consumer)' }) role: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) institutionId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'display name at the time of the change' }) name: string | null;
}

export class AuditPartyResponse {
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ description: 'GB/T 2260 division code' }) division: string;
}

export class AuditEntryResponse {
  @ApiProperty({ description: "the entry's id" }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
  @ApiProperty({ description: 'aggregate type: institution, agreement, referral' }) type: string;
  @ApiProperty({ description: "the changed resource's id" }) resourceId: string;
  @ApiProperty({ description: 'the version the change produced (its event sequence)' }) version: number;
  @ApiProperty({ description: "the change's kind" }) action: string;
  @ApiProperty({ type: [String], description: 'the fields the change set; ["*"] for a creation' }) fields: string[];
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: AuditActorResponse }) actor: AuditActorResponse;
  @ApiProperty({ type: [AuditPartyResponse], description: 'the institutions the change concerns' }) parties: AuditPartyResponse[];
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] }) items: AuditEntryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
