/**
 * 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015: 18 characters from the alphabet
 * 0-9 A-H J-N P-R T U W-Y (no I, O, S, V, Z); the 18th is a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'length' | 'alphabet' | 'checksum';

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Returns null when the code is valid, otherwise what is wrong with it. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) {
    if (!ALPHABET.includes(ch)) return 'alphabet';
  }
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'checksum';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}
