import { maskResidentId, residentIdCheckCharacter, residentIdProblems } from './resident-id';

/** Builds a valid number from its parts (no real person's number is used anywhere in the tests). */
const make = (address: string, birth: string, sequence: string) => {
  const first17 = `${address}${birth.replace(/-/g, '')}${sequence}`;
  return first17 + residentIdCheckCharacter(first17);
};

describe('resident ID numbers (GB 11643)', () => {
  it('computes the check character of the standard’s worked example', () => {
    // GB 11643-1999 appendix example: 11010519491231002X
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
  });
  it('accepts a consistent number, birth date and sex', () => {
    expect(residentIdProblems(make('350102', '1941-05-02', '123'), '1941-05-02', 'M')).toEqual([]);
    expect(residentIdProblems(make('350102', '1941-05-02', '124'), '1941-05-02', 'F')).toEqual([]);
  });
  it('refuses a wrong check character', () => {
    const id = make('350102', '1941-05-02', '123');
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    expect(residentIdProblems(wrong)).toEqual([{ field: 'idNumber', message: 'fails the GB 11643 check character' }]);
  });
  it('refuses malformed numbers', () => {
    for (const bad of ['', '35010219410502123', '3501021941050212345', '35010219410502123x', '3501021941O502123X']) {
      expect(residentIdProblems(bad)[0].field).toBe('idNumber');
    }
  });
  it('refuses an impossible birth date inside the number', () => {
    expect(residentIdProblems(make('350102', '1941-02-30', '123'))).toEqual([
      { field: 'idNumber', message: 'does not contain a valid birth date' },
    ]);
  });
  it('refuses a birth date or sex that disagrees with the number', () => {
    const id = make('350102', '1941-05-02', '123');
    expect(residentIdProblems(id, '1941-05-03', 'F').map((p) => p.field)).toEqual(['birthDate', 'sex']);
  });
  it('never repeats the number in a message', () => {
    const id = make('350102', '1941-05-02', '123');
    for (const p of residentIdProblems(id.slice(0, 17) + 'Y', '1900-01-01', 'F')) expect(p.message).not.toContain(id.slice(0, 10));
  });
  it('masks all but the address code and the last four', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
  });
});
