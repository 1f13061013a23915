import { DomainError, StaleVersionError, ValidationError } from '@yiyang/kernel';
import { given } from '@yiyang/testing/aggregates';
import { Institution, InstitutionDetails, institutionLifecycle, searchableName } from './institution';

const at = new Date('2026-11-22T02:00:00Z');
/** before the fixture's licence lapsed (its last day is 2026-11-20) */
const registeredAt = new Date('2026-11-18T02:00:00Z');

function details(overrides: Partial<InstitutionDetails> = {}): InstitutionDetails {
  return {
    name: '福州市第一医院',
    medicalInstitutionCode: null,
    kind: 'GENERAL_HOSPITAL',
    hospitalGrade: 'LEVEL_3',
    ownership: 'PUBLIC',
    nonProfit: true,
    divisionCode: '350103',
    address: '台江区达道路190号',
    location: { lat: 26.05, lng: 119.31 },
    medicalLicence: { number: 'L-1', scope: ['内科'], validFrom: '2022-01-01', validTo: '2026-11-20' },
    elderlyCareFiling: null,
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: null,
    capabilities: ['EMERGENCY'],
    beds: { medical: 500 },
    ...overrides,
  };
}

const hospital = (overrides: Partial<InstitutionDetails> = {}) =>
  Institution.register(
    { id: '00000000-0000-4000-8000-000000000001', uscc: '91110108551385082Q', category: 'MEDICAL', ...details(overrides) },
    registeredAt,
  );

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.errors.map((e) => e.field);
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('Institution', () => {
  describe('register', () => {
    it('starts ACTIVE at version 1 and records institution.registered', () => {
      const i = hospital();
      expect(i.snapshot.status).toBe('ACTIVE');
      expect(i.snapshot.version).toBe(1);
      expect(i.pullChanges()).toEqual([{ change: { kind: 'registered' }, version: 1 }]);
    });

    it('refuses a USCC with a wrong check character', () => {
      expect(
        fieldsOf(() => Institution.register({ id: 'x', uscc: '91110108551385082A', category: 'MEDICAL', ...details() }, at)),
      ).toContain('uscc');
    });

    it('refuses a division code that is not on the GB/T 2260 list', () => {
      expect(fieldsOf(() => hospital({ divisionCode: '359999' }))).toEqual(['divisionCode']);
    });

    it('refuses coordinates outside China (swapped lat and lng)', () => {
      expect(fieldsOf(() => hospital({ location: { lat: 119.31, lng: 26.05 } }))).toEqual(['location']);
    });

    it('refuses a medical institution without a practice licence', () => {
      expect(fieldsOf(() => hospital({ medicalLicence: null }))).toEqual(['medicalLicence']);
    });

    it('refuses an elderly-care institution without its filing', () => {
      expect(
        fieldsOf(() =>
          Institution.register(
            {
              id: 'x',
              uscc: '91110108551385082Q',
              category: 'ELDERLY_CARE',
              ...details({ kind: 'NURSING_HOME', hospitalGrade: null, medicalLicence: null }),
            },
            registeredAt,
          ),
        ),
      ).toEqual(['elderlyCareFiling']);
    });

    it('requires both licence and filing for a COMBINED institution', () => {
      expect(
        fieldsOf(() =>
          Institution.register(
            { id: 'x', uscc: '91110108551385082Q', category: 'COMBINED', ...details({ kind: 'NURSING_HOSPITAL', medicalLicence: null }) },
            registeredAt,
          ),
        ).sort(),
      ).toEqual(['elderlyCareFiling', 'medicalLicence']);
    });

    it('refuses a kind that does not belong to the category', () => {
      expect(fieldsOf(() => hospital({ kind: 'NURSING_HOME', hospitalGrade: null }))).toEqual(['kind']);
    });

    it('refuses a hospital grade on a clinic', () => {
      expect(fieldsOf(() => hospital({ kind: 'VILLAGE_CLINIC' }))).toEqual(['hospitalGrade']);
    });

    it('refuses a licence that ends before it starts', () => {
      expect(
        fieldsOf(() => hospital({ medicalLicence: { number: 'L', scope: [], validFrom: '2026-01-01', validTo: '2025-01-01' } })),
      ).toEqual(['medicalLicence.validTo']);
    });
  });

  describe('status transitions', () => {
    it('suspends, reinstates and revokes, one version per change', () => {
      const i = hospital();
      i.pullChanges();
      i.suspend('检查发现问题', at);
      i.reinstate(null, at);
      i.revoke('吊销执业许可证', at);
      expect(i.snapshot.status).toBe('REVOKED');
      expect(i.pullChanges().map((c) => [c.change.kind, c.version])).toEqual([
        ['suspended', 2],
        ['reinstated', 3],
        ['revoked', 4],
      ]);
    });

    it('records the reason of a suspension', () => {
      const i = given(hospital())
        .when((i) => i.suspend('检查发现问题', at))
        .then({ kind: 'suspended', reason: '检查发现问题' });
      expect(i.snapshot).toMatchObject({ status: 'SUSPENDED', statusReason: '检查发现问题', version: 2, updatedAt: at });
    });

    it('refuses to suspend a suspended institution', () => {
      const i = hospital();
      i.suspend('r', at);
      given(i)
        .when((i) => i.suspend('again', at))
        .refused('TRANSITION_NOT_ALLOWED');
    });

    it('refuses to reinstate an active institution', () => {
      given(hospital())
        .when((i) => i.reinstate(null, at))
        .refused('TRANSITION_NOT_ALLOWED');
    });

    it('revokes a suspended institution', () => {
      const i = hospital();
      i.suspend('r', at);
      const revoked = given(i)
        .when((i) => i.revoke('final', at))
        .then({ kind: 'revoked', reason: 'final' });
      expect(revoked.snapshot.status).toBe('REVOKED');
    });

    it.each(['suspend', 'reinstate', 'revoke', 'update'] as const)('refuses to %s once revoked (final)', (action) => {
      const i = hospital();
      i.revoke('final', at);
      const run = {
        suspend: (i: Institution) => i.suspend('r', at),
        reinstate: (i: Institution) => i.reinstate(null, at),
        revoke: (i: Institution) => i.revoke('r', at),
        update: (i: Institution) => i.update({ name: '新名称' }, at),
      }[action];
      given(i).when(run).refused('TRANSITION_NOT_ALLOWED');
    });

    it('refuses a stale version', () => {
      const i = hospital();
      i.suspend('r', at);
      expect(() => i.checkVersion(1)).toThrow(StaleVersionError);
      expect(() => i.checkVersion(2)).not.toThrow();
    });

    it('offers the actions its status allows', () => {
      expect(institutionLifecycle.actionsFrom('ACTIVE')).toEqual([
        'suspend',
        'revoke',
        'update',
        'report operations',
        'announce licence expiry',
      ]);
      expect(institutionLifecycle.actionsFrom('REVOKED')).toEqual([]);
    });
  });

  describe('update', () => {
    it('records only the fields that changed', () => {
      const i = hospital();
      i.pullChanges();
      i.update({ name: '福州市第一医院（新院区）', beds: { medical: 500 }, capabilities: ['EMERGENCY', 'REHABILITATION'] }, at);
      expect(i.pullChanges()).toEqual([{ change: { kind: 'updated', changed: ['name', 'capabilities'] }, version: 2 }]);
    });

    it('changes the details it was given and keeps the others', () => {
      const i = given(hospital())
        .when((i) => i.update({ address: '鼓楼区新址1号', capabilities: ['EMERGENCY', 'HOSPICE'] }, at))
        .then({ kind: 'updated', changed: ['address', 'capabilities'] });
      expect(i.snapshot).toMatchObject({
        address: '鼓楼区新址1号',
        capabilities: ['EMERGENCY', 'HOSPICE'],
        name: '福州市第一医院',
        version: 2,
      });
    });

    it('is a no-op without a version bump when nothing changes', () => {
      const i = hospital();
      i.pullChanges();
      i.update({ name: '福州市第一医院' }, at);
      expect(i.snapshot.version).toBe(1);
      expect(i.pullChanges()).toEqual([]);
    });

    it('keeps the rules (clearing the licence of a hospital is refused)', () => {
      expect(fieldsOf(() => hospital().update({ medicalLicence: null }, at))).toEqual(['medicalLicence']);
    });
  });

  describe('licences and designations in force (issue 14 rule 4)', () => {
    const lapsedCode = (fn: () => unknown): string => {
      try {
        fn();
      } catch (err) {
        if (err instanceof DomainError) return `${err.code} ${err.kind} ${err.errors.map((e) => e.field).join(',')}`;
        throw err;
      }
      throw new Error('expected a refusal');
    };

    it('refuses to register a licence that lapsed before today (China time)', () => {
      // 2026-11-20T16:30Z is 2026-11-21 00:30 in China: the licence's last day (2026-11-20) is over
      expect(
        lapsedCode(() =>
          Institution.register(
            { id: 'x', uscc: '91110108551385082Q', category: 'MEDICAL', ...details() },
            new Date('2026-11-20T16:30:00Z'),
          ),
        ),
      ).toBe('LICENCE_LAPSED rule medicalLicence.validTo');
    });

    it('registers a licence on its last day (China time), even when it is still the day before in UTC', () => {
      const i = Institution.register(
        { id: 'x', uscc: '91110108551385082Q', category: 'MEDICAL', ...details() },
        new Date('2026-11-20T15:59:00Z'),
      );
      expect(i.snapshot.medicalLicence?.validTo).toBe('2026-11-20');
    });

    it('refuses an update that sets a new licence already lapsed, and changes nothing', () => {
      given(hospital())
        .when((i) => i.update({ medicalLicence: { number: 'L-2', scope: ['内科'], validFrom: '2020-01-01', validTo: '2026-11-21' } }, at))
        .refused('LICENCE_LAPSED');
    });

    it('still updates an institution whose licence lapsed: other details, and the renewal', () => {
      const i = given(hospital())
        .when((i) => i.update({ address: '鼓楼区新址1号' }, at))
        .then({ kind: 'updated', changed: ['address'] });
      given(i)
        .when((i) => i.update({ medicalLicence: { number: 'L-2', scope: ['内科'], validFrom: '2026-11-21', validTo: '2031-11-20' } }, at))
        .then({ kind: 'updated', changed: ['medicalLicence'] });
    });

    it('keeps designation end dates, open-ended when null, and refuses one before its start', () => {
      const i = hospital({
        medicalInsuranceDesignation: { number: 'YB-1', since: '2024-01-01', validTo: '2027-12-31' },
        longTermCareInsuranceDesignation: { number: 'CH-1', since: '2024-01-01', validTo: null },
      });
      expect(i.snapshot.medicalInsuranceDesignation).toEqual({ number: 'YB-1', since: '2024-01-01', validTo: '2027-12-31' });
      expect(i.snapshot.longTermCareInsuranceDesignation?.validTo).toBeNull();
      expect(
        fieldsOf(() =>
          hospital({
            medicalInsuranceDesignation: { number: 'YB-1', since: '2024-01-01', validTo: '2023-12-31' },
            longTermCareInsuranceDesignation: { number: 'CH-1', since: '2024-01-01', validTo: '2024-01-01' },
          }),
        ),
      ).toEqual(['medicalInsuranceDesignation.validTo']);
    });
  });

  describe('licence expiry', () => {
    it('announces a lapsed licence once', () => {
      const i = hospital();
      i.pullChanges();
      expect(i.licenceExpiryDue('2026-11-21')).toBe(true);
      i.expireLicence('2026-11-21', at);
      expect(i.pullChanges()).toEqual([
        { change: { kind: 'licence-expired', licence: { number: 'L-1', validTo: '2026-11-20' } }, version: 2 },
      ]);
      expect(i.licenceExpiryDue('2026-11-22')).toBe(false);
      given(i)
        .when((i) => i.expireLicence('2026-11-22', at))
        .refused('LICENCE_NOT_EXPIRED');
      expect(i.snapshot.status).toBe('ACTIVE');
    });

    it('is not due on the last valid day', () => {
      expect(hospital().licenceExpiryDue('2026-11-20')).toBe(false);
    });

    it('is not due for a revoked institution', () => {
      const i = hospital();
      i.revoke('吊销', at);
      expect(i.licenceExpiryDue('2026-11-21')).toBe(false);
    });

    it('is due again after a renewed licence lapses', () => {
      const i = hospital();
      i.expireLicence('2026-11-21', at);
      i.update({ medicalLicence: { number: 'L-2', scope: ['内科'], validFrom: '2026-11-21', validTo: '2031-11-20' } }, at);
      expect(i.licenceExpiryDue('2031-11-21')).toBe(true);
    });
  });
});

describe('Institution operations (free beds, referral phone)', () => {
  it('merges free beds by type, bumps the version once and records what changed', () => {
    const i = hospital({ beds: { medical: 500, rehabilitation: 20 } });
    i.pullChanges();
    i.updateOperations({ freeBeds: { medical: 40 }, referralPhone: '0591-87654321' }, at);
    i.updateOperations({ freeBeds: { rehabilitation: 2 } }, at);
    expect(i.snapshot).toMatchObject({
      version: 3,
      freeBeds: { medical: 40, rehabilitation: 2 },
      referralPhone: '0591-87654321',
      operationsUpdatedAt: at,
    });
    expect(i.pullChanges()).toEqual([
      { change: { kind: 'operations-updated', changed: ['freeBeds', 'referralPhone'] }, version: 2 },
      { change: { kind: 'operations-updated', changed: ['freeBeds'] }, version: 3 },
    ]);
    i.updateOperations({ freeBeds: { medical: 40 } }, at);
    expect(i.snapshot.version).toBe(3);
  });

  it('refuses more free beds than registered, a type without beds, and negative or fractional counts', () => {
    const i = hospital({ beds: { medical: 500 } });
    expect(fieldsOf(() => i.updateOperations({ freeBeds: { medical: 501, hospice: 1 } }, at))).toEqual([
      'freeBeds.medical',
      'freeBeds.hospice',
    ]);
    expect(fieldsOf(() => i.updateOperations({ freeBeds: { medical: -1 } }, at))).toEqual(['freeBeds.medical']);
    expect(fieldsOf(() => i.updateOperations({ freeBeds: { medical: 0.5 } }, at))).toEqual(['freeBeds.medical']);
    expect(i.snapshot.version).toBe(1);
  });

  it('refuses a revoked institution', () => {
    const i = hospital();
    i.revoke('吊销', at);
    given(i)
      .when((i) => i.updateOperations({ referralPhone: null }, at))
      .refused('TRANSITION_NOT_ALLOWED');
  });
});

describe('searchableName', () => {
  it('folds full-width forms and case and drops whitespace', () => {
    expect(searchableName(' Ｐｅｋｉｎｇ  Union　协和 ')).toBe('pekingunion协和');
  });
});
