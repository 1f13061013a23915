import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { RenderRateLimitGuard, uuidParam } from '@yiyang/http';
import { PrintReferralFormHandler } from './print-referral-form.handler';

@ApiTags('referrals')
@Controller('v1/referrals/:id')
export class PrintReferralFormController {
  constructor(private readonly handler: PrintReferralFormHandler) {}

  /**
   * The printed form as an A4 PDF download: the 双向转诊单 of an UP referral, the 回转单 of a DOWN one.
   * Staff of either institution get the resident's particulars; a regulator who may read the referral
   * gets them masked; anyone else 404. Not cached. Each print counts like a change against the caller's
   * rate limit (429 RATE_LIMITED with Retry-After beyond it).
   */
  @Get('form.pdf')
  @UseGuards(RenderRateLimitGuard)
  @ApiTooManyRequestsResponse({ description: 'too many printed forms from this caller (Retry-After)' })
  @ApiProduces('application/pdf')
  async print(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal, @Res() res: Response): Promise<void> {
    const form = await this.handler.execute(id, p);
    res
      .status(200)
      .set({
        'Content-Type': 'application/pdf',
        'Content-Length': String(form.pdf.length),
        'Content-Disposition': form.disposition,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      .end(form.pdf);
  }
}
