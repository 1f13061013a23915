import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { ReferralRepository } from '../persistence/referral.repository';
import { attachmentsFor, toAttachmentResponse } from '../shared/attachment.response';

@ApiTags('referrals')
@Controller('v1/referrals/:id')
export class ListAttachmentsController {
  constructor(private readonly repository: ReferralRepository) {}

  /**
   * The files attached to a referral, oldest first: for staff of the sending or the receiving
   * institution only (anyone else, regulators included, gets 404).
   */
  @Get('attachments')
  async list(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    const attachments = attachmentsFor(await this.repository.find(id), p);
    return { items: attachments.map(toAttachmentResponse) };
  }
}
