import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { NotFoundError } from '@yiyang/kernel';
import { contentDisposition } from '@yiyang/storage';
import { ErrorCodes } from '../domain/error-codes';
import { ReferralRepository } from '../persistence/referral.repository';
import { attachmentsFor } from '../shared/attachment.response';
import { AttachmentVault } from '../shared/attachment-vault';

@ApiTags('referrals')
@Controller('v1/referrals/:id')
export class DownloadAttachmentController {
  constructor(
    private readonly repository: ReferralRepository,
    private readonly vault: AttachmentVault,
  ) {}

  /**
   * One attached file, decrypted by the service (never a presigned link): its bytes with its type, as
   * a download under its safe name, not cached. Staff of the sending or the receiving institution only.
   */
  @Get('attachments/:attachmentId')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  async download(
    @Param('id', uuidParam()) id: string,
    @Param('attachmentId', uuidParam()) attachmentId: string,
    @CurrentPrincipal() p: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const attachment = attachmentsFor(await this.repository.find(id), p).find((a) => a.id === attachmentId);
    if (!attachment) throw new NotFoundError('the attachment', ErrorCodes.ATTACHMENT_NOT_FOUND);
    const bytes = await this.vault.open(attachment.id, attachment.envelope);
    res
      .status(200)
      .set({
        'Content-Type': attachment.mediaType,
        'Content-Length': String(bytes.length),
        'Content-Disposition': contentDisposition(attachment.fileName),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      })
      .end(bytes);
  }
}
