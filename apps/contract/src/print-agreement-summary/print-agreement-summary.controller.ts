import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { RenderRateLimitGuard, uuidParam } from '@yiyang/http';
import { AgreementApi } from '../shared/agreement-api';
import { PrintAgreementSummaryHandler } from './print-agreement-summary.handler';

@AgreementApi({ ifMatch: false })
@Controller('v1/agreements')
export class PrintAgreementSummaryController {
  constructor(private readonly handler: PrintAgreementSummaryHandler) {}

  /**
   * The agreement's summary sheet (协议摘要) as an A4 PDF download. Readers as for GET /v1/agreements/{id};
   * others get 404. Each is rendered anew, so each counts against the caller's rate limit like a change (429).
   */
  @Get(':id/summary.pdf')
  @UseGuards(RenderRateLimitGuard)
  @ApiTooManyRequestsResponse({ description: 'too many printed forms from this caller (RATE_LIMITED, Retry-After)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'the 协议摘要, an A4 PDF (attachment)',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async print(@Param('id', uuidParam()) id: string, @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    const { pdf, contentDisposition } = await this.handler.execute({ id, principal });
    res.status(200);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(pdf.length));
    res.setHeader('Content-Disposition', contentDisposition);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(pdf);
  }
}
