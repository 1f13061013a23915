import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgreementSnapshot } from '@yiyang/contracts';
import { AgreementCover } from '../domain/referral';

/** Which pairs of institutions may refer to each other: this service's read model of agreement.events. */
@Injectable()
export class CoverageRepository {
  /** Applies an agreement's state if its sequence is newer than what is stored (events may arrive out of order). */
  async apply(em: EntityManager, a: AgreementSnapshot, sequence: number): Promise<void> {
    const services = new Set(a.services.map((s) => s.code));
    await em.query(
      `INSERT INTO agreement_coverage (id, sequence, elderly_id, medical_id, status, effective_from, effective_to, two_way_referral, green_channel)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE
         status = IF(VALUES(sequence) > sequence, VALUES(status), status),
         effective_from = IF(VALUES(sequence) > sequence, VALUES(effective_from), effective_from),
         effective_to = IF(VALUES(sequence) > sequence, VALUES(effective_to), effective_to),
         two_way_referral = IF(VALUES(sequence) > sequence, VALUES(two_way_referral), two_way_referral),
         green_channel = IF(VALUES(sequence) > sequence, VALUES(green_channel), green_channel),
         sequence = GREATEST(sequence, VALUES(sequence))`,
      [
        a.id,
        sequence,
        a.elderlyParty.institutionId,
        a.medicalParty.institutionId,
        a.status,
        a.term.effectiveFrom,
        a.term.effectiveTo,
        services.has('TWO_WAY_REFERRAL'),
        services.has('EMERGENCY_GREEN_CHANNEL'),
      ],
    );
  }

  /** The pair's ACTIVE agreement in force today (one covering two-way referral first), or null. */
  async coverFor(em: EntityManager, elderlyId: string, medicalId: string, today: string): Promise<AgreementCover | null> {
    const rows: { id: string; two_way_referral: number; green_channel: number }[] = await em.query(
      `SELECT id, two_way_referral, green_channel FROM agreement_coverage
       WHERE elderly_id = ? AND medical_id = ? AND status = 'ACTIVE' AND effective_from <= ? AND effective_to >= ?
       ORDER BY two_way_referral DESC, green_channel DESC, id LIMIT 1`,
      [elderlyId, medicalId, today, today],
    );
    const row = rows[0];
    return row ? { agreementId: row.id, twoWayReferral: !!Number(row.two_way_referral), greenChannel: !!Number(row.green_channel) } : null;
  }
}
