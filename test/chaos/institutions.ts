/** The institutions the chaos run and the bench register: nursing homes in 鼓楼区, general hospitals in 台江区. */
import { uscc } from './identities';

/** The `i`-th nursing home's registration (its elderly-care filing `F<i>`). */
export function nursingHomeBody(name: string, i: number) {
  return {
    name,
    uscc: uscc('350102'),
    category: 'ELDERLY_CARE',
    kind: 'NURSING_HOME',
    ownership: 'PRIVATE',
    nonProfit: true,
    divisionCode: '350102',
    address: '鼓楼区',
    location: { lat: 26.08, lng: 119.3 },
    elderlyCareFiling: { number: `F${i}`, filedOn: '2024-03-01' },
    medicalLicence: null,
    hospitalGrade: null,
    capabilities: ['NURSING'],
    beds: { elderly: 100 },
  };
}

/** The `i`-th hospital's registration (its medical practice licence `L<i>`, valid to the end of 2030). */
export function hospitalBody(name: string, i: number) {
  return {
    name,
    uscc: uscc('350103'),
    category: 'MEDICAL',
    kind: 'GENERAL_HOSPITAL',
    hospitalGrade: 'LEVEL_3',
    ownership: 'PUBLIC',
    nonProfit: true,
    divisionCode: '350103',
    address: '台江区',
    location: { lat: 26.05, lng: 119.31 },
    medicalLicence: { number: `L${i}`, scope: ['内科'], validFrom: '2022-01-01', validTo: '2030-12-31' },
    elderlyCareFiling: null,
    capabilities: ['EMERGENCY'],
    beds: { medical: 500 },
  };
}
