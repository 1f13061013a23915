import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { DomainError, ValidationError } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';
import { actorOf } from '../shared/http';
import { ImportEncoding, importEncodingOf } from './csv';
import { CSV_BODY, CSV_TYPES, RequestWithCsv } from './csv-body.middleware';
import { ImportInstitutionsHandler } from './import-institutions.handler';

/** `?encoding=`: absent, detected from the bytes; else utf-8 or gb18030 (gbk, gb2312 read as gb18030). */
function encodingParam(value: unknown): ImportEncoding | undefined {
  if (value === undefined) return undefined;
  const encoding = typeof value === 'string' ? importEncodingOf(value) : null;
  if (!encoding) throw new ValidationError([{ field: 'encoding', message: 'must be utf-8 or gb18030 (gbk)' }]);
  return encoding;
}

@ApiTags('institutions')
@Controller('v1/institutions')
export class ImportInstitutionsController {
  constructor(private readonly handler: ImportInstitutionsHandler) {}

  /**
   * Registers every institution of a CSV file (registrar): the file itself as the body (text/csv, at most
   * 5 MB and 5,000 rows; UTF-8 with or without BOM, or GB18030/GBK as Excel and WPS save it). Every row is
   * checked first; one bad row and nothing is registered (422 IMPORT_ROWS_INVALID naming each). Answers
   * 201 with the institutions registered, in file order. Publishes institution.registered for each.
   */
  @Post('imports')
  @HttpCode(201)
  @Roles('registrar')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'encoding', required: false, enum: ['utf-8', 'gb18030'] })
  async import(@Req() req: RequestWithCsv, @Query('encoding') encoding: unknown, @CurrentPrincipal() principal: Principal) {
    const forced = encodingParam(encoding);
    const body = req[CSV_BODY];
    if (!body) {
      throw new DomainError(
        ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-type',
        `send the CSV file itself as the body, with Content-Type ${CSV_TYPES[0]}`,
      );
    }
    if ('refusal' in body) throw body.refusal;
    const result = await this.handler.execute({ bytes: body.bytes, encoding: forced }, actorOf(principal));
    return {
      encoding: result.encoding,
      count: result.registered.length,
      items: result.registered.map(({ row, state }) => ({
        row,
        id: state.id,
        version: state.version,
        uscc: state.uscc,
        name: state.name,
        divisionCode: state.divisionCode,
        status: state.status,
      })),
    };
  }
}
