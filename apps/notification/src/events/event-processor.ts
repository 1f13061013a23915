import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgreementSnapshot, EventTypes, InstitutionSnapshot, ReferralSnapshot } from '@yiyang/contracts';
import { Clock, DAY_MS } from '@yiyang/kernel';
import { PlatformEvent } from '@yiyang/messaging';
import { CLOCK } from '@yiyang/platform';
import {
  DesiredFinding,
  agreementExpiredUnrenewed,
  distantAgreement,
  overdueReferral,
  referralOutsideAgreement,
  sanctionedParty,
  staffFilingMissing,
  withoutMedicalCover,
} from '../domain/compliance';
import { noticesFor } from '../domain/notices';
import { Counters } from '../persistence/counters';
import { InboxRepository } from '../persistence/inbox.repository';
import { ReadModels, agreementView } from '../persistence/read-models';
import { SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../config';
import { FindingPublisher } from './finding-publisher';

const IN_FORCE = ['SIGNED', 'ACTIVE'];

/**
 * Everything one consumed event means, in the consumer's transaction (so a redelivery changes nothing
 * twice): read models, compliance findings, inbox notifications, webhook deliveries, statistics.
 */
@Injectable()
export class EventProcessor {
  constructor(
    private readonly models: ReadModels,
    private readonly inbox: InboxRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly counters: Counters,
    private readonly findings: FindingPublisher,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(event: PlatformEvent, em: EntityManager): Promise<void> {
    const now = this.clock.now();
    const data = event.data as Record<string, unknown>;
    let concerned: string[] = [];
    let desired: DesiredFinding[] = [];
    if (event.type.startsWith('yiyang.institution.')) {
      const s = data.institution as InstitutionSnapshot;
      concerned = [s.id];
      const { applied } = await this.models.applyInstitution(em, s, now);
      if (applied) desired = await this.institutionState(em, s.id, now);
    } else if (event.type === EventTypes.referral.refused) {
      const d = data as { direction: string; from: { institutionId: string; divisionCode: string }; to: { institutionId: string } };
      const [elderlyId, medicalId] =
        d.direction === 'UP' ? [d.from.institutionId, d.to.institutionId] : [d.to.institutionId, d.from.institutionId];
      concerned = [d.from.institutionId, d.to.institutionId];
      const refusals = await this.models.addRefusal(em, elderlyId, medicalId, d.from.divisionCode);
      await this.counters.add(em, d.from.divisionCode, 'referrals.refused', 1);
      desired = [
        referralOutsideAgreement(
          { elderlyId, medicalId, division: d.from.divisionCode, refusals },
          await this.pairCovered(em, elderlyId, medicalId),
        ),
      ];
    } else if (event.type.startsWith('yiyang.agreement.')) {
      const a = data.agreement as AgreementSnapshot;
      concerned = [a.elderlyParty.institutionId, a.medicalParty.institutionId];
      const { applied } = await this.models.applyAgreement(em, a, event.sequence);
      if (applied) desired = await this.agreementState(em, a, now);
    } else if (event.type.startsWith('yiyang.referral.')) {
      const r = data.referral as ReferralSnapshot;
      concerned = [r.from.institutionId, r.to.institutionId];
      const { applied, before } = await this.models.applyReferral(em, r);
      if (applied) {
        await this.referralStatistics(em, r, before);
        const overdue = overdueReferral({
          id: r.id,
          status: r.status,
          toId: r.to.institutionId,
          toDivision: r.to.divisionCode,
          overdueAt: r.milestones.overdueAt ? new Date(r.milestones.overdueAt) : null,
          answeredAt: r.milestones.answeredAt ? new Date(r.milestones.answeredAt) : null,
        });
        // the finding can only be open if a state already applied was overdue (the milestone stays once set): otherwise there is nothing to look up
        if (overdue.open || before?.overdueAt) desired = [overdue];
      }
    }
    await this.findings.apply(em, desired);
    const names = await this.models.names(em, this.referencedInstitutions(data));
    await this.inbox.add(
      em,
      event.id,
      event.type,
      noticesFor(event.type, data, (id) => names.get(id) ?? id),
      now,
    );
    await this.subscriptions.enqueue(em, event, concerned, now);
  }

  /** The findings an agreement's new state bears on: its own, its pair's, and each party's. */
  private async agreementState(em: EntityManager, a: AgreementSnapshot, now: Date): Promise<DesiredFinding[]> {
    const view = agreementView(a);
    const elderlyId = a.elderlyParty.institutionId;
    const medicalId = a.medicalParty.institutionId;
    const pair = await this.models.pairAgreements(em, elderlyId, medicalId);
    const pairInForce = (except: string) => pair.some((p) => p.id !== except && IN_FORCE.includes(p.status));
    const desired: DesiredFinding[] = [distantAgreement(view, this.config.DISTANT_AGREEMENT_KM), staffFilingMissing(view)];
    for (const p of pair) if (p.status === 'EXPIRED') desired.push(agreementExpiredUnrenewed(agreementView(p), pairInForce(p.id)));
    const refusal = await this.models.refusal(em, elderlyId, medicalId);
    if (refusal)
      desired.push(referralOutsideAgreement({ elderlyId, medicalId, ...refusal }, await this.pairCovered(em, elderlyId, medicalId)));
    for (const party of [a.elderlyParty, a.medicalParty]) {
      const flagged = (await this.models.agreementsOf(em, party.institutionId, IN_FORCE)).filter((x) =>
        x.sanctions.some((s) => s.institutionId === party.institutionId),
      );
      desired.push(
        sanctionedParty(
          party.institutionId,
          party.divisionCode,
          flagged.map((x) => x.id),
        ),
      );
    }
    desired.push(...(await this.institutionState(em, elderlyId, now)));
    return desired;
  }

  /** An elderly-care institution's cover: when it began to lack one, its coverage counters, and the finding after the grace period. */
  async institutionState(em: EntityManager, institutionId: string, now: Date): Promise<DesiredFinding[]> {
    const inst = await this.models.institution(em, institutionId, true);
    if (!inst) return [];
    const active = (await this.models.agreementsOf(em, institutionId, ['ACTIVE'])).filter(
      (a) => a.elderlyParty.institutionId === institutionId,
    ).length;
    const uncovered = inst.category === 'ELDERLY_CARE' && inst.status === 'ACTIVE' && !inst.hasLicence && active === 0;
    if (uncovered && !inst.uncoveredSince) inst.uncoveredSince = now;
    if (!uncovered) inst.uncoveredSince = null;
    await this.models.setUncoveredSince(em, institutionId, inst.uncoveredSince);
    const counted = inst.category === 'ELDERLY_CARE' && inst.status !== 'REVOKED';
    const covered = counted && active > 0;
    const before = await this.models.setStatFlags(em, institutionId, counted, covered);
    await this.counters.add(em, inst.division, 'elderly.total', Number(counted) - Number(before.counted));
    await this.counters.add(em, inst.division, 'elderly.covered', Number(covered) - Number(before.covered));
    return [withoutMedicalCover(inst, active, now, this.config.COVER_GRACE_DAYS * DAY_MS)];
  }

  private async pairCovered(em: EntityManager, elderlyId: string, medicalId: string): Promise<boolean> {
    return (await this.models.pairAgreements(em, elderlyId, medicalId)).some(
      (a) => a.status === 'ACTIVE' && a.services.some((s) => s.code === 'TWO_WAY_REFERRAL'),
    );
  }

  /** Referrals by direction and status, answers within the deadline, rejection reasons: moved from the old state to the new. */
  private async referralStatistics(
    em: EntityManager,
    r: ReferralSnapshot,
    before: { status: string; answeredAt: Date | null; overdueAt: Date | null } | null,
  ): Promise<void> {
    const division = r.from.divisionCode;
    if (before) await this.counters.add(em, division, `referrals.${r.direction}.${before.status}`, -1);
    await this.counters.add(em, division, `referrals.${r.direction}.${r.status}`, 1);
    if (r.milestones.answeredAt && !before?.answeredAt) {
      await this.counters.add(em, division, 'referrals.answered', 1);
      if (r.answeredWithinDeadline) await this.counters.add(em, division, 'referrals.answeredWithinDeadline', 1);
    }
    if (r.milestones.overdueAt && !before?.overdueAt) await this.counters.add(em, division, 'referrals.overdue', 1);
    if (r.status === 'REJECTED' && before?.status !== 'REJECTED' && r.rejectionReason)
      await this.counters.add(em, division, `rejections.${r.rejectionReason}`, 1);
  }

  private referencedInstitutions(data: Record<string, unknown>): string[] {
    const ids = new Set<string>();
    const a = data.agreement as AgreementSnapshot | undefined;
    const r = data.referral as ReferralSnapshot | undefined;
    if (a) [a.elderlyParty.institutionId, a.medicalParty.institutionId].forEach((x) => ids.add(x));
    if (r) [r.from.institutionId, r.to.institutionId].forEach((x) => ids.add(x));
    for (const k of ['from', 'to']) {
      const v = data[k] as { institutionId?: string } | undefined;
      if (v?.institutionId) ids.add(v.institutionId);
    }
    if (typeof data.institutionId === 'string') ids.add(data.institutionId);
    return [...ids];
  }
}
