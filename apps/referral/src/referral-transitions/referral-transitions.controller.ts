import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { IfMatchVersion } from '@yiyang/http';
import { Clock, ValidationError } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { Referral, ReferralState } from '../domain/referral';
import { REFERRAL_CONFIG, ReferralConfig, deadlinePolicy } from '../config';
import { eventActor, referralActor } from '../shared/actor';
import { ChangeContext, ReferralStore } from '../shared/referral-store';
import { toReferralResponse } from '../shared/referral.response';
import {
  AcceptReferralDto,
  CancelReferralDto,
  CompleteReferralDto,
  RejectReferralDto,
  ReturnReferralDto,
} from './referral-transitions.dto';

export const referralIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]),
});

type Step = (referral: Referral, ctx: ChangeContext) => Promise<Referral | void> | void;

/**
 * The referral's moves, each with If-Match: the receiving desk receives (claims), releases, accepts,
 * rejects, returns with advice, records arrival and completion; the sender cancels.
 */
@ApiTags('referrals')
@ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' })
@Roles('referral-desk', 'elderly-admin', 'medical-admin')
@Controller('v1/referrals/:id')
export class ReferralTransitionsController {
  constructor(
    private readonly store: ReferralStore,
    @Inject(REFERRAL_CONFIG) private readonly config: ReferralConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('receive')
  @HttpCode(200)
  receive(@Param('id', referralIdPipe) id: string, @IfMatchVersion() v: number, @CurrentPrincipal() p: Principal) {
    return this.step(id, v, p, (r, { at }) => r.receive(referralActor(p), at));
  }

  @Post('release')
  @HttpCode(200)
  release(@Param('id', referralIdPipe) id: string, @IfMatchVersion() v: number, @CurrentPrincipal() p: Principal) {
    return this.step(id, v, p, (r, { at }) => r.release(referralActor(p), at));
  }

  @Post('accept')
  @HttpCode(200)
  accept(
    @Param('id', referralIdPipe) id: string,
    @IfMatchVersion() v: number,
    @Body() body: AcceptReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.step(id, v, p, (r, { at }) => r.accept(referralActor(p), new Date(body.expectedArrivalAt), at));
  }

  @Post('reject')
  @HttpCode(200)
  reject(
    @Param('id', referralIdPipe) id: string,
    @IfMatchVersion() v: number,
    @Body() body: RejectReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.step(id, v, p, (r, { at }) => r.reject(referralActor(p), body.reasonCode, body.comment.trim(), at));
  }

  @Post('return')
  @HttpCode(200)
  returnWithAdvice(
    @Param('id', referralIdPipe) id: string,
    @IfMatchVersion() v: number,
    @Body() body: ReturnReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.step(id, v, p, (r, { at }) => r.returnWithAdvice(referralActor(p), body.advice.trim(), at));
  }

  @Post('cancel')
  @HttpCode(200)
  cancel(
    @Param('id', referralIdPipe) id: string,
    @IfMatchVersion() v: number,
    @Body() body: CancelReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.step(id, v, p, (r, { at }) => r.cancel(referralActor(p), body.reason.trim(), at));
  }

  @Post('arrive')
  @HttpCode(200)
  arrive(@Param('id', referralIdPipe) id: string, @IfMatchVersion() v: number, @CurrentPrincipal() p: Principal) {
    return this.step(id, v, p, (r, { at }) => r.arrive(referralActor(p), at));
  }

  /** With `returnTo`, an UP referral's completion also creates the linked DOWN referral back to that nursing home. */
  @Post('complete')
  @HttpCode(200)
  complete(
    @Param('id', referralIdPipe) id: string,
    @IfMatchVersion() v: number,
    @Body() body: CompleteReferralDto,
    @CurrentPrincipal() p: Principal,
  ) {
    const summary = body.dischargeSummary.trim();
    return this.step(id, v, p, async (r, { tx, at, today, directory, coverage }) => {
      const actor = referralActor(p);
      if (!body.returnTo) return r.complete(actor, summary, null, at);
      const hospital = r.snapshot.to;
      const [returnTo] = await directory.two(tx.em, body.returnTo, hospital.institutionId);
      const cover = await coverage.coverFor(tx.em, returnTo.institutionId, hospital.institutionId, today);
      const down = r.returnReferral(
        { id: randomUUID(), returnTo, cover, actor, dischargeSummary: summary, deadlines: deadlinePolicy(this.config) },
        at,
      );
      r.complete(actor, summary, down.snapshot.id, at);
      return down;
    });
  }

  private async step(id: string, version: number, p: Principal, apply: Step) {
    const state: ReferralState = await this.store.change(id, version, p.institutionId ?? null, eventActor(p), apply);
    return toReferralResponse(state, 'staff', this.clock.now(), Referral.restore(state).allowedActions(referralActor(p)));
  }
}
