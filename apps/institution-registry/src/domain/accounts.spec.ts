import { DomainError } from '@yiyang/kernel';
import {
  AccountFacts,
  AccountManager,
  InstitutionFacts,
  NewAccount,
  checkCreate,
  checkDisable,
  checkEnable,
  listingScope,
} from './accounts';

const HOME: InstitutionFacts = { id: 'home-a', category: 'ELDERLY_CARE', status: 'ACTIVE' };
const HOSPITAL: InstitutionFacts = { id: 'hosp-h', category: 'MEDICAL', status: 'ACTIVE' };
const institutions = new Map([HOME, HOSPITAL].map((i) => [i.id, i]));

const managers: Record<string, AccountManager> = {
  registrar: { userId: 'u-reg', roles: ['registrar'] },
  'home admin': { userId: 'u-ha', roles: ['elderly-admin'], institutionId: HOME.id },
  'hospital admin': { userId: 'u-hm', roles: ['medical-admin'], institutionId: HOSPITAL.id },
  'hospital desk': { userId: 'u-hd', roles: ['referral-desk'], institutionId: HOSPITAL.id },
  regulator: { userId: 'u-rg', roles: ['regulator'] },
};

const targets: Record<string, NewAccount> = {
  registrar: { role: 'registrar' },
  'regulator of 3501': { role: 'regulator', division: '3501' },
  'home admin': { role: 'elderly-admin', institutionId: HOME.id },
  'home desk': { role: 'referral-desk', institutionId: HOME.id },
  'hospital admin': { role: 'medical-admin', institutionId: HOSPITAL.id },
  'hospital desk': { role: 'referral-desk', institutionId: HOSPITAL.id },
};

function outcome(fn: () => void): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

const create = (manager: string, target: string) =>
  outcome(() => checkCreate(managers[manager], targets[target], institutions.get(targets[target].institutionId ?? '') ?? null));

describe('account rules', () => {
  describe('who may create whom, cell by cell', () => {
    // rows: the manager; columns: the account asked for
    const matrix: Record<string, Record<string, string>> = {
      registrar: {
        registrar: 'ok',
        'regulator of 3501': 'ok',
        'home admin': 'ok',
        'home desk': 'ACCOUNT_ROLE_NOT_ALLOWED',
        'hospital admin': 'ok',
        'hospital desk': 'ACCOUNT_ROLE_NOT_ALLOWED',
      },
      'home admin': {
        registrar: 'ACCOUNT_ROLE_NOT_ALLOWED',
        'regulator of 3501': 'ACCOUNT_ROLE_NOT_ALLOWED',
        'home admin': 'ok',
        'home desk': 'ok',
        'hospital admin': 'NOT_FOUND',
        'hospital desk': 'NOT_FOUND',
      },
      'hospital admin': {
        registrar: 'ACCOUNT_ROLE_NOT_ALLOWED',
        'regulator of 3501': 'ACCOUNT_ROLE_NOT_ALLOWED',
        'home admin': 'NOT_FOUND',
        'home desk': 'NOT_FOUND',
        'hospital admin': 'ok',
        'hospital desk': 'ok',
      },
      'hospital desk': Object.fromEntries(Object.keys(targets).map((t) => [t, 'ACCOUNTS_NOT_ALLOWED'])),
      regulator: Object.fromEntries(Object.keys(targets).map((t) => [t, 'ACCOUNTS_NOT_ALLOWED'])),
    };
    const cells = Object.entries(matrix).flatMap(([manager, row]) =>
      Object.entries(row).map(([target, expected]) => [manager, target, expected] as const),
    );
    it.each(cells)('%s creating a %s account: %s', (manager, target, expected) => {
      expect(create(manager, target)).toBe(expected);
    });
  });

  describe('what a new account must say', () => {
    const registrar = managers.registrar;
    it('binds a regulator to a real division', () => {
      expect(outcome(() => checkCreate(registrar, { role: 'regulator' }, null))).toBe('VALIDATION_FAILED');
      expect(outcome(() => checkCreate(registrar, { role: 'regulator', division: '99' }, null))).toBe('VALIDATION_FAILED');
      expect(outcome(() => checkCreate(registrar, { role: 'regulator', division: '350102' }, null))).toBe('ok');
    });
    it('puts staff in an institution and nobody else', () => {
      expect(outcome(() => checkCreate(registrar, { role: 'elderly-admin' }, null))).toBe('VALIDATION_FAILED');
      expect(outcome(() => checkCreate(registrar, { role: 'registrar', institutionId: HOME.id }, HOME))).toBe('VALIDATION_FAILED');
      expect(outcome(() => checkCreate(registrar, { role: 'elderly-admin', institutionId: HOME.id, division: '35' }, HOME))).toBe(
        'VALIDATION_FAILED',
      );
    });
    it('refuses an institution that is not registered', () => {
      expect(outcome(() => checkCreate(registrar, { role: 'elderly-admin', institutionId: 'nowhere' }, null))).toBe('NOT_FOUND');
    });
    it('gives an institution only the staff roles of its category', () => {
      expect(outcome(() => checkCreate(registrar, { role: 'medical-admin', institutionId: HOME.id }, HOME))).toBe('ACCOUNT_ROLE_MISMATCH');
      expect(outcome(() => checkCreate(registrar, { role: 'elderly-admin', institutionId: HOSPITAL.id }, HOSPITAL))).toBe(
        'ACCOUNT_ROLE_MISMATCH',
      );
      const combined = { ...HOME, category: 'COMBINED' as const };
      expect(outcome(() => checkCreate(registrar, { role: 'medical-admin', institutionId: HOME.id }, combined))).toBe('ok');
    });
    it('creates no account for a revoked institution, and lets a suspended one act only through a registrar', () => {
      const revoked = { ...HOME, status: 'REVOKED' as const };
      const suspended = { ...HOME, status: 'SUSPENDED' as const };
      expect(outcome(() => checkCreate(registrar, targets['home admin'], revoked))).toBe('INSTITUTION_REVOKED');
      expect(outcome(() => checkCreate(managers['home admin'], targets['home desk'], suspended))).toBe('INSTITUTION_NOT_ACTIVE');
      expect(outcome(() => checkCreate(registrar, targets['home admin'], suspended))).toBe('ok');
    });
  });

  describe('listing, disabling and enabling', () => {
    const account = (id: string, institutionId: string | null, role: AccountFacts['role'] = 'referral-desk'): AccountFacts => ({
      id,
      role,
      institutionId,
    });
    it('confines an institution administrator to their institution', () => {
      expect(listingScope(managers.registrar)).toEqual({ institutionId: null });
      expect(listingScope(managers['home admin'])).toEqual({ institutionId: HOME.id });
      expect(outcome(() => listingScope(managers.regulator))).toBe('ACCOUNTS_NOT_ALLOWED');
      expect(outcome(() => listingScope(managers['hospital desk']))).toBe('ACCOUNTS_NOT_ALLOWED');
    });
    it('lets an administrator disable and enable their own staff only', () => {
      expect(outcome(() => checkDisable(managers['home admin'], account('u1', HOME.id), HOME))).toBe('ok');
      expect(outcome(() => checkEnable(managers['home admin'], account('u1', HOME.id), HOME))).toBe('ok');
      expect(outcome(() => checkDisable(managers['home admin'], account('u2', HOSPITAL.id), HOSPITAL))).toBe('NOT_FOUND');
      expect(outcome(() => checkDisable(managers['home admin'], account('u3', null, 'regulator'), null))).toBe('NOT_FOUND');
      expect(outcome(() => checkDisable(managers.regulator, account('u1', HOME.id), HOME))).toBe('ACCOUNTS_NOT_ALLOWED');
    });
    it('lets a registrar disable and enable anyone but themselves', () => {
      expect(outcome(() => checkDisable(managers.registrar, account('u1', HOME.id), HOME))).toBe('ok');
      expect(outcome(() => checkDisable(managers.registrar, account('u3', null, 'regulator'), null))).toBe('ok');
      expect(outcome(() => checkDisable(managers.registrar, account('u-reg', null, 'registrar'), null))).toBe('ACCOUNT_IS_YOURS');
      expect(outcome(() => checkDisable(managers['home admin'], account('u-ha', HOME.id, 'elderly-admin'), HOME))).toBe('ACCOUNT_IS_YOURS');
    });
    it("leaves a revoked institution's accounts to a registrar, account by account", () => {
      const revoked = { ...HOME, status: 'REVOKED' as const };
      expect(outcome(() => checkEnable(managers['home admin'], account('u1', HOME.id), revoked))).toBe('INSTITUTION_NOT_ACTIVE');
      expect(outcome(() => checkEnable(managers.registrar, account('u1', HOME.id), revoked))).toBe('ok');
    });
  });
});
