import { isValidUscc, usccCheckCharacter, usccProblem } from './uscc';

describe('USCC (GB 32100-2015)', () => {
  it.each(['91110108551385082Q', '9144030071526726XG', '91330100716105852F'])('accepts the real code %s', (code) => {
    expect(usccProblem(code)).toBeNull();
    expect(isValidUscc(code)).toBe(true);
  });

  it('accepts any first character of the alphabet (registration authority codes are not restricted)', () => {
    const body = 'Y2350102MA2Y0000';
    const code = `${body}1${usccCheckCharacter(`${body}1`)}`;
    expect(usccProblem(code)).toBeNull();
  });

  it('refuses a wrong check character', () => {
    expect(usccProblem('91110108551385082A')).toBe('checksum');
  });

  it('refuses a changed digit (the check character catches it)', () => {
    expect(usccProblem('91110108551385083Q')).toBe('checksum');
  });

  it.each(['9111010855138508', '91110108551385082QX', ''])('refuses the length of %p', (code) => {
    expect(usccProblem(code)).toBe('length');
  });

  it.each(['I', 'O', 'S', 'V', 'Z', 'q'])('refuses the letter %s, which the alphabet leaves out', (letter) => {
    expect(usccProblem(`9111010855138508${letter}Q`)).toBe('alphabet');
  });

  it('computes a check character that validates for every possible 17th character', () => {
    const body = '91350102MA2XN5A0';
    for (const last of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
      const c = usccCheckCharacter(body + last);
      expect(usccProblem(body + last + c)).toBeNull();
    }
  });
});
