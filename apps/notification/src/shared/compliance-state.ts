import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgreementSnapshot, licenceInForce } from '@yiyang/contracts';
import { DAY_MS, chinaDate } from '@yiyang/kernel';
import {
  DesiredFinding,
  agreementExpiredUnrenewed,
  distantAgreement,
  referralOutsideAgreement,
  sanctionedParty,
  staffFilingMissing,
  withoutMedicalCover,
} from '../domain/compliance';
import { Counters } from '../persistence/counters';
import { ReadModels, agreementView } from '../persistence/read-models';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../config';

const IN_FORCE = ['SIGNED', 'ACTIVE'];

/** The findings a read model's state bears on, looked up in the consumer's (or the cover job's) transaction. */
@Injectable()
export class ComplianceState {
  constructor(
    private readonly models: ReadModels,
    private readonly counters: Counters,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  /** The findings an agreement's new state bears on: its own, its pair's, and each party's. */
  async agreement(em: EntityManager, a: AgreementSnapshot, now: Date): Promise<DesiredFinding[]> {
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
    desired.push(...(await this.institution(em, elderlyId, now)));
    return desired;
  }

  /**
   * An elderly-care institution's cover: when it began to lack one, its coverage counters, and the finding
   * after the grace period. Cover is its own practice licence in force, or an ACTIVE agreement whose medical
   * party's licence is in force (rule 4: an agreement with a lapsed hospital covers nobody).
   */
  async institution(em: EntityManager, institutionId: string, now: Date): Promise<DesiredFinding[]> {
    const today = chinaDate(now);
    const inst = await this.models.institution(em, institutionId, true, today);
    if (!inst) return [];
    const agreements = (await this.models.agreementsOf(em, institutionId, ['ACTIVE'])).filter(
      (a) => a.elderlyParty.institutionId === institutionId,
    );
    const licences = await this.models.licencesValidTo(em, [...new Set(agreements.map((a) => a.medicalParty.institutionId))]);
    const active = agreements.filter((a) =>
      licenceInForce({ licenceValidTo: licences.get(a.medicalParty.institutionId) ?? null }, today),
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

  /**
   * The cover of the institutions whose ACTIVE agreements have this one as their medical party: its licence
   * lapsing (or being renewed) takes their cover away (or gives it back).
   */
  async partnersOf(em: EntityManager, medicalId: string, now: Date): Promise<DesiredFinding[]> {
    const partners = (await this.models.agreementsOf(em, medicalId, ['ACTIVE']))
      .filter((a) => a.medicalParty.institutionId === medicalId)
      .map((a) => a.elderlyParty.institutionId);
    const desired: DesiredFinding[] = [];
    for (const id of [...new Set(partners)].sort()) desired.push(...(await this.institution(em, id, now)));
    return desired;
  }

  /** Whether the pair has an ACTIVE agreement covering two-way referral. */
  async pairCovered(em: EntityManager, elderlyId: string, medicalId: string): Promise<boolean> {
    return (await this.models.pairAgreements(em, elderlyId, medicalId)).some(
      (a) => a.status === 'ACTIVE' && a.services.some((s) => s.code === 'TWO_WAY_REFERRAL'),
    );
  }
}
