import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgreementSnapshot, InstitutionSnapshot, ReferralSnapshot, licenceInForce } from '@yiyang/contracts';
import { isDuplicateKeyError } from '@yiyang/database';
import { TransactionCache } from './transaction-cache';
import { AgreementView, InstitutionView, ReferralView } from '../domain/compliance';

const bool = (v: unknown) => v === true || Number(v) === 1;

/** A DATE column as YYYY-MM-DD (mysql2 gives a Date at UTC midnight: the connection's time zone is Z). */
function isoDay(v: string | Date | null): string | null {
  if (v === null) return null;
  return typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);
}

/** An agreement as nx_agreements stores it: the snapshot its newest applied event carried (JSON, as text or parsed). */
const storedAgreement = (v: unknown): AgreementSnapshot => (typeof v === 'string' ? JSON.parse(v) : v) as AgreementSnapshot;

/** A row of nx_institutions / nx_referrals as mysql2 returns it. */
interface InstitutionRow {
  id: string;
  category: string;
  status: string;
  division: string;
  has_licence: unknown;
  licence_valid_to: string | Date | null;
  uncovered_since: Date | null;
}
interface ReferralRow {
  id: string;
  version: unknown;
  status: string;
  direction: string;
  from_division: string;
  to_id: string;
  to_division: string;
  overdue_at: Date | null;
  answered_at: Date | null;
}

export function agreementView(a: AgreementSnapshot): AgreementView {
  return {
    id: a.id,
    status: a.status,
    mode: a.mode,
    elderlyId: a.elderlyParty.institutionId,
    medicalId: a.medicalParty.institutionId,
    elderlyDivision: a.elderlyParty.divisionCode,
    medicalDivision: a.medicalParty.divisionCode,
    elderlyLocation: a.elderlyParty.location,
    medicalLocation: a.medicalParty.location,
    staffFiled: a.staffFiled,
    staffCount: a.staffCount,
  };
}

/**
 * The notification service's read models of the three topics. Each applies a state only when it is
 * newer than the stored one (events may arrive out of order across partitions and topics) and says
 * what was there before, so counters and findings can move from the old state to the new.
 */
@Injectable()
export class ReadModels {
  private readonly nameCache = new TransactionCache<string, string | null>();

  async applyInstitution(
    em: EntityManager,
    s: InstitutionSnapshot,
    now: Date,
  ): Promise<{ applied: boolean; before: InstitutionView | null }> {
    const before = await this.institution(em, s.id, true);
    if (before && (await this.version(em, 'nx_institutions', s.id)) >= s.version) return { applied: false, before };
    const hasLicence = s.medicalLicence !== null;
    await em.query(
      `INSERT INTO nx_institutions (id, version, name, category, status, division, has_licence, licence_valid_to, uncovered_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE version = VALUES(version), name = VALUES(name), category = VALUES(category), status = VALUES(status),
         division = VALUES(division), has_licence = VALUES(has_licence), licence_valid_to = VALUES(licence_valid_to)`,
      [s.id, s.version, s.name, s.category, s.status, s.divisionCode, hasLicence, s.medicalLicence?.validTo ?? null, now],
    );
    this.nameCache.forget(em, s.id);
    return { applied: true, before };
  }

  /**
   * An institution as the rules see it; with `today` (a China-time date), `hasLicence` counts only a licence
   * in force on that day (the registry's `medicalLicence.validTo`).
   */
  async institution(em: EntityManager, id: string, lock = false, today?: string): Promise<InstitutionView | null> {
    const rows = await em.query<InstitutionRow[]>(
      `SELECT id, category, status, division, has_licence, licence_valid_to, uncovered_since FROM nx_institutions WHERE id = ?${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          category: r.category,
          status: r.status,
          division: r.division,
          hasLicence: bool(r.has_licence) && (today === undefined || licenceInForce({ licenceValidTo: isoDay(r.licence_valid_to) }, today)),
          uncoveredSince: r.uncovered_since,
        }
      : null;
  }

  /** The last day of each institution's practice licence as last published (null: none, or not heard of). */
  async licencesValidTo(em: EntityManager, ids: string[]): Promise<Map<string, string | null>> {
    const result = new Map<string, string | null>();
    if (ids.length === 0) return result;
    const rows = await em.query<{ id: string; licence_valid_to: string | Date | null }[]>(
      `SELECT id, licence_valid_to FROM nx_institutions WHERE id IN (${ids.map(() => '?').join(',')})`,
      ids,
    );
    for (const r of rows) result.set(r.id, isoDay(r.licence_valid_to));
    return result;
  }

  /** Institutions' display names (read once per transaction; an unknown institution has none). */
  async names(em: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const known = this.nameCache.of(em);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      const rows: { id: string; name: string }[] = await em.query(
        `SELECT id, name FROM nx_institutions WHERE id IN (${missing.map(() => '?').join(',')})`,
        missing,
      );
      for (const id of missing) known.set(id, null);
      for (const r of rows) known.set(r.id, r.name);
    }
    const names = new Map<string, string>();
    for (const id of ids) {
      const name = known.get(id);
      if (name) names.set(id, name);
    }
    return names;
  }

  async setUncoveredSince(em: EntityManager, id: string, since: Date | null): Promise<void> {
    await em.query('UPDATE nx_institutions SET uncovered_since = ? WHERE id = ?', [since, id]);
  }

  async setStatFlags(em: EntityManager, id: string, counted: boolean, covered: boolean): Promise<{ counted: boolean; covered: boolean }> {
    const [r] = await em.query<{ counted: unknown; covered: unknown }[]>(
      'SELECT counted, covered FROM nx_institutions WHERE id = ? FOR UPDATE',
      [id],
    );
    await em.query('UPDATE nx_institutions SET counted = ?, covered = ? WHERE id = ?', [counted, covered, id]);
    return { counted: bool(r?.counted), covered: bool(r?.covered) };
  }

  /** Stores an agreement's state if newer; returns the stored state before (null if unknown) and whether it changed. */
  async applyAgreement(
    em: EntityManager,
    a: AgreementSnapshot,
    sequence: number,
  ): Promise<{ applied: boolean; before: AgreementSnapshot | null }> {
    const rows = await em.query<{ sequence: unknown; snapshot: unknown }[]>(
      'SELECT sequence, snapshot FROM nx_agreements WHERE id = ? FOR UPDATE',
      [a.id],
    );
    const stored = rows[0];
    const before = stored ? storedAgreement(stored.snapshot) : null;
    if (stored && Number(stored.sequence) >= sequence) return { applied: false, before };
    await em.query(
      `INSERT INTO nx_agreements (id, sequence, status, snapshot, elderly_id, medical_id) VALUES (?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE sequence = VALUES(sequence), status = VALUES(status), snapshot = VALUES(snapshot)`,
      [a.id, sequence, a.status, JSON.stringify(a), a.elderlyParty.institutionId, a.medicalParty.institutionId],
    );
    return { applied: true, before };
  }

  async agreementsOf(em: EntityManager, institutionId: string, statuses: string[]): Promise<AgreementSnapshot[]> {
    const rows: { snapshot: unknown }[] = await em.query(
      `SELECT snapshot FROM nx_agreements WHERE (elderly_id = ? OR medical_id = ?) AND status IN (${statuses.map(() => '?').join(',')})`,
      [institutionId, institutionId, ...statuses],
    );
    return rows.map((r) => storedAgreement(r.snapshot));
  }

  async pairAgreements(em: EntityManager, elderlyId: string, medicalId: string): Promise<AgreementSnapshot[]> {
    const rows: { snapshot: unknown }[] = await em.query('SELECT snapshot FROM nx_agreements WHERE elderly_id = ? AND medical_id = ?', [
      elderlyId,
      medicalId,
    ]);
    return rows.map((r) => storedAgreement(r.snapshot));
  }

  /** Stores a referral's state if newer; returns what was stored before. */
  async applyReferral(
    em: EntityManager,
    r: ReferralSnapshot,
  ): Promise<{ applied: boolean; before: (ReferralView & { version: number; direction: string; fromDivision: string }) | null }> {
    const m = r.milestones;
    const values = [
      r.id,
      r.version,
      r.status,
      r.direction,
      r.from.divisionCode,
      r.to.institutionId,
      r.to.divisionCode,
      m.overdueAt ? new Date(m.overdueAt) : null,
      m.answeredAt ? new Date(m.answeredAt) : null,
    ];
    if (r.version === 1) {
      // a referral's first state: nothing can be stored before it, so one statement tells (a duplicate is a redelivery)
      try {
        await em.query(
          'INSERT INTO nx_referrals (id, version, status, direction, from_division, to_id, to_division, overdue_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          values,
        );
        return { applied: true, before: null };
      } catch (err) {
        if (isDuplicateKeyError(err)) return { applied: false, before: null };
        throw err;
      }
    }
    const rows = await em.query<ReferralRow[]>('SELECT * FROM nx_referrals WHERE id = ? FOR UPDATE', [r.id]);
    const s = rows[0];
    const before = s
      ? {
          id: s.id,
          version: Number(s.version),
          status: s.status,
          direction: s.direction,
          fromDivision: s.from_division,
          toId: s.to_id,
          toDivision: s.to_division,
          overdueAt: s.overdue_at,
          answeredAt: s.answered_at,
        }
      : null;
    if (before && before.version >= r.version) return { applied: false, before };
    await em.query(
      `INSERT INTO nx_referrals (id, version, status, direction, from_division, to_id, to_division, overdue_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE version = VALUES(version), status = VALUES(status), overdue_at = VALUES(overdue_at), answered_at = VALUES(answered_at)`,
      values,
    );
    return { applied: true, before };
  }

  /** Counts a refused attempt of the pair and records who sent it to whom (the last refusal's sender and receiver). */
  async addRefusal(
    em: EntityManager,
    elderlyId: string,
    medicalId: string,
    division: string,
    attempt?: { senderId: string; receiverId: string; receiverDivision: string },
  ): Promise<number> {
    await em.query(
      `INSERT INTO nx_refusals (elderly_id, medical_id, division, refusals, sender_id, receiver_id, receiver_division) VALUES (?, ?, ?, 1, ?, ?, ?)
       ON DUPLICATE KEY UPDATE refusals = refusals + 1, division = VALUES(division), sender_id = VALUES(sender_id),
         receiver_id = VALUES(receiver_id), receiver_division = VALUES(receiver_division)`,
      [elderlyId, medicalId, division, attempt?.senderId ?? null, attempt?.receiverId ?? null, attempt?.receiverDivision ?? null],
    );
    const [r] = await em.query<{ refusals: unknown }[]>('SELECT refusals FROM nx_refusals WHERE elderly_id = ? AND medical_id = ?', [
      elderlyId,
      medicalId,
    ]);
    return Number(r.refusals);
  }

  async refusal(
    em: EntityManager,
    elderlyId: string,
    medicalId: string,
  ): Promise<{
    division: string;
    refusals: number;
    senderId: string | null;
    receiverId: string | null;
    receiverDivision: string | null;
  } | null> {
    const [r] = await em.query<
      { division: string; refusals: unknown; sender_id: string | null; receiver_id: string | null; receiver_division: string | null }[]
    >('SELECT division, refusals, sender_id, receiver_id, receiver_division FROM nx_refusals WHERE elderly_id = ? AND medical_id = ?', [
      elderlyId,
      medicalId,
    ]);
    return r
      ? {
          division: r.division,
          refusals: Number(r.refusals),
          senderId: r.sender_id,
          receiverId: r.receiver_id,
          receiverDivision: r.receiver_division,
        }
      : null;
  }

  private async version(em: EntityManager, table: string, id: string): Promise<number> {
    const [r] = await em.query<{ version: unknown }[]>(`SELECT version FROM ${table} WHERE id = ?`, [id]);
    return r ? Number(r.version) : 0;
  }
}
