import { divisionName, isValidDivisionCode, isValidJurisdiction, withinJurisdiction } from './division';

describe('GB/T 2260 division codes', () => {
  it.each([
    ['350102', '鼓楼区'],
    ['110101', '东城区'],
    ['350100', '福州市'],
    ['350000', '福建省'],
    ['440305', '南山区'],
  ])('knows %s (%s)', (code, name) => {
    expect(isValidDivisionCode(code)).toBe(true);
    expect(divisionName(code)).toBe(name);
  });

  it.each(['350199', '999999', '350000x', '35010', '3501020', '000000', 'abcdef', '35 102'])(
    'refuses %p, which is not on the list',
    (code) => {
      expect(isValidDivisionCode(code)).toBe(false);
    },
  );

  it('refuses a well-formed code that no division has (a pattern would accept it)', () => {
    expect(/^\d{6}$/.test('359999')).toBe(true);
    expect(isValidDivisionCode('359999')).toBe(false);
  });

  it.each(['35', '3501', '350102'])('accepts the jurisdiction prefix %s', (p) => expect(isValidJurisdiction(p)).toBe(true));
  it.each(['3', '99', '359', '3599', '35010', ''])('refuses the jurisdiction prefix %p', (p) => expect(isValidJurisdiction(p)).toBe(false));

  it('places a county inside its city and province, not another', () => {
    expect(withinJurisdiction('350102', '35')).toBe(true);
    expect(withinJurisdiction('350102', '3501')).toBe(true);
    expect(withinJurisdiction('350102', '3502')).toBe(false);
    expect(withinJurisdiction('350102', '44')).toBe(false);
  });
});
