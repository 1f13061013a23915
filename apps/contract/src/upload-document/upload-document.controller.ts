import { Controller, Headers, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { DomainError } from '@yiyang/kernel';
import { checkUpload } from '@yiyang/storage';
import { ErrorCodes } from '../domain/error-codes';
import { caller } from '../shared/actor';
import { AgreementApi } from '../shared/agreement-api';
import { AgreementView } from '../shared/agreement-view';
import { RequestWithUpload, UPLOADED_BODY } from './document-body.middleware';
import { UploadDocumentHandler } from './upload-document.handler';

/** The X-File-Name header: percent-encoded UTF-8 (a label only; made safe by libs/storage). */
function fileNameOf(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  try {
    return decodeURIComponent(header);
  } catch {
    throw new DomainError(ErrorCodes.DOCUMENT_FILE_NAME_MALFORMED, 'invalid', 'X-File-Name must be percent-encoded UTF-8');
  }
}

@AgreementApi()
@Controller('v1/agreements/:id')
export class UploadDocumentController {
  constructor(
    private readonly handler: UploadDocumentHandler,
    private readonly view: AgreementView,
  ) {}

  /**
   * The filer (an admin of the first party: the elderly-care party, or a CONTINUING_CARE agreement’s care side) uploads the signed agreement while it is a
   * DRAFT or SUBMITTED: the file itself as the body (PDF, JPEG or PNG, at most 20 MB; the type is decided
   * from the bytes). Each upload is a new document version; earlier ones stay readable. Answers the
   * agreement (its `attachedDocument` the new version), Location the document.
   */
  @Post('documents')
  @Roles('elderly-admin', 'medical-admin')
  @ApiConsumes('application/pdf', 'image/jpeg', 'image/png')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'X-Content-SHA256', required: false, description: 'the SHA-256 of the file (64 hex digits): it must match the bytes' })
  @ApiHeader({ name: 'X-File-Name', required: false, description: 'the file name, percent-encoded UTF-8 (a label only)' })
  async upload(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Req() req: RequestWithUpload,
    @Res({ passthrough: true }) res: Response,
    @Headers('x-content-sha256') sha256: string | undefined,
    @Headers('x-file-name') fileName: string | undefined,
    @CurrentPrincipal() p: Principal,
  ) {
    const body = req[UPLOADED_BODY];
    if (!body)
      throw new DomainError(
        ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
        'unsupported-type',
        'send the file itself as the body, with Content-Type application/pdf, image/jpeg or image/png',
      );
    if ('refusal' in body) throw body.refusal;
    const upload = checkUpload(body.bytes, { fileName: fileNameOf(fileName), expectedSha256: sha256 || null });
    const state = await this.handler.execute({ agreementId: id, expectedVersion: version, upload, ...caller(p) });
    res.setHeader('Location', `/v1/agreements/${id}/documents/${state.documents.length}`);
    return this.view.one(state);
  }
}
