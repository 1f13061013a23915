import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Principal } from '@yiyang/auth';
import { DirectoryRepository } from '@yiyang/directory';
import { ReferralState } from '../domain/referral';
import { REFERRAL_CONFIG, ReferralConfig, deadlinePolicy } from '../config';
import { CoverageRepository } from '../persistence/coverage.repository';
import { ReferralStore } from '../shared/referral-store';

export interface CompleteReferral {
  id: string;
  expectedVersion: number;
  dischargeSummary: string;
  /** the nursing home an UP referral's resident goes back to, if any */
  returnTo: string | null;
}

/**
 * The receiver completes the stay. With `returnTo`, the DOWN referral taking the resident back (from
 * the hospital to that nursing home, under the agreement between them) is created in the same
 * transaction and linked to the completed one.
 */
@Injectable()
export class CompleteReferralHandler {
  constructor(
    private readonly store: ReferralStore,
    private readonly directory: DirectoryRepository,
    private readonly coverage: CoverageRepository,
    @Inject(REFERRAL_CONFIG) private readonly config: ReferralConfig,
  ) {}

  execute(command: CompleteReferral, p: Principal): Promise<Readonly<ReferralState>> {
    const summary = command.dischargeSummary.trim();
    return this.store.step(command.id, command.expectedVersion, p, async (r, actor, { tx, at, today }) => {
      if (!command.returnTo) return r.complete(actor, summary, null, at);
      const hospital = r.snapshot.to;
      const [returnTo] = await this.directory.two(tx.em, command.returnTo, hospital.institutionId);
      const cover = await this.coverage.coverFor(tx.em, returnTo.institutionId, hospital.institutionId, today);
      const down = r.returnReferral(
        { id: randomUUID(), returnTo, cover, actor, dischargeSummary: summary, deadlines: deadlinePolicy(this.config) },
        at,
      );
      r.complete(actor, summary, down.id, at);
      return [down];
    });
  }
}
