import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@yiyang/auth';
import { referralFormPdf, returnFormPdf } from '@yiyang/forms';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { ReferralView } from '../shared/referral-view';
import { formDisposition, referralForm } from './referral-form.mapper';

/** A printed form: the PDF's bytes and how to offer it for download. */
export interface PrintedForm {
  pdf: Buffer;
  disposition: string;
}

/**
 * The referral's printed form, made on demand (never stored): who may read the referral and how much
 * of it is decided exactly as for its JSON read (404 for anyone else); the names and codes come from
 * the directory; printed at the clock's now.
 */
@Injectable()
export class PrintReferralFormHandler {
  constructor(
    private readonly view: ReferralView,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(id: string, p: Principal): Promise<PrintedForm> {
    const { state, audience } = await this.view.readable(id, p);
    const data = referralForm(state, await this.view.names([state]), audience, this.clock.now());
    const pdf = data.direction === 'UP' ? await referralFormPdf(data) : await returnFormPdf(data);
    return { pdf, disposition: formDisposition(state) };
  }
}
