import fc from 'fast-check';
import { isValidUscc, maskResidentId, residentIdCheckCharacter, residentIdProblems, usccCheckCharacter } from '@yiyang/kernel';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('');
const digit = fc.constantFrom(...'0123456789'.split(''));
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const residentId = fc
  .record({ address: fc.array(digit, { minLength: 6, maxLength: 6 }), born: birthDate, sequence: fc.integer({ min: 0, max: 999 }) })
  .map(({ address, born, sequence }) => {
    const first17 = `${address.join('')}${born.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
    return { id: first17 + residentIdCheckCharacter(first17), born, male: sequence % 2 === 1 };
  });
const uscc = fc
  .array(fc.constantFrom(...USCC_ALPHABET), { minLength: 17, maxLength: 17 })
  .map((c) => c.join('') + usccCheckCharacter(c.join('')));

describe('identifier checks (properties)', () => {
  it('accepts every well-formed resident ID with its own birth date and sex', () => {
    fc.assert(fc.property(residentId, ({ id, born, male }) => residentIdProblems(id, born, male ? 'M' : 'F').length === 0));
  });

  it('detects every single-digit change in the first 17 digits of a resident ID', () => {
    fc.assert(
      fc.property(residentId, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), ({ id }, at, shift) => {
        const changed = id.slice(0, at) + String((Number(id[at]) + shift) % 10) + id.slice(at + 1);
        return residentIdProblems(changed).length > 0;
      }),
    );
  });

  it('never reveals the birth date or sequence in the masked form, nor the number in a message', () => {
    fc.assert(
      fc.property(residentId, fc.string(), ({ id }, junk) => {
        const masked = maskResidentId(id);
        const problems = residentIdProblems(junk.length === 18 ? junk : id.slice(0, 17) + (id[17] === '0' ? '1' : '0'));
        return (
          masked.slice(6, 14) === '********' &&
          masked.slice(0, 6) === id.slice(0, 6) &&
          problems.every((p) => !p.message.includes(id.slice(6, 14)))
        );
      }),
    );
  });

  it('accepts every well-formed USCC and detects every single-character substitution', () => {
    fc.assert(
      fc.property(uscc, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (code, at, shift) => {
        const changed = code.slice(0, at) + USCC_ALPHABET[(USCC_ALPHABET.indexOf(code[at]) + shift) % 31] + code.slice(at + 1);
        return isValidUscc(code) && !isValidUscc(changed);
      }),
    );
  });
});
