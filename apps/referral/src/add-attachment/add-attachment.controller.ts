import { Controller, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { IfMatchVersion, uuidParam } from '@yiyang/http';
import { ValidationError } from '@yiyang/kernel';
import { ErrorCodes } from '../domain/error-codes';
import { toAttachmentResponse } from '../shared/attachment.response';
import { REFERRAL_STEP_PATH, ReferralStepRoute } from '../shared/referral-step.route';
import { AddAttachmentHandler } from './add-attachment.handler';

/** X-File-Name: percent-encoded UTF-8 (headers are ASCII), decoded here; the name is then made safe. */
function decodeFileName(header: string | undefined): string | null {
  if (header === undefined || header === '') return null;
  try {
    if (header.length > 2048) throw new URIError('too long');
    return decodeURIComponent(header);
  } catch {
    throw new ValidationError(
      [{ field: 'X-File-Name', message: 'must be the file name percent-encoded as UTF-8, at most 2048 characters' }],
      ErrorCodes.FILE_NAME_MALFORMED,
    );
  }
}

@ReferralStepRoute()
@Controller(REFERRAL_STEP_PATH)
export class AddAttachmentController {
  constructor(private readonly handler: AddAttachmentHandler) {}

  /**
   * Staff of the sending or the receiving institution attach a file (PDF, JPEG or PNG, at most 20 MB)
   * to an open referral (REQUESTED, RECEIVED, ACCEPTED or ARRIVED): the raw bytes as the body, its type
   * read from the bytes. It is encrypted before it is stored; the referral's version goes up by one
   * (ETag), and no event is published (the next event's snapshot counts it).
   */
  @Post('attachments')
  @HttpCode(201)
  @ApiConsumes('application/pdf', 'image/jpeg', 'image/png')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'X-File-Name', required: false, description: 'the file name, percent-encoded UTF-8 (a label only)' })
  @ApiHeader({ name: 'X-Content-SHA256', required: false, description: "the file's SHA-256 in hex: a different file is refused" })
  async add(
    @Param('id', uuidParam()) id: string,
    @IfMatchVersion() version: number,
    @Req() req: Request,
    @Headers('x-file-name') fileName: string | undefined,
    @Headers('x-content-sha256') sha256: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { state, attachment } = await this.handler.execute(
      { id, expectedVersion: version, bytes, fileName: decodeFileName(fileName), expectedSha256: sha256 ?? null },
      p,
    );
    res.setHeader('ETag', `"${state.version}"`);
    res.setHeader('Location', `/v1/referrals/${id}/attachments/${attachment.id}`);
    return { ...toAttachmentResponse(attachment), referralVersion: state.version };
  }
}
