/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence (odd for
 * men, even for women), and an ISO 7064 MOD 11-2 check character. Messages never repeat the number.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export interface ResidentIdProblem {
  field: 'idNumber' | 'birthDate' | 'sex';
  message: string;
}

/** Problems with an ID number against the birth date (YYYY-MM-DD) and sex (M/F) given beside it; [] when consistent. */
export function residentIdProblems(idNumber: string, birthDate?: string, sex?: string): ResidentIdProblem[] {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return [{ field: 'idNumber', message: 'must be 18 characters: 17 digits and a digit or X' }];
  if (residentIdCheckCharacter(idNumber.slice(0, 17)) !== idNumber[17])
    return [{ field: 'idNumber', message: 'fails the GB 11643 check character' }];
  const born = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  const date = new Date(`${born}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== born)
    return [{ field: 'idNumber', message: 'does not contain a valid birth date' }];
  const problems: ResidentIdProblem[] = [];
  if (birthDate !== undefined && birthDate !== born)
    problems.push({ field: 'birthDate', message: 'does not match the birth date in the ID number' });
  const male = Number(idNumber[16]) % 2 === 1;
  if (sex !== undefined && (sex === 'M') !== male)
    problems.push({ field: 'sex', message: 'does not match the sex encoded in the ID number' });
  return problems;
}

/** The form events and regulators see: the address code and the last four, e.g. 350102********1234. */
export function maskResidentId(idNumber: string): string {
  return `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`;
}
