/** An institution as the registry answers it, for every feature's tests (src/features/<feature>/testing.tsx). */
import type { Institution } from '../shared/institutions';

/**
 * In 鼓楼区 (Fuzhou), active, non-profit, with no licence, filing, designation, beds or capabilities
 * unless `o` says so.
 */
export function registeredInstitution(o: Partial<Institution> & Pick<Institution, 'id' | 'name' | 'category' | 'kind'>): Institution {
  return {
    version: 2,
    uscc: '91350100M000100Y43',
    medicalInstitutionCode: null,
    hospitalGrade: null,
    ownership: 'PUBLIC',
    nonProfit: true,
    divisionCode: '350102',
    divisionName: '鼓楼区',
    address: '福州市鼓楼区湖东路 1 号',
    location: { lat: 26.08, lng: 119.3 },
    medicalLicence: null,
    elderlyCareFiling: null,
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: null,
    beds: {},
    capabilities: [],
    status: 'ACTIVE',
    statusReason: null,
    registeredAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-30T16:30:00.000Z',
    ...o,
  } as Institution;
}
