import { Injectable, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Principal, Roles } from '@yiyang/auth';
import { ReferralState, STAFF_ROLES } from '../domain/referral';
import { ReferralStep, ReferralStore } from './referral-store';
import { ReferralView } from './referral-view';

/** The prefix of every staff step's routes (`/v1/referrals/{id}/<step>`). */
export const REFERRAL_STEP_PATH = 'v1/referrals/:id';

/**
 * What every staff step's controller shares: its OpenAPI tag, the required If-Match header and the
 * staff roles. The class keeps its own `@Controller(REFERRAL_STEP_PATH)`: the console's API generator
 * (apps/console/scripts) recognises controllers by that decorator.
 */
export const ReferralStepRoute = (): ClassDecorator =>
  applyDecorators(
    ApiTags('referrals'),
    ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "2"' }),
    Roles(...STAFF_ROLES),
  );

/** Runs a staff step through the store and answers the staff view of the referral as it is afterwards. */
@Injectable()
export class ReferralSteps {
  constructor(
    private readonly store: ReferralStore,
    private readonly view: ReferralView,
  ) {}

  async run(id: string, expectedVersion: number, p: Principal, step: ReferralStep) {
    return this.respond(await this.store.step(id, expectedVersion, p, step), p);
  }

  /** The staff view of a referral a step left (also for steps a handler ran), with both institutions' names. */
  respond(state: Readonly<ReferralState>, p: Principal) {
    return this.view.staff(state, p);
  }
}
