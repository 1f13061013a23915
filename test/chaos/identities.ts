/** Valid identifiers made up at random, for the load the chaos run and the bench drive: USCCs and resident ID numbers. */
import { randomInt } from 'node:crypto';
import { residentIdCheckCharacter, usccCheckCharacter } from '../../libs/kernel/src';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A unified social credit code of an enterprise ('91') registered in `division`, with its check character. */
export function uscc(division: string): string {
  let body = `91${division}`;
  while (body.length < 17) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + usccCheckCharacter(body);
}

/** A resident ID number from 鼓楼区 (350102), born 1930–1959, with its check character. */
export function residentId(): string {
  const first17 = `350102${1930 + randomInt(30)}0${1 + randomInt(9)}1${randomInt(10)}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** The sex a resident ID number records (its 17th digit: odd for men). */
export const sexOf = (id: string) => (Number(id[16]) % 2 === 1 ? 'M' : 'F');

/** The birth date a resident ID number records, as YYYY-MM-DD. */
export const birthOf = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
