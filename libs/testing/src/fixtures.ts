import { randomInt, randomUUID } from 'node:crypto';
import { residentIdCheckCharacter, usccCheckCharacter } from '@yiyang/kernel';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random, valid 统一社会信用代码 (legal-person type 91, a Fuzhou division). */
export function validUscc(division = '350102'): string {
  let body = `91${division}`;
  while (body.length < 17) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + usccCheckCharacter(body);
}

export function nursingHome(overrides: Record<string, unknown> = {}) {
  return {
    name: '福州市鼓楼区颐养院',
    uscc: validUscc(),
    category: 'ELDERLY_CARE',
    kind: 'NURSING_HOME',
    ownership: 'PRIVATE',
    nonProfit: true,
    divisionCode: '350102',
    address: '福州市鼓楼区五四路1号',
    location: { lat: 26.08, lng: 119.3 },
    elderlyCareFiling: { number: '闽养备350102001', filedOn: '2024-03-01' },
    medicalLicence: null,
    hospitalGrade: null,
    capabilities: ['NURSING'],
    beds: { elderly: 120, medical: 0 },
    ...overrides,
  };
}

export function hospital(overrides: Record<string, unknown> = {}) {
  return {
    name: '福州市第一医院',
    uscc: validUscc('350103'),
    category: 'MEDICAL',
    kind: 'GENERAL_HOSPITAL',
    hospitalGrade: 'LEVEL_3',
    ownership: 'PUBLIC',
    nonProfit: true,
    divisionCode: '350103',
    address: '福州市台江区达道路190号',
    location: { lat: 26.05, lng: 119.31 },
    medicalLicence: { number: 'PDY00001X350103', scope: ['内科', '外科', '康复医学科'], validFrom: '2022-01-01', validTo: '2027-12-31' },
    elderlyCareFiling: null,
    capabilities: ['EMERGENCY', 'GERIATRICS', 'REHABILITATION'],
    beds: { medical: 800, rehabilitation: 60 },
    ...overrides,
  };
}

/** An institution as `institution.*` events carry it (valid against the contract). */
export function institutionSnapshot(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    version: 1,
    name: '颐养院',
    uscc: '91110108551385082Q',
    medicalInstitutionCode: null,
    category: 'ELDERLY_CARE',
    kind: 'NURSING_HOME',
    hospitalGrade: null,
    ownership: 'PRIVATE',
    nonProfit: true,
    divisionCode: '350102',
    address: '鼓楼区',
    location: { lat: 26.08, lng: 119.3 },
    medicalLicence: null,
    elderlyCareFiling: { number: 'F', filedOn: '2024-03-01' },
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: null,
    capabilities: ['NURSING'],
    beds: { elderly: 10 },
    status: 'ACTIVE',
    ...overrides,
  };
}

/** A synthetic, valid 公民身份号码 for tests (address code, birth date, sequence: odd men, even women). */
export function residentId(birthDate: string, sequence: number, address = '350102'): string {
  const first17 = `${address}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}
