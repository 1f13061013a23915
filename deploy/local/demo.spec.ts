import {
  AGREEMENT_SERVICES,
  ELDERLY_CARE_KINDS,
  HOSPITAL_KINDS,
  MEDICAL_KINDS,
  MULTI_LEVEL_MEDICAL_KINDS,
  PRIMARY_CARE_KINDS,
  REFERRAL_STATUSES,
  SERVICES_WITH_FREQUENCY,
  DOWN_INDICATIONS,
  UP_INDICATIONS,
} from '../../libs/contracts/src';
import { divisionName, isValidDivisionCode, isValidUscc, residentIdProblems } from '../../libs/kernel/src';
import {
  AGREEMENTS,
  INSTITUTIONS,
  REFERRALS,
  REFUSED_REFERRAL,
  SIGN_IN_ACCOUNTS,
  addYears,
  agreementBody,
  displayWidth,
  formatTable,
  institutionByKey,
  monthStart,
  newPassword,
  organisationCodeCheck,
  referralBody,
  referralPath,
  registrationBody,
  residentIdOf,
  usccOf,
} from './demo';

const ids = Object.fromEntries(INSTITUTIONS.map((s, i) => [s.key, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`]));
const isElderly = (key: string) => institutionByKey(key).category !== 'MEDICAL';
const isMedical = (key: string) => institutionByKey(key).category !== 'ELDERLY_CARE';

describe('demo catalogue: institutions', () => {
  it('gives every institution a USCC that passes the GB 32100 check, each different', () => {
    const usccs = INSTITUTIONS.map((s) => registrationBody(s).uscc);
    for (const u of usccs) expect(isValidUscc(u)).toBe(true);
    expect(new Set(usccs).size).toBe(usccs.length);
  });

  it('builds the organisation code part with its GB 11714 check character', () => {
    // two published codes of well-known companies: 70846113-6 and 79965505-8 inside their USCCs
    expect(organisationCodeCheck('70846113')).toBe('6');
    expect(usccOf('91', '440300', '70846113')).toBe('91440300708461136T');
    expect(organisationCodeCheck('79965505')).toBe('8');
    expect(usccOf('91', '330100', '79965505')).toBe('91330100799655058B');
  });

  it('places every institution in a real county of 福州市, named in its address, at coordinates inside Fuzhou', () => {
    for (const s of INSTITUTIONS) {
      expect(isValidDivisionCode(s.divisionCode)).toBe(true);
      expect(s.divisionCode.startsWith('3501')).toBe(true);
      expect(s.address).toContain(divisionName(s.divisionCode)!);
      expect(s.location.lat).toBeGreaterThan(25.7);
      expect(s.location.lat).toBeLessThan(26.4);
      expect(s.location.lng).toBeGreaterThan(119.0);
      expect(s.location.lng).toBeLessThan(119.7);
    }
  });

  it('keeps kinds, grades and credentials consistent with the category (the registry’s rules)', () => {
    for (const s of INSTITUTIONS) {
      if (s.category === 'MEDICAL') expect(MEDICAL_KINDS).toContain(s.kind);
      if (s.category === 'ELDERLY_CARE') expect(ELDERLY_CARE_KINDS).toContain(s.kind);
      if (s.hospitalGrade) expect(HOSPITAL_KINDS).toContain(s.kind);
      if (s.category !== 'ELDERLY_CARE') expect(s.medicalLicence).not.toBeNull();
      if (s.category !== 'MEDICAL') expect(s.elderlyCareFiling).not.toBeNull();
      if (s.medicalLicence) expect(s.medicalLicence.validFrom < s.medicalLicence.validTo).toBe(true);
      expect(new Set(s.capabilities).size).toBe(s.capabilities.length);
      expect(s.category === 'MEDICAL' ? s.people.desk : s.people.admin).toBeTruthy();
    }
  });

  it('has the mix the demo promises: 3–4 hospitals, 2–3 primary-care centres, 4–5 elderly-care homes with a welfare home', () => {
    const count = (kinds: readonly string[]) => INSTITUTIONS.filter((s) => kinds.includes(s.kind)).length;
    expect(count(HOSPITAL_KINDS)).toBeGreaterThanOrEqual(3);
    expect(count(HOSPITAL_KINDS)).toBeLessThanOrEqual(4);
    for (const kind of ['GENERAL_HOSPITAL', 'TCM_HOSPITAL', 'REHABILITATION_HOSPITAL', 'NURSING_HOSPITAL']) expect(count([kind])).toBe(1);
    expect(INSTITUTIONS.find((s) => s.kind === 'GENERAL_HOSPITAL')!.hospitalGrade).toBe('LEVEL_3');
    expect(count(PRIMARY_CARE_KINDS)).toBeGreaterThanOrEqual(2);
    expect(count(PRIMARY_CARE_KINDS)).toBeLessThanOrEqual(3);
    expect(count(ELDERLY_CARE_KINDS)).toBeGreaterThanOrEqual(4);
    expect(count(ELDERLY_CARE_KINDS)).toBeLessThanOrEqual(5);
    expect(count(['WELFARE_HOME'])).toBeGreaterThanOrEqual(1);
    expect(new Set(INSTITUTIONS.map((s) => s.name)).size).toBe(INSTITUTIONS.length);
    expect(new Set(INSTITUTIONS.map((s) => s.key)).size).toBe(INSTITUTIONS.length);
  });
});

describe('demo catalogue: agreements', () => {
  const todays = ['2026-11-30', '2026-12-31', '2027-01-01', '2027-02-28', '2028-02-29', '2026-06-15'];

  it('pairs an elderly-care party with a medical party the mode allows (the contract service’s rules)', () => {
    for (const plan of AGREEMENTS) {
      expect(isElderly(plan.elderly)).toBe(true);
      expect(isMedical(plan.medical)).toBe(true);
      const kind = institutionByKey(plan.medical).kind;
      if (plan.mode === 'PRIMARY_CARE') expect(PRIMARY_CARE_KINDS).toContain(kind);
      if (plan.mode === 'MULTI_LEVEL') expect(MULTI_LEVEL_MEDICAL_KINDS).toContain(kind);
      for (const content of [plan.content, ...(plan.amendment ? [plan.amendment] : [])]) {
        for (const s of content.services) {
          expect(AGREEMENT_SERVICES).toContain(s.code);
          if (SERVICES_WITH_FREQUENCY.includes(s.code)) expect(s.frequency).toBeTruthy();
        }
        expect(new Set(content.services.map((s) => s.code)).size).toBe(content.services.length);
        if (plan.mode === 'EMBEDDED') expect(content.site).toBeTruthy();
        if (plan.mode === 'ENTRUSTED') expect(content.entrustment).toBeTruthy();
        if (plan.mode === 'EMBEDDED' || plan.mode === 'ENTRUSTED')
          expect(content.staff.some((s) => s.practisingCertificateNumber)).toBe(true);
        for (const f of content.fees) expect(Number.isInteger(f.amountFen)).toBe(true);
      }
      if (plan.amendment) expect(JSON.stringify(plan.amendment)).not.toBe(JSON.stringify(plan.content));
      if (plan.target === 'REJECTED') expect(plan.rejectReason).toBeTruthy();
      if (plan.target === 'TERMINATED') expect(plan.terminateReason).toBeTruthy();
    }
  });

  it('reaches every agreement state the contract service reaches without the calendar, all four modes in force', () => {
    expect(new Set(AGREEMENTS.map((p) => p.target))).toEqual(new Set(['DRAFT', 'SUBMITTED', 'REJECTED', 'SIGNED', 'ACTIVE', 'TERMINATED']));
    expect(new Set(AGREEMENTS.filter((p) => p.target === 'ACTIVE').map((p) => p.mode))).toEqual(
      new Set(['MULTI_LEVEL', 'PRIMARY_CARE', 'EMBEDDED', 'ENTRUSTED']),
    );
    expect(AGREEMENTS.some((p) => p.amendment && p.target === 'ACTIVE')).toBe(true);
    expect(AGREEMENTS.some((p) => p.renewalYears && p.target === 'ACTIVE')).toBe(true);
  });

  it.each(todays)('sets terms that put each agreement where it must be on %s', (today) => {
    for (const plan of AGREEMENTS) {
      const { effectiveFrom, effectiveTo } = plan.term(today);
      expect(effectiveFrom < effectiveTo).toBe(true);
      expect(Number.isNaN(Date.parse(effectiveFrom)) || Number.isNaN(Date.parse(effectiveTo))).toBe(false);
      if (plan.target === 'ACTIVE' || plan.target === 'TERMINATED') {
        expect(effectiveFrom <= today).toBe(true); // countersigning activates it at once
        expect(effectiveTo > today).toBe(true); // TERM_ALREADY_ENDED otherwise
      }
      if (plan.target === 'SIGNED') expect(effectiveFrom > today).toBe(true);
      const body = agreementBody(plan, ids, today);
      expect(body.elderlyInstitutionId).toBe(ids[plan.elderly]);
      expect(body).not.toHaveProperty('document'); // the upload names the signed paper, not a hash typed here
    }
  });

  it('never puts two agreements of one pair in force at once (OVERLAPPING_AGREEMENT)', () => {
    const inForce = AGREEMENTS.filter((p) => p.target === 'ACTIVE' || p.target === 'SIGNED').map((p) => `${p.elderly}|${p.medical}`);
    expect(new Set(inForce).size).toBe(inForce.length);
  });

  it('computes months and years across month and leap-year ends', () => {
    expect(monthStart('2026-11-30', 1)).toBe('2026-12-01');
    expect(monthStart('2026-11-30', 2)).toBe('2027-01-01');
    expect(monthStart('2026-01-15', -1)).toBe('2025-12-01');
    expect(monthStart('2026-03-31', -14)).toBe('2025-01-01');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-12-20', -1)).toBe('2025-12-20');
  });
});

describe('demo catalogue: referrals', () => {
  const all = [...REFERRALS, REFUSED_REFERRAL];

  it('gives every resident a valid ID number (GB 11643) agreeing with birth date and sex, each different, all over sixty', () => {
    for (const plan of all) {
      const id = residentIdOf(plan.patient);
      expect(residentIdProblems(id, plan.patient.birthDate, plan.patient.sex)).toEqual([]);
      expect(isValidDivisionCode(id.slice(0, 6))).toBe(true);
      expect(plan.patient.birthDate < '1966-01-01').toBe(true);
      expect([...plan.patient.name].length).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(all.map((p) => residentIdOf(p.patient))).size).toBe(all.length);
  });

  it('sends each referral under an agreement in force covering it, in the right direction with a fitting indication', () => {
    const active = AGREEMENTS.filter((p) => p.target === 'ACTIVE');
    for (const plan of REFERRALS) {
      const [elderly, medical] = plan.direction === 'UP' ? [plan.from, plan.to] : [plan.to, plan.from];
      expect(isElderly(elderly)).toBe(true);
      expect(isMedical(medical)).toBe(true);
      expect(plan.direction === 'UP' ? UP_INDICATIONS : DOWN_INDICATIONS).toContain(plan.indication);
      const agreement = active.find((a) => a.elderly === elderly && a.medical === medical);
      const codes = (agreement?.content.services ?? []).map((s) => s.code);
      expect(codes.includes('TWO_WAY_REFERRAL') || (plan.priority === 'EMERGENCY' && codes.includes('EMERGENCY_GREEN_CHANNEL'))).toBe(true);
      for (const step of plan.steps) if (step.action === 'complete' && step.returnTo) expect(plan.direction).toBe('UP');
      expect(referralBody(plan, ids).icd10).toMatch(/^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/);
    }
    const refused = REFUSED_REFERRAL;
    expect(AGREEMENTS.some((a) => a.elderly === refused.from && a.medical === refused.to)).toBe(false);
  });

  it('follows only the referral service’s transitions', () => {
    const allowed: Record<string, string[]> = {
      REQUESTED: ['receive', 'cancel'],
      RECEIVED: ['accept', 'reject', 'return', 'cancel'],
      ACCEPTED: ['arrive', 'cancel'],
      ARRIVED: ['complete'],
    };
    for (const plan of REFERRALS) {
      const path = referralPath(plan);
      plan.steps.forEach((step, i) => expect(allowed[path[i]] ?? []).toContain(step.action));
    }
  });

  it('reaches every referral state but EXPIRED, in every priority', () => {
    const ends = new Set(REFERRALS.map((p) => referralPath(p).at(-1)));
    expect(ends).toEqual(new Set(REFERRAL_STATUSES.filter((s) => s !== 'EXPIRED')));
    expect(new Set(REFERRALS.map((p) => p.priority))).toEqual(new Set(['EMERGENCY', 'URGENT', 'ROUTINE']));
    expect(REFERRALS.some((p) => p.steps.some((s) => s.action === 'complete' && s.returnTo))).toBe(true);
    expect(new Set(REFERRALS.map((p) => p.key)).size).toBe(REFERRALS.length);
  });
});

describe('demo sign-in accounts', () => {
  it('has one account per platform role with a fixed username, a Chinese name and the right binding', () => {
    expect(new Set(SIGN_IN_ACCOUNTS.map((a) => a.role))).toEqual(
      new Set(['registrar', 'regulator', 'elderly-admin', 'medical-admin', 'referral-desk']),
    );
    for (const a of SIGN_IN_ACCOUNTS) {
      expect(a.username).toMatch(/^demo-[a-z-]+$/);
      expect(a.displayName).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      if (a.role === 'regulator') expect(a.division).toBe('3501');
      if (['elderly-admin', 'medical-admin', 'referral-desk'].includes(a.role)) expect(a.institution).toBeDefined();
      if (a.role === 'elderly-admin') expect(isElderly(a.institution!)).toBe(true);
      if (a.role === 'medical-admin' || a.role === 'referral-desk') expect(institutionByKey(a.institution!).kind).toBe('GENERAL_HOSPITAL');
    }
  });

  it('generates passwords the realm’s policy accepts', () => {
    for (let i = 0; i < 50; i++) {
      const p = newPassword();
      expect(p.length).toBeGreaterThanOrEqual(10);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
    }
  });

  it('aligns the table by display width (Chinese characters take two columns)', () => {
    expect(displayWidth('乐龄颐养院')).toBe(10);
    expect(displayWidth('demo-desk')).toBe(9);
    const table = formatTable(
      ['name', 'institution'],
      [
        ['王丽娟', 'a'],
        ['bob', 'b'],
      ],
    ).split('\n');
    expect(table[0]).toBe('name    institution');
    expect(table[2]).toBe('王丽娟  a');
    expect(table[3]).toBe('bob     b');
  });
});
