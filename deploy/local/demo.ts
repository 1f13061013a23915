/**
 * npm run demo: a small, realistic data set in 福建省福州市 on the running platform, and one sign-in
 * account per role for the web console.
 *
 * It talks only to the running services over HTTP (registry, contract, referral, notification; base
 * URLs from INSTITUTION_REGISTRY_URL / CONTRACT_URL / REFERRAL_URL / NOTIFICATION_URL, else
 * 127.0.0.1 and the services' *_PORT variables), with real access tokens from the local Keycloak: every
 * acting party (the registrar, each institution's administrator, each hospital's referral desk) signs in
 * as a development account of its own (libs/identity, as `npm run token` does).
 *
 * What it creates: 4 hospitals, 3 community/township health centres and 5 elderly-care institutions;
 * agreements in every state the contract service reaches without the calendar (DRAFT, SUBMITTED,
 * REJECTED, SIGNED, ACTIVE in all four modes, TERMINATED, a pending amendment, a renewal); referrals in
 * every state the referral service reaches without waiting (REQUESTED, RECEIVED, ACCEPTED, ARRIVED,
 * COMPLETED with its linked DOWN referral, REJECTED, RETURNED_WITH_ADVICE, CANCELLED) and one attempt
 * refused for want of an agreement. EXPIRED agreements and referrals need time to pass (see README).
 *
 * Idempotent: what it made is kept in .local/demo.json; a second run finds the institutions (GET) and
 * only prints the sign-in table again; if the platform's schemas were reset it creates everything afresh.
 * An interrupted run is resumed from each item's current state. The sign-in passwords are generated
 * once and kept in .local/demo-accounts.json.
 *
 * The catalogue and the request bodies are pure (exported for deploy/local/demo.spec.ts); main() runs
 * only when the file is executed.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type {
  AgreementMode,
  AgreementServiceCode,
  Capability,
  Frequency,
  HospitalGrade,
  Indication,
  InstitutionCategory,
  InstitutionKind,
  Ownership,
  ReferralDirection,
  ReferralPriority,
  RejectionReason,
} from '../../libs/contracts/src';
import { DEV_CLIENT_ID, KeycloakAdmin, devAccountTokens, ensureDevClient, passwordGrant } from '../../libs/identity/src';
import { addDays, chinaDate, residentIdCheckCharacter, usccCheckCharacter } from '../../libs/kernel/src';
import { signedAgreementPdf, signedCopyUpload } from '../../libs/testing/src/agreements';
import { keycloakAnswers, keycloakSettings, localRealmAdmin } from './keycloak';

const ROOT = resolve(__dirname, '..', '..');
const STATE_FILE = join(ROOT, '.local', 'demo.json');
const ACCOUNTS_FILE = join(ROOT, '.local', 'demo-accounts.json');

// ── dates (China Standard Time calendar dates, YYYY-MM-DD) ───────────────────────────────────────

/** The first day of the month `offset` months from the month of `date`. */
export function monthStart(date: string, offset: number): string {
  const [y, m] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The same day `years` later (29 February becomes 28 February). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = `${y + years}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return Number.isNaN(Date.parse(`${target}T00:00:00Z`)) || new Date(`${target}T00:00:00Z`).toISOString().slice(0, 10) !== target
    ? `${y + years}-${String(m).padStart(2, '0')}-28`
    : target;
}

/** The last day of the month `offset` months after `date`'s month. */
const monthEnd = (date: string, offset: number) => addDays(monthStart(date, offset + 1), -1);

// ── identifiers ───────────────────────────────────────────────────────────────────────────────

/** GB 11714 organisation code check character over eight digits or capital letters. */
export function organisationCodeCheck(first8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8[i];
    sum += (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55) * weights[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * 统一社会信用代码 (GB 32100-2015): registration authority and kind (12 a public institution 事业单位,
 * 52 a private non-enterprise unit 民办非企业单位, 91 a company), the division, the organisation code
 * with its own check character, and the check character over the first seventeen.
 */
export function usccOf(registrant: string, divisionCode: string, organisation8: string): string {
  const first17 = `${registrant}${divisionCode}${organisation8}${organisationCodeCheck(organisation8)}`;
  return first17 + usccCheckCharacter(first17);
}

export interface PatientSeed {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  /** the county of household registration: the first six digits of the ID number */
  origin: string;
  /** 0–99: makes the sequence number; its last digit is odd for men and even for women (GB 11643) */
  seq: number;
  insurance: 'URBAN_EMPLOYEE' | 'URBAN_RURAL_RESIDENT' | 'NEW_RURAL_COOPERATIVE' | 'COMMERCIAL' | 'SELF_PAY' | 'OTHER';
}

/** 公民身份号码 (GB 11643-1999) of a patient: origin, birth date, sequence (sex), check character. */
export function residentIdOf(p: PatientSeed): string {
  const sexDigit = (p.seq % 5) * 2 + (p.sex === 'M' ? 1 : 0);
  const first17 = `${p.origin}${p.birthDate.replace(/-/g, '')}${String(p.seq).padStart(2, '0')}${sexDigit}`;
  return first17 + residentIdCheckCharacter(first17);
}

// ── the institutions ────────────────────────────────────────────────────────────────────────────

export interface InstitutionSeed {
  key: string;
  name: string;
  /** for logs and the sign-in table */
  short: string;
  category: InstitutionCategory;
  kind: InstitutionKind;
  hospitalGrade: HospitalGrade | null;
  ownership: Ownership;
  nonProfit: boolean;
  /** first two characters of the USCC */
  registrant: '12' | '52' | '91';
  /** eight digits of the organisation code (its check character is computed) */
  organisation: string;
  divisionCode: string;
  address: string;
  location: { lat: number; lng: number };
  capabilities: Capability[];
  beds: Partial<Record<'elderly' | 'medical' | 'rehabilitation' | 'hospice' | 'family', number>>;
  medicalLicence: { number: string; scope: string[]; validFrom: string; validTo: string } | null;
  elderlyCareFiling: { number: string; filedOn: string } | null;
  medicalInsuranceDesignation: { number: string; since: string } | null;
  longTermCareInsuranceDesignation: { number: string; since: string } | null;
  /** the people who act for it: its administrator and, for medical institutions, its referral desk */
  people: { admin: string; desk?: string };
}

export const INSTITUTIONS: InstitutionSeed[] = [
  {
    key: 'h-general',
    name: '福州市榕城人民医院',
    short: '榕城人民医院',
    category: 'MEDICAL',
    kind: 'GENERAL_HOSPITAL',
    hospitalGrade: 'LEVEL_3',
    ownership: 'PUBLIC',
    nonProfit: true,
    registrant: '12',
    organisation: '48800317',
    divisionCode: '350102',
    address: '福建省福州市鼓楼区杨桥中路156号',
    location: { lat: 26.0871, lng: 119.2894 },
    capabilities: [
      'EMERGENCY',
      'GERIATRICS',
      'INTERNAL_MEDICINE',
      'SURGERY',
      'DIAGNOSTIC_IMAGING',
      'LABORATORY',
      'REHABILITATION',
      'TELEMEDICINE',
      'PHARMACY',
    ],
    beds: { medical: 1860, rehabilitation: 120, hospice: 16 },
    medicalLicence: {
      number: '48800317-335010211A1001',
      scope: ['内科', '外科', '急诊医学科', '老年病专业', '康复医学科', '医学影像科', '医学检验科', '临终关怀科'],
      validFrom: '2024-07-01',
      validTo: '2029-06-30',
    },
    elderlyCareFiling: null,
    medicalInsuranceDesignation: { number: 'H35010200017', since: '2019-01-01' },
    longTermCareInsuranceDesignation: null,
    people: { admin: '林志远', desk: '许晓燕' },
  },
  {
    key: 'h-tcm',
    name: '福州市闽都中医院',
    short: '闽都中医院',
    category: 'MEDICAL',
    kind: 'TCM_HOSPITAL',
    hospitalGrade: 'LEVEL_3',
    ownership: 'PUBLIC',
    nonProfit: true,
    registrant: '12',
    organisation: '48800952',
    divisionCode: '350103',
    address: '福建省福州市台江区六一中路282号',
    location: { lat: 26.0645, lng: 119.3152 },
    capabilities: ['TCM', 'EMERGENCY', 'GERIATRICS', 'INTERNAL_MEDICINE', 'REHABILITATION', 'PHARMACY', 'LABORATORY'],
    beds: { medical: 920, rehabilitation: 80 },
    medicalLicence: {
      number: '48800952-135010311A2101',
      scope: ['中医科', '中西医结合科', '针灸科', '推拿科', '康复医学科', '急诊医学科'],
      validFrom: '2023-03-15',
      validTo: '2028-03-14',
    },
    elderlyCareFiling: null,
    medicalInsuranceDesignation: { number: 'H35010300042', since: '2018-07-01' },
    longTermCareInsuranceDesignation: null,
    people: { admin: '陈思远', desk: '郭海燕' },
  },
  {
    key: 'h-rehab',
    name: '福州仓山康复医院',
    short: '仓山康复医院',
    category: 'MEDICAL',
    kind: 'REHABILITATION_HOSPITAL',
    hospitalGrade: 'LEVEL_2',
    ownership: 'PUBLIC',
    nonProfit: true,
    registrant: '12',
    organisation: '48801576',
    divisionCode: '350104',
    address: '福建省福州市仓山区上三路97号',
    location: { lat: 26.0392, lng: 119.3071 },
    capabilities: ['REHABILITATION', 'GERIATRICS', 'NURSING', 'TCM', 'INTERNAL_MEDICINE'],
    beds: { medical: 180, rehabilitation: 320 },
    medicalLicence: {
      number: '48801576-035010421B1001',
      scope: ['康复医学科', '内科', '中医科', '护理专业'],
      validFrom: '2025-01-10',
      validTo: '2030-01-09',
    },
    elderlyCareFiling: null,
    medicalInsuranceDesignation: { number: 'H35010400108', since: '2020-04-01' },
    longTermCareInsuranceDesignation: null,
    people: { admin: '张立新', desk: '潘雅婷' },
  },
  {
    key: 'h-nursing',
    name: '福州市晋安区康宁护理院',
    short: '康宁护理院',
    category: 'MEDICAL',
    kind: 'NURSING_HOSPITAL',
    hospitalGrade: null,
    ownership: 'PRIVATE',
    nonProfit: false,
    registrant: '91',
    organisation: '75738820',
    divisionCode: '350111',
    address: '福建省福州市晋安区福新东路418号',
    location: { lat: 26.0841, lng: 119.3421 },
    capabilities: ['NURSING', 'HOSPICE', 'GERIATRICS', 'DEMENTIA_CARE', 'HOME_VISITS'],
    beds: { medical: 150, hospice: 20, family: 40 },
    medicalLicence: {
      number: 'PDY75738820-335011117A5101',
      scope: ['护理专业', '内科', '临终关怀科'],
      validFrom: '2022-09-01',
      validTo: '2027-08-31',
    },
    elderlyCareFiling: null,
    medicalInsuranceDesignation: { number: 'H35011100233', since: '2021-01-01' },
    longTermCareInsuranceDesignation: { number: 'CHX3501110012', since: '2024-01-01' },
    people: { admin: '吴晓峰', desk: '郑丽萍' },
  },
  {
    key: 'c-yingzhou',
    name: '福州市台江区瀛洲街道社区卫生服务中心',
    short: '瀛洲社区卫生服务中心',
    category: 'MEDICAL',
    kind: 'COMMUNITY_HEALTH_CENTER',
    hospitalGrade: null,
    ownership: 'PUBLIC',
    nonProfit: true,
    registrant: '12',
    organisation: '48850231',
    divisionCode: '350103',
    address: '福建省福州市台江区江滨中大道318号',
    location: { lat: 26.0553, lng: 119.3205 },
    capabilities: ['HOME_VISITS', 'INTERNAL_MEDICINE', 'TCM', 'REHABILITATION', 'PHARMACY', 'LABORATORY'],
    beds: { medical: 30, family: 85 },
    medicalLicence: {
      number: '48850231-335010315D2201',
      scope: ['全科医疗科', '预防保健科', '中医科', '康复医学科'],
      validFrom: '2024-02-01',
      validTo: '2029-01-31',
    },
    elderlyCareFiling: null,
    medicalInsuranceDesignation: { number: 'H35010300391', since: '2017-01-01' },
    longTermCareInsuranceDesignation: null,
    people: { admin: '黄晓玲', desk: '施文静' },
  },
  {
    key: 'c-wufeng',
    name: '福州市鼓楼区五凤街道社区卫生服务中心',
    short: '五凤社区卫生服务中心',
    category: 'MEDICAL',
    kind: 'COMMUNITY_HEALTH_CENTER',
    hospitalGrade: null,
    ownership: 'PUBLIC',
    nonProfit: true,
    registrant: '12',
    organisation: '48850498',
    divisionCode: '350102',
    address: '福建省福州市鼓楼区梅峰路27号',
    location: { lat: 26.0968, lng: 119.2843 },
    capabilities: ['HOME_VISITS', 'INTERNAL_MEDICINE', 'TCM', 'PHARMACY'],
    beds: { family: 60 },
    medicalLicence: {
      number: '48850498-035010215D2201',
      scope: ['全科医疗科', '预防保健科', '中医科'],
      validFrom: '2025-06-01',
      validTo: '2030-05-31',
    },
    elderlyCareFiling: null,
    medicalInsuranceDesignation: { number: 'H35010200466', since: '2018-01-01' },
    longTermCareInsuranceDesignation: null,
    people: { admin: '谢国栋', desk: '高美玉' },
  },
  {
    key: 'c-nantong',
    name: '闽侯县南通镇卫生院',
    short: '南通镇卫生院',
    category: 'MEDICAL',
    kind: 'TOWNSHIP_HEALTH_CENTER',
    hospitalGrade: null,
    ownership: 'PUBLIC',
    nonProfit: true,
    registrant: '12',
    organisation: '48870615',
    divisionCode: '350121',
    address: '福建省福州市闽侯县南通镇南通街28号',
    location: { lat: 25.9869, lng: 119.2772 },
    capabilities: ['HOME_VISITS', 'INTERNAL_MEDICINE', 'EMERGENCY', 'TCM', 'PHARMACY', 'LABORATORY'],
    beds: { medical: 45, family: 120 },
    medicalLicence: {
      number: '48870615-435012113D1001',
      scope: ['全科医疗科', '内科', '急诊医学科', '中医科', '预防保健科'],
      validFrom: '2023-11-01',
      validTo: '2028-10-31',
    },
    elderlyCareFiling: null,
    medicalInsuranceDesignation: { number: 'H35012100512', since: '2016-07-01' },
    longTermCareInsuranceDesignation: null,
    people: { admin: '游建平', desk: '魏秀琴' },
  },
  {
    key: 'n-leling',
    name: '福州市鼓楼区乐龄颐养院',
    short: '乐龄颐养院',
    category: 'ELDERLY_CARE',
    kind: 'NURSING_HOME',
    hospitalGrade: null,
    ownership: 'PRIVATE',
    nonProfit: true,
    registrant: '52',
    organisation: '58951344',
    divisionCode: '350102',
    address: '福建省福州市鼓楼区湖东路211号',
    location: { lat: 26.0912, lng: 119.3028 },
    capabilities: ['NURSING', 'DEMENTIA_CARE', 'REHABILITATION'],
    beds: { elderly: 286 },
    medicalLicence: null,
    elderlyCareFiling: { number: '榕鼓民养备〔2021〕第012号', filedOn: '2021-05-18' },
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: { number: 'CHX3501020031', since: '2024-01-01' },
    people: { admin: '刘振华' },
  },
  {
    key: 'n-welfare',
    name: '福州市仓山区社会福利院',
    short: '仓山区社会福利院',
    category: 'ELDERLY_CARE',
    kind: 'WELFARE_HOME',
    hospitalGrade: null,
    ownership: 'PUBLIC',
    nonProfit: true,
    registrant: '12',
    organisation: '48860127',
    divisionCode: '350104',
    address: '福建省福州市仓山区城门镇福峡路66号',
    location: { lat: 26.0178, lng: 119.3322 },
    capabilities: ['NURSING', 'DEMENTIA_CARE'],
    beds: { elderly: 420 },
    medicalLicence: null,
    elderlyCareFiling: { number: '榕仓民养备〔2019〕第003号', filedOn: '2019-09-02' },
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: null,
    people: { admin: '方丽华' },
  },
  {
    key: 'n-nantong',
    name: '闽侯县南通镇敬老院',
    short: '南通镇敬老院',
    category: 'ELDERLY_CARE',
    kind: 'WELFARE_HOME',
    hospitalGrade: null,
    ownership: 'PUBLIC',
    nonProfit: true,
    registrant: '12',
    organisation: '48870884',
    divisionCode: '350121',
    address: '福建省福州市闽侯县南通镇苏坂村敬老院路8号',
    location: { lat: 25.9802, lng: 119.2651 },
    capabilities: ['NURSING'],
    beds: { elderly: 64 },
    medicalLicence: null,
    elderlyCareFiling: { number: '闽侯民养备〔2020〕第021号', filedOn: '2020-06-12' },
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: null,
    people: { admin: '林春生' },
  },
  {
    key: 'n-helin',
    name: '福州晋安鹤林康养中心',
    short: '鹤林康养中心',
    category: 'ELDERLY_CARE',
    kind: 'NURSING_HOME',
    hospitalGrade: null,
    ownership: 'PRIVATE',
    nonProfit: false,
    registrant: '91',
    organisation: '77965413',
    divisionCode: '350111',
    address: '福建省福州市晋安区鹤林路136号',
    location: { lat: 26.1126, lng: 119.3398 },
    capabilities: ['NURSING', 'DEMENTIA_CARE', 'REHABILITATION', 'TCM'],
    beds: { elderly: 350 },
    medicalLicence: null,
    elderlyCareFiling: { number: '榕晋民养备〔2022〕第007号', filedOn: '2022-03-30' },
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: { number: 'CHX3501110045', since: '2024-07-01' },
    people: { admin: '罗淑贞' },
  },
  {
    key: 'n-houguan',
    name: '闽侯县上街镇侯官村农村幸福院',
    short: '侯官村幸福院',
    category: 'ELDERLY_CARE',
    kind: 'RURAL_HAPPINESS_HOME',
    hospitalGrade: null,
    ownership: 'PUBLIC',
    nonProfit: true,
    registrant: '52',
    organisation: '59312706',
    divisionCode: '350121',
    address: '福建省福州市闽侯县上街镇侯官村侯官路19号',
    location: { lat: 26.0618, lng: 119.2187 },
    capabilities: [],
    beds: { elderly: 24 },
    medicalLicence: null,
    elderlyCareFiling: { number: '闽侯民养备〔2023〕第035号', filedOn: '2023-08-16' },
    medicalInsuranceDesignation: null,
    longTermCareInsuranceDesignation: null,
    people: { admin: '陈水木' },
  },
];

export const institutionByKey = (key: string): InstitutionSeed => {
  const found = INSTITUTIONS.find((i) => i.key === key);
  if (!found) throw new Error(`no demo institution ${key}`);
  return found;
};

/** The registry's request body (SPEC §8) of a catalogue entry. */
export function registrationBody(s: InstitutionSeed) {
  return {
    name: s.name,
    uscc: usccOf(s.registrant, s.divisionCode, s.organisation),
    category: s.category,
    kind: s.kind,
    hospitalGrade: s.hospitalGrade,
    ownership: s.ownership,
    nonProfit: s.nonProfit,
    divisionCode: s.divisionCode,
    address: s.address,
    location: s.location,
    medicalLicence: s.medicalLicence,
    elderlyCareFiling: s.elderlyCareFiling,
    medicalInsuranceDesignation: s.medicalInsuranceDesignation,
    longTermCareInsuranceDesignation: s.longTermCareInsuranceDesignation,
    capabilities: s.capabilities,
    beds: s.beds,
  };
}

// ── the agreements ──────────────────────────────────────────────────────────────────────────────

interface ServiceLine {
  code: AgreementServiceCode;
  frequency?: Frequency;
}
interface Fee {
  item: string;
  amountFen: number;
  unit: 'PER_VISIT' | 'PER_MONTH' | 'PER_YEAR' | 'PER_RESIDENT_PER_MONTH' | 'PER_SERVICE' | 'LUMP_SUM';
  payer: 'ELDERLY_PARTY' | 'MEDICAL_PARTY' | 'RESIDENT' | 'INSURANCE';
}
interface Staff {
  name: string;
  practisingCertificateNumber: string;
  multiSiteFiled: boolean;
}
export interface AgreementContent {
  services: ServiceLine[];
  fees: Fee[];
  responsibilities: { elderlyParty: string[]; medicalParty: string[] };
  breachLiability: string;
  site: string | null;
  entrustment: { rightsAndObligations: string; legalLiability: string; disputeResolution: string } | null;
  staff: Staff[];
  /** the signed document's file name (its SHA-256 is derived) */
  fileName: string;
}

export type AgreementTarget = 'DRAFT' | 'SUBMITTED' | 'REJECTED' | 'SIGNED' | 'ACTIVE' | 'TERMINATED';

export interface AgreementPlan {
  key: string;
  elderly: string;
  medical: string;
  mode: AgreementMode;
  /** the term, from today's date */
  term: (today: string) => { effectiveFrom: string; effectiveTo: string };
  content: AgreementContent;
  /** where the agreement ends up */
  target: AgreementTarget;
  rejectReason?: string;
  /** TERMINATED: by the elderly-care party, effective today */
  terminateReason?: string;
  /** ACTIVE: the medical party proposes this amendment (left pending for the elderly party) */
  amendment?: AgreementContent;
  /** ACTIVE: the medical party proposes a renewal (successor SUBMITTED, awaiting the elderly party) for this many years */
  renewalYears?: number;
}

const BREACH =
  '任何一方违反本协议约定的，应及时纠正并赔偿对方因此遭受的直接损失；因乙方医疗过错造成入住老人损害的，由乙方依法承担医疗损害责任；因甲方照护不当延误就医的，由甲方承担相应责任。';
const ELDERLY_DUTIES = [
  '建立入住老人健康档案并及时更新',
  '提供符合要求的医疗服务用房及设备',
  '发现老人病情变化及时联系乙方并协助转诊',
  '配合乙方开展传染病防控和健康教育',
];
const MEDICAL_DUTIES = [
  '按约定频次派出医护人员巡诊',
  '为签约机构开通预约挂号、急诊及住院绿色通道',
  '对甲方护理人员开展业务培训',
  '保障转诊老人的病历资料及时交接',
];

export const AGREEMENTS: AgreementPlan[] = [
  {
    key: 'leling-general',
    elderly: 'n-leling',
    medical: 'h-general',
    mode: 'MULTI_LEVEL',
    term: (t) => ({ effectiveFrom: monthStart(t, -8), effectiveTo: monthEnd(t, 27) }),
    content: {
      services: [
        { code: 'TWO_WAY_REFERRAL' },
        { code: 'EMERGENCY_GREEN_CHANNEL' },
        { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
        { code: 'CHRONIC_DISEASE' },
        { code: 'TELEMEDICINE' },
        { code: 'STAFF_TRAINING' },
      ],
      fees: [
        { item: '医生巡诊服务费', amountFen: 20000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' },
        { item: '远程会诊费', amountFen: 15000, unit: 'PER_SERVICE', payer: 'RESIDENT' },
        { item: '护理人员业务培训', amountFen: 3000000, unit: 'PER_YEAR', payer: 'ELDERLY_PARTY' },
      ],
      responsibilities: { elderlyParty: ELDERLY_DUTIES, medicalParty: [...MEDICAL_DUTIES, '老年医学科每周三上午固定派医生到院巡诊'] },
      breachLiability: BREACH,
      site: null,
      entrustment: null,
      staff: [],
      fileName: '乐龄颐养院与榕城人民医院医养结合合作协议.pdf',
    },
    target: 'ACTIVE',
    amendment: {
      services: [
        { code: 'TWO_WAY_REFERRAL' },
        { code: 'EMERGENCY_GREEN_CHANNEL' },
        { code: 'REGULAR_VISITS', frequency: 'WEEKLY' },
        { code: 'CHRONIC_DISEASE' },
        { code: 'TELEMEDICINE' },
        { code: 'STAFF_TRAINING' },
        { code: 'HEALTH_MANAGEMENT', frequency: 'QUARTERLY' },
      ],
      fees: [
        { item: '医生巡诊服务费', amountFen: 20000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' },
        { item: '远程会诊费', amountFen: 15000, unit: 'PER_SERVICE', payer: 'RESIDENT' },
        { item: '护理人员业务培训', amountFen: 3000000, unit: 'PER_YEAR', payer: 'ELDERLY_PARTY' },
        { item: '老年人健康体检', amountFen: 26000, unit: 'PER_SERVICE', payer: 'INSURANCE' },
      ],
      responsibilities: {
        elderlyParty: ELDERLY_DUTIES,
        medicalParty: [...MEDICAL_DUTIES, '老年医学科每周三上午固定派医生到院巡诊', '每季度为入住老人开展一次健康评估并出具报告'],
      },
      breachLiability: BREACH,
      site: null,
      entrustment: null,
      staff: [],
      fileName: '乐龄颐养院与榕城人民医院医养结合合作协议-补充协议（一）.pdf',
    },
  },
  {
    key: 'welfare-yingzhou',
    elderly: 'n-welfare',
    medical: 'c-yingzhou',
    mode: 'PRIMARY_CARE',
    term: (t) => ({ effectiveFrom: monthStart(t, -11), effectiveTo: monthEnd(t, 12) }),
    content: {
      services: [
        { code: 'FAMILY_DOCTOR', frequency: 'WEEKLY' },
        { code: 'HEALTH_MANAGEMENT', frequency: 'MONTHLY' },
        { code: 'REGULAR_VISITS', frequency: 'TWICE_WEEKLY' },
        { code: 'CHRONIC_DISEASE' },
        { code: 'TWO_WAY_REFERRAL' },
        { code: 'INFECTION_CONTROL' },
      ],
      fees: [{ item: '家庭医生签约服务包', amountFen: 1000, unit: 'PER_RESIDENT_PER_MONTH', payer: 'INSURANCE' }],
      responsibilities: {
        elderlyParty: ELDERLY_DUTIES,
        medicalParty: ['组建家庭医生团队与入住老人签约', '每月开展慢病随访和用药指导', '每周二、周五到院巡诊'],
      },
      breachLiability: BREACH,
      site: null,
      entrustment: null,
      staff: [],
      fileName: '仓山区社会福利院与瀛洲街道社区卫生服务中心签约服务协议.pdf',
    },
    target: 'ACTIVE',
  },
  {
    key: 'helin-tcm',
    elderly: 'n-helin',
    medical: 'h-tcm',
    mode: 'EMBEDDED',
    term: (t) => ({ effectiveFrom: monthStart(t, -3), effectiveTo: monthEnd(t, 32) }),
    content: {
      services: [
        { code: 'TCM' },
        { code: 'REGULAR_VISITS', frequency: 'DAILY' },
        { code: 'CHRONIC_DISEASE' },
        { code: 'REHABILITATION' },
        { code: 'TWO_WAY_REFERRAL' },
        { code: 'EMERGENCY_GREEN_CHANNEL' },
      ],
      fees: [
        { item: '嵌入式中医诊室运营补贴', amountFen: 24000000, unit: 'PER_YEAR', payer: 'ELDERLY_PARTY' },
        { item: '针灸推拿理疗', amountFen: 4500, unit: 'PER_SERVICE', payer: 'RESIDENT' },
      ],
      responsibilities: {
        elderlyParty: ['提供一楼约120平方米诊室及水电', ...ELDERLY_DUTIES.slice(0, 3)],
        medicalParty: ['派驻中医师及护士全日在岗', '诊室按医疗机构标准运行并接受卫生健康部门监管', '提供中医适宜技术及康复理疗'],
      },
      breachLiability: BREACH,
      site: '鹤林康养中心一楼 闽都中医院嵌入式中医诊室',
      entrustment: null,
      staff: [
        { name: '游明辉', practisingCertificateNumber: '110350100027351', multiSiteFiled: true },
        { name: '卓丽萍', practisingCertificateNumber: '201935001462', multiSiteFiled: true },
      ],
      fileName: '鹤林康养中心与闽都中医院嵌入式合作协议.pdf',
    },
    target: 'ACTIVE',
  },
  {
    key: 'nantong-entrusted',
    elderly: 'n-nantong',
    medical: 'c-nantong',
    mode: 'ENTRUSTED',
    term: (t) => ({ effectiveFrom: monthStart(t, -14), effectiveTo: monthEnd(t, 21) }),
    content: {
      services: [
        { code: 'HEALTH_MANAGEMENT', frequency: 'MONTHLY' },
        { code: 'REGULAR_VISITS', frequency: 'DAILY' },
        { code: 'CHRONIC_DISEASE' },
        { code: 'NURSING' },
        { code: 'TWO_WAY_REFERRAL' },
        { code: 'INFECTION_CONTROL' },
      ],
      fees: [{ item: '医务室托管服务费', amountFen: 1200000, unit: 'PER_YEAR', payer: 'ELDERLY_PARTY' }],
      responsibilities: {
        elderlyParty: ['提供医务室用房、设备及药品周转资金', '不得干预乙方依法执业'],
        medicalParty: ['全面托管敬老院医务室日常诊疗', '按规范管理药品及医疗废物', '每日安排医生坐诊'],
      },
      breachLiability: BREACH,
      site: '南通镇敬老院医务室',
      entrustment: {
        rightsAndObligations:
          '甲方将院内医务室的诊疗业务整体委托乙方运营管理，乙方以自身名义执业并对诊疗质量负责；甲方负责房屋设施及后勤保障，有权监督服务质量。',
        legalLiability: '托管期间医务室发生的医疗纠纷和医疗损害由乙方依法承担责任；因甲方设施缺陷造成的损害由甲方承担责任。',
        disputeResolution: '双方协商解决；协商不成的，提请闽侯县卫生健康局调解，调解不成的向闽侯县人民法院提起诉讼。',
      },
      staff: [
        { name: '黄文忠', practisingCertificateNumber: '210350121000418', multiSiteFiled: true },
        { name: '陈美娇', practisingCertificateNumber: '201735002816', multiSiteFiled: false },
      ],
      fileName: '南通镇敬老院医务室委托管理协议.pdf',
    },
    target: 'ACTIVE',
  },
  {
    key: 'helin-nursing',
    elderly: 'n-helin',
    medical: 'h-nursing',
    mode: 'MULTI_LEVEL',
    term: (t) => {
      const effectiveTo = addDays(t, 20);
      return { effectiveFrom: addDays(addYears(effectiveTo, -1), 1), effectiveTo };
    },
    content: {
      services: [{ code: 'TWO_WAY_REFERRAL' }, { code: 'NURSING' }, { code: 'HOSPICE' }, { code: 'REGULAR_VISITS', frequency: 'BIWEEKLY' }],
      fees: [{ item: '护理会诊', amountFen: 8000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' }],
      responsibilities: {
        elderlyParty: ELDERLY_DUTIES.slice(0, 3),
        medicalParty: ['接收失能、半失能老人住院护理', '提供安宁疗护床位', '每两周派护理专家到院指导'],
      },
      breachLiability: BREACH,
      site: null,
      entrustment: null,
      staff: [],
      fileName: '鹤林康养中心与康宁护理院合作协议.pdf',
    },
    target: 'ACTIVE',
    renewalYears: 2,
  },
  {
    key: 'welfare-rehab',
    elderly: 'n-welfare',
    medical: 'h-rehab',
    mode: 'MULTI_LEVEL',
    term: (t) => {
      const effectiveFrom = addDays(t, 7) <= monthStart(t, 1) ? monthStart(t, 1) : monthStart(t, 2);
      return { effectiveFrom, effectiveTo: addDays(monthStart(effectiveFrom, 36), -1) };
    },
    content: {
      services: [
        { code: 'REHABILITATION' },
        { code: 'TWO_WAY_REFERRAL' },
        { code: 'STAFF_TRAINING' },
        { code: 'REGULAR_VISITS', frequency: 'MONTHLY' },
      ],
      fees: [{ item: '康复评估', amountFen: 12000, unit: 'PER_SERVICE', payer: 'RESIDENT' }],
      responsibilities: {
        elderlyParty: ELDERLY_DUTIES.slice(0, 3),
        medicalParty: ['为术后及脑卒中恢复期老人提供康复治疗', '每月派康复治疗师到院评估', '培训甲方护理员掌握康复护理技能'],
      },
      breachLiability: BREACH,
      site: null,
      entrustment: null,
      staff: [],
      fileName: '仓山区社会福利院与仓山康复医院康复合作协议.pdf',
    },
    target: 'SIGNED',
  },
  {
    key: 'houguan-nantong',
    elderly: 'n-houguan',
    medical: 'c-nantong',
    mode: 'PRIMARY_CARE',
    term: (t) => ({ effectiveFrom: monthStart(t, -10), effectiveTo: monthEnd(t, 13) }),
    content: {
      services: [
        { code: 'FAMILY_DOCTOR', frequency: 'BIWEEKLY' },
        { code: 'HEALTH_MANAGEMENT', frequency: 'QUARTERLY' },
        { code: 'TWO_WAY_REFERRAL' },
      ],
      fees: [],
      responsibilities: {
        elderlyParty: ['组织老人参加健康体检', '及时报告老人健康异常'],
        medicalParty: ['每两周派家庭医生到幸福院巡诊', '每季度开展健康评估'],
      },
      breachLiability: BREACH,
      site: null,
      entrustment: null,
      staff: [],
      fileName: '侯官村幸福院与南通镇卫生院签约服务协议.pdf',
    },
    target: 'TERMINATED',
    terminateReason: '侯官村幸福院改建为村级日间照料站，不再提供住养服务，经双方协商一致提前终止本协议。',
  },
  {
    key: 'leling-wufeng',
    elderly: 'n-leling',
    medical: 'c-wufeng',
    mode: 'PRIMARY_CARE',
    term: (t) => ({ effectiveFrom: monthStart(t, 1), effectiveTo: monthEnd(t, 24) }),
    content: {
      services: [
        { code: 'FAMILY_DOCTOR', frequency: 'WEEKLY' },
        { code: 'HEALTH_MANAGEMENT', frequency: 'MONTHLY' },
        { code: 'INFECTION_CONTROL' },
      ],
      fees: [{ item: '家庭医生签约服务包', amountFen: 1000, unit: 'PER_RESIDENT_PER_MONTH', payer: 'INSURANCE' }],
      responsibilities: {
        elderlyParty: ELDERLY_DUTIES.slice(0, 2),
        medicalParty: ['组建家庭医生团队与入住老人签约', '每月开展健康管理和慢病随访'],
      },
      breachLiability: BREACH,
      site: null,
      entrustment: null,
      staff: [],
      fileName: '乐龄颐养院与五凤街道社区卫生服务中心签约服务协议（草稿）.pdf',
    },
    target: 'DRAFT',
  },
  {
    key: 'leling-rehab',
    elderly: 'n-leling',
    medical: 'h-rehab',
    mode: 'MULTI_LEVEL',
    term: (t) => ({ effectiveFrom: monthStart(t, 1), effectiveTo: monthEnd(t, 36) }),
    content: {
      services: [{ code: 'REHABILITATION' }, { code: 'TWO_WAY_REFERRAL' }, { code: 'TELEMEDICINE' }],
      fees: [{ item: '远程康复指导', amountFen: 6000, unit: 'PER_SERVICE', payer: 'RESIDENT' }],
      responsibilities: {
        elderlyParty: ELDERLY_DUTIES.slice(0, 3),
        medicalParty: ['接收术后及卒中恢复期老人康复住院', '每月一次远程康复指导'],
      },
      breachLiability: BREACH,
      site: null,
      entrustment: null,
      staff: [],
      fileName: '乐龄颐养院与仓山康复医院康复合作协议.pdf',
    },
    target: 'SUBMITTED',
  },
  {
    key: 'helin-general',
    elderly: 'n-helin',
    medical: 'h-general',
    mode: 'MULTI_LEVEL',
    term: (t) => ({ effectiveFrom: monthStart(t, 1), effectiveTo: monthEnd(t, 24) }),
    content: {
      services: [{ code: 'TWO_WAY_REFERRAL' }, { code: 'EMERGENCY_GREEN_CHANNEL' }, { code: 'REGULAR_VISITS', frequency: 'WEEKLY' }],
      fees: [{ item: '医生巡诊服务费', amountFen: 20000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' }],
      responsibilities: { elderlyParty: ELDERLY_DUTIES, medicalParty: MEDICAL_DUTIES },
      breachLiability: BREACH,
      site: null,
      entrustment: null,
      staff: [],
      fileName: '鹤林康养中心与榕城人民医院合作协议.pdf',
    },
    target: 'REJECTED',
    rejectReason: '我院老年医学科本年度签约机构已满，且贵中心距我院车程较远，建议与就近的闽都中医院或康宁护理院签约合作。',
  },
];

/** The request's content fields (filing and amendment share them); the document is named by its upload (uploadPaper). */
export function contentBody(c: AgreementContent) {
  return {
    services: c.services.map((s) => ({ code: s.code, ...(s.frequency ? { frequency: s.frequency } : {}) })),
    fees: c.fees,
    responsibilities: c.responsibilities,
    breachLiability: c.breachLiability,
    site: c.site,
    entrustment: c.entrustment,
    staff: c.staff,
  };
}

/** POST /v1/agreements body of a plan, given the institutions' ids. */
export function agreementBody(plan: AgreementPlan, ids: Record<string, string>, today: string) {
  return {
    elderlyInstitutionId: ids[plan.elderly],
    medicalInstitutionId: ids[plan.medical],
    mode: plan.mode,
    ...contentBody(plan.content),
    term: plan.term(today),
  };
}

// ── the referrals ───────────────────────────────────────────────────────────────────────────────

export type ReferralStep =
  | { action: 'receive' }
  | { action: 'accept'; arrivalInMinutes: number }
  | { action: 'arrive' }
  | { action: 'complete'; dischargeSummary: string; returnTo?: string }
  | { action: 'reject'; reasonCode: RejectionReason; comment: string }
  | { action: 'return'; advice: string }
  | { action: 'cancel'; reason: string };

export const STATUS_AFTER: Record<ReferralStep['action'], string> = {
  receive: 'RECEIVED',
  accept: 'ACCEPTED',
  arrive: 'ARRIVED',
  complete: 'COMPLETED',
  reject: 'REJECTED',
  return: 'RETURNED_WITH_ADVICE',
  cancel: 'CANCELLED',
};

export interface ReferralPlan {
  key: string;
  direction: ReferralDirection;
  from: string;
  to: string;
  priority: ReferralPriority;
  patient: PatientSeed;
  indication: Indication;
  icd10: string;
  summary: string;
  vitals: Record<string, number | string>;
  steps: ReferralStep[];
}

export const REFERRALS: ReferralPlan[] = [
  {
    key: 'hip-fracture',
    direction: 'UP',
    from: 'n-leling',
    to: 'h-general',
    priority: 'URGENT',
    patient: { name: '林桂英', sex: 'F', birthDate: '1938-04-17', origin: '350102', seq: 23, insurance: 'URBAN_EMPLOYEE' },
    indication: 'FALL_OR_FRACTURE',
    icd10: 'S72.0',
    summary: '夜间如厕时跌倒，右髋部疼痛、不能站立，右下肢短缩外旋，疑右股骨颈骨折。既往高血压、骨质疏松。',
    vitals: { bpSystolic: 152, bpDiastolic: 88, heartRate: 92, respiratoryRate: 18, temperature: 36.8, spo2: 96, consciousness: 'ALERT' },
    steps: [
      { action: 'receive' },
      { action: 'accept', arrivalInMinutes: 60 },
      { action: 'arrive' },
      {
        action: 'complete',
        dischargeSummary:
          '右股骨颈骨折（Garden III型），行右侧人工股骨头置换术，术后恢复顺利，切口愈合良好。出院后助行器辅助行走，继续髋关节康复训练，6周内避免髋关节过度屈曲及内收；继续抗骨质疏松治疗，术后4周骨科门诊复查。',
        returnTo: 'n-leling',
      },
    ],
  },
  {
    key: 'stroke',
    direction: 'UP',
    from: 'n-leling',
    to: 'h-general',
    priority: 'EMERGENCY',
    patient: { name: '陈德福', sex: 'M', birthDate: '1935-11-02', origin: '350103', seq: 41, insurance: 'URBAN_EMPLOYEE' },
    indication: 'SUSPECTED_STROKE',
    icd10: 'I63.9',
    summary: '午餐时突发言语含糊、右侧肢体无力，口角向左歪斜，发病约40分钟。既往高血压、心房颤动，长期口服华法林。',
    vitals: { bpSystolic: 182, bpDiastolic: 104, heartRate: 108, respiratoryRate: 20, temperature: 36.6, spo2: 95, consciousness: 'VOICE' },
    steps: [{ action: 'receive' }, { action: 'accept', arrivalInMinutes: 20 }, { action: 'arrive' }],
  },
  {
    key: 'chest-pain',
    direction: 'UP',
    from: 'n-leling',
    to: 'h-general',
    priority: 'EMERGENCY',
    patient: { name: '郑国平', sex: 'M', birthDate: '1944-02-28', origin: '350104', seq: 7, insurance: 'URBAN_EMPLOYEE' },
    indication: 'CHEST_PAIN',
    icd10: 'I20.0',
    summary: '胸骨后压榨样疼痛30分钟，含服硝酸甘油不能缓解，伴大汗、恶心。既往冠心病、2型糖尿病。',
    vitals: { bpSystolic: 160, bpDiastolic: 95, heartRate: 110, respiratoryRate: 22, spo2: 93, consciousness: 'ALERT' },
    steps: [{ action: 'receive' }, { action: 'accept', arrivalInMinutes: 30 }],
  },
  {
    key: 'pneumonia',
    direction: 'UP',
    from: 'n-leling',
    to: 'h-general',
    priority: 'URGENT',
    patient: { name: '黄秀珍', sex: 'F', birthDate: '1941-08-09', origin: '350102', seq: 58, insurance: 'URBAN_RURAL_RESIDENT' },
    indication: 'INFECTION_OR_FEVER',
    icd10: 'J18.9',
    summary: '发热2天，最高38.9℃，咳嗽、咳黄痰，活动后气促，右下肺可闻及湿啰音，院内口服抗生素效果不佳。',
    vitals: { bpSystolic: 128, bpDiastolic: 76, heartRate: 102, respiratoryRate: 24, temperature: 38.6, spo2: 92, consciousness: 'ALERT' },
    steps: [{ action: 'receive' }],
  },
  {
    key: 'copd',
    direction: 'UP',
    from: 'n-leling',
    to: 'h-general',
    priority: 'EMERGENCY',
    patient: { name: '张金水', sex: 'M', birthDate: '1939-06-21', origin: '350121', seq: 15, insurance: 'NEW_RURAL_COOPERATIVE' },
    indication: 'ACUTE_EXACERBATION',
    icd10: 'J44.1',
    summary: '慢阻肺病史10年，今晨喘憋明显加重，口唇发绀，吸氧3升/分下血氧饱和度仅88%。',
    vitals: { bpSystolic: 146, bpDiastolic: 90, heartRate: 115, respiratoryRate: 28, temperature: 37.4, spo2: 88, consciousness: 'ALERT' },
    steps: [],
  },
  {
    key: 'weight-loss',
    direction: 'UP',
    from: 'n-leling',
    to: 'h-general',
    priority: 'ROUTINE',
    patient: { name: '王淑芳', sex: 'F', birthDate: '1936-01-30', origin: '350102', seq: 64, insurance: 'URBAN_EMPLOYEE' },
    indication: 'NEEDS_DIAGNOSTICS',
    icd10: 'R63.4',
    summary: '近一月体重下降约4公斤，食欲差，偶有上腹部隐痛，需胃镜及腹部CT检查，院内无相应设备。',
    vitals: { bpSystolic: 118, bpDiastolic: 70, heartRate: 78, temperature: 36.5, spo2: 97 },
    steps: [],
  },
  {
    key: 'heart-failure',
    direction: 'UP',
    from: 'n-leling',
    to: 'h-general',
    priority: 'ROUTINE',
    patient: { name: '吴美华', sex: 'F', birthDate: '1947-10-13', origin: '350111', seq: 32, insurance: 'URBAN_RURAL_RESIDENT' },
    indication: 'ACUTE_EXACERBATION',
    icd10: 'I50.9',
    summary: '慢性心力衰竭，近一周双下肢水肿加重，夜间不能平卧，要求住院调整用药。',
    vitals: { bpSystolic: 138, bpDiastolic: 82, heartRate: 96, respiratoryRate: 22, spo2: 94 },
    steps: [
      { action: 'receive' },
      {
        action: 'reject',
        reasonCode: 'CAPACITY_FULL',
        comment: '心内科及老年医学科床位已满，预计3天后有空床。病情目前尚稳定，建议先经远程会诊调整利尿剂用量，必要时再次转诊。',
      },
    ],
  },
  {
    key: 'memory',
    direction: 'UP',
    from: 'n-leling',
    to: 'h-general',
    priority: 'ROUTINE',
    patient: { name: '刘长生', sex: 'M', birthDate: '1933-03-05', origin: '350102', seq: 9, insurance: 'URBAN_EMPLOYEE' },
    indication: 'NEEDS_DIAGNOSTICS',
    icd10: 'R41.3',
    summary: '近半年记忆力逐渐下降，家属要求住院行头颅影像检查。无肢体无力及言语障碍。',
    vitals: { bpSystolic: 134, bpDiastolic: 78, heartRate: 72, spo2: 97 },
    steps: [
      { action: 'receive' },
      {
        action: 'return',
        advice:
          '记忆力下降病程较长，无急性神经系统体征，无需住院。建议预约我院记忆门诊（每周三上午），先完成MMSE量表评估及门诊头颅MRI；如出现肢体无力、言语障碍，请立即按急诊转诊。',
      },
    ],
  },
  {
    key: 'wrist',
    direction: 'UP',
    from: 'n-leling',
    to: 'h-general',
    priority: 'URGENT',
    patient: { name: '李玉兰', sex: 'F', birthDate: '1942-12-01', origin: '350105', seq: 76, insurance: 'URBAN_EMPLOYEE' },
    indication: 'FALL_OR_FRACTURE',
    icd10: 'S52.5',
    summary: '散步时滑倒，左手撑地，左腕肿胀畸形、活动受限，疑左桡骨远端骨折。',
    vitals: { bpSystolic: 140, bpDiastolic: 84, heartRate: 88, spo2: 97, consciousness: 'ALERT' },
    steps: [{ action: 'cancel', reason: '家属已自行陪同老人前往骨科门诊就诊，取消本次转诊。' }],
  },
  {
    key: 'stroke-rehab-down',
    direction: 'DOWN',
    from: 'h-nursing',
    to: 'n-helin',
    priority: 'ROUTINE',
    patient: { name: '杨建国', sex: 'M', birthDate: '1949-07-19', origin: '350111', seq: 53, insurance: 'URBAN_EMPLOYEE' },
    indication: 'REHABILITATION',
    icd10: 'I69.3',
    summary: '脑梗死恢复期，右侧肢体肌力4级，可借助助行器短距离行走，生命体征平稳，转回养老机构继续康复护理。',
    vitals: { bpSystolic: 132, bpDiastolic: 80, heartRate: 74, spo2: 97, consciousness: 'ALERT' },
    steps: [{ action: 'receive' }, { action: 'accept', arrivalInMinutes: 24 * 60 }],
  },
  {
    key: 'dizziness',
    direction: 'UP',
    from: 'n-welfare',
    to: 'c-yingzhou',
    priority: 'ROUTINE',
    patient: { name: '何月娥', sex: 'F', birthDate: '1940-05-25', origin: '350104', seq: 38, insurance: 'URBAN_RURAL_RESIDENT' },
    indication: 'NEEDS_DIAGNOSTICS',
    icd10: 'R42',
    summary: '反复头晕一周，体位改变时明显，无呕吐，需行头颅CT检查。',
    vitals: { bpSystolic: 158, bpDiastolic: 92, heartRate: 80, spo2: 97 },
    steps: [
      { action: 'receive' },
      { action: 'reject', reasonCode: 'OUT_OF_SCOPE', comment: '本中心无CT设备，无法完成该检查，建议直接转诊至榕城人民医院神经内科。' },
    ],
  },
  {
    key: 'uti',
    direction: 'UP',
    from: 'n-nantong',
    to: 'c-nantong',
    priority: 'ROUTINE',
    patient: { name: '徐宝珠', sex: 'F', birthDate: '1937-09-14', origin: '350121', seq: 27, insurance: 'NEW_RURAL_COOPERATIVE' },
    indication: 'INFECTION_OR_FEVER',
    icd10: 'N30.0',
    summary: '尿频、尿急伴低热2天，体温37.8℃，下腹部轻压痛。',
    vitals: { bpSystolic: 126, bpDiastolic: 74, heartRate: 90, temperature: 37.8, spo2: 97 },
    steps: [
      { action: 'receive' },
      { action: 'accept', arrivalInMinutes: 45 },
      { action: 'arrive' },
      {
        action: 'complete',
        dischargeSummary: '急性膀胱炎，予口服抗生素治疗3天，症状缓解，复查尿常规正常，返回敬老院，嘱多饮水，1周后复诊。',
      },
    ],
  },
  {
    key: 'diabetes',
    direction: 'UP',
    from: 'n-helin',
    to: 'h-tcm',
    priority: 'ROUTINE',
    patient: { name: '蔡永福', sex: 'M', birthDate: '1945-04-08', origin: '350111', seq: 61, insurance: 'URBAN_EMPLOYEE' },
    indication: 'ACUTE_EXACERBATION',
    icd10: 'E11.9',
    summary: '2型糖尿病，近两周血糖波动大，空腹血糖12 mmol/L左右，需住院调整降糖方案。',
    vitals: { bpSystolic: 136, bpDiastolic: 82, heartRate: 84, spo2: 97 },
    steps: [],
  },
];

/** A referral the referral service must refuse: the pair has no agreement (a compliance finding for regulators). */
export const REFUSED_REFERRAL: ReferralPlan = {
  key: 'outside-agreement',
  direction: 'UP',
  from: 'n-houguan',
  to: 'h-general',
  priority: 'URGENT',
  patient: { name: '陈依伯', sex: 'M', birthDate: '1934-02-11', origin: '350121', seq: 82, insurance: 'NEW_RURAL_COOPERATIVE' },
  indication: 'INFECTION_OR_FEVER',
  icd10: 'J18.9',
  summary: '发热伴咳嗽3天，精神差，进食减少。',
  vitals: { temperature: 38.4, heartRate: 98, spo2: 94 },
  steps: [],
};

/** POST /v1/referrals body of a plan. */
export function referralBody(plan: ReferralPlan, ids: Record<string, string>) {
  return {
    direction: plan.direction,
    fromInstitutionId: ids[plan.from],
    toInstitutionId: ids[plan.to],
    priority: plan.priority,
    patient: {
      name: plan.patient.name,
      sex: plan.patient.sex,
      birthDate: plan.patient.birthDate,
      idNumber: residentIdOf(plan.patient),
      insurance: plan.patient.insurance,
    },
    indication: plan.indication,
    icd10: plan.icd10,
    summary: plan.summary,
    vitals: plan.vitals,
  };
}

/** The statuses a referral passes through under its plan, REQUESTED first. */
export const referralPath = (plan: ReferralPlan): string[] => ['REQUESTED', ...plan.steps.map((s) => STATUS_AFTER[s.action])];

// ── the sign-in accounts ────────────────────────────────────────────────────────────────────────

export interface SignInAccount {
  username: string;
  role: 'registrar' | 'regulator' | 'elderly-admin' | 'medical-admin' | 'referral-desk';
  /** firstName: the whole 姓名 */
  displayName: string;
  institution?: string;
  division?: string;
}

export const SIGN_IN_ACCOUNTS: SignInAccount[] = [
  { username: 'demo-registrar', role: 'registrar', displayName: '郑雅琴' },
  { username: 'demo-regulator', role: 'regulator', displayName: '黄建华', division: '3501' },
  { username: 'demo-home-admin', role: 'elderly-admin', displayName: '陈美玲', institution: 'n-leling' },
  { username: 'demo-hospital-admin', role: 'medical-admin', displayName: '林志强', institution: 'h-general' },
  { username: 'demo-desk', role: 'referral-desk', displayName: '王丽娟', institution: 'h-general' },
];

/** A password the realm's policy accepts: ≥ 10 characters with upper- and lower-case letters and digits. */
export function newPassword(): string {
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const lower = 'abcdefghijkmnpqrstuvwxyz';
  const digits = '23456789';
  const pick = (set: string, n: number) => Array.from({ length: n }, () => set[randomInt(set.length)]).join('');
  return `${pick(upper, 1)}${pick(lower, 5)}-${pick(digits, 4)}-${pick(upper, 1)}${pick(lower, 2)}`;
}

/** Columns a terminal gives the text: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

/** A plain-text table, columns padded by display width. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - displayWidth(c))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// ── talking to the platform ─────────────────────────────────────────────────────────────────────

/** Stops the run with one sentence. */
export class DemoStop extends Error {}

const say = (message: string) => process.stderr.write(`[demo] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ServiceUrls {
  registry: string;
  contract: string;
  referral: string;
  notification: string;
}

export function serviceUrls(env: NodeJS.ProcessEnv = process.env): ServiceUrls {
  const url = (variable: string, portVariable: string, port: number) =>
    (env[variable] ?? `http://127.0.0.1:${env[portVariable] ?? port}`).replace(/\/$/, '');
  return {
    registry: url('INSTITUTION_REGISTRY_URL', 'INSTITUTION_REGISTRY_PORT', 3001),
    contract: url('CONTRACT_URL', 'CONTRACT_PORT', 3002),
    referral: url('REFERRAL_URL', 'REFERRAL_PORT', 3003),
    notification: url('NOTIFICATION_URL', 'NOTIFICATION_PORT', 3004),
  };
}

const START_FIRST = 'run `npm start` first and wait for "the platform is up"';

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

interface CallOptions {
  token?: string;
  /** sent as JSON; a Buffer as it is (an upload: its Content-Type in `headers`) */
  body?: unknown;
  headers?: Record<string, string>;
  ifMatch?: number;
  idempotencyKey?: string;
  /** problem codes that mean "not yet": retried until the deadline */
  retryWhile?: string[];
  deadlineMs?: number;
}

async function send(method: string, url: string, o: CallOptions): Promise<Reply> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...(o.ifMatch === undefined ? {} : { 'if-match': `"${o.ifMatch}"` }),
        ...(o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {}),
        ...o.headers,
      },
      body: o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : JSON.stringify(o.body),
      signal: AbortSignal.timeout(20_000),
    });
  } catch (err) {
    throw new DemoStop(
      `${new URL(url).origin} did not answer (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}): ${START_FIRST}.`,
    );
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { detail: text.slice(0, 300) };
  }
  return { status: res.status, body, headers: res.headers };
}

/** One request that must succeed: a refusal stops the run with the service's problem detail. */
async function call<T = Record<string, unknown>>(what: string, method: string, url: string, o: CallOptions = {}): Promise<T> {
  const deadline = Date.now() + (o.deadlineMs ?? 60_000);
  for (;;) {
    const reply = await send(method, url, o);
    if (reply.status >= 200 && reply.status < 300) return reply.body as T;
    const code = typeof reply.body.code === 'string' ? reply.body.code : '';
    const transient = reply.status === 429 || reply.status === 503 || (reply.status === 409 && code === 'IDEMPOTENCY_IN_PROGRESS');
    if ((transient || (o.retryWhile ?? []).includes(code)) && Date.now() < deadline) {
      const after = Number(reply.headers.get('retry-after'));
      await sleep(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 5000) : 500);
      continue;
    }
    throw new DemoStop(`${what}: ${problemText(reply)}`);
  }
}

function problemText(reply: Reply): string {
  const b = reply.body;
  const fields = Array.isArray(b.errors)
    ? ` (${(b.errors as { field: string; message: string }[]).map((e) => `${e.field} ${e.message}`).join('; ')})`
    : '';
  return `${reply.status} ${typeof b.code === 'string' ? b.code : ''} — ${typeof b.detail === 'string' ? b.detail : typeof b.title === 'string' ? b.title : 'no detail'}${fields}`;
}

// ── state files ─────────────────────────────────────────────────────────────────────────────────

interface ItemState {
  id: string;
  done: boolean;
}

interface DemoState {
  /** a fresh data set gets a fresh generation (it names the Idempotency-Keys) */
  generation: string;
  createdAt: string;
  complete: boolean;
  institutions: Record<string, string>;
  agreements: Record<string, ItemState & { successorId?: string; amended?: boolean }>;
  referrals: Record<string, ItemState & { linkedId?: string }>;
  refused?: boolean;
}

function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function writeJson(file: string, value: unknown, mode = 0o644): void {
  mkdirSync(join(ROOT, '.local'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  renameSync(tmp, file);
}

const freshState = (): DemoState => ({
  generation: randomBytes(6).toString('hex'),
  createdAt: new Date().toISOString(),
  complete: false,
  institutions: {},
  agreements: {},
  referrals: {},
});

// ── the run ─────────────────────────────────────────────────────────────────────────────────────

type Role = SignInAccount['role'];

interface Run {
  urls: ServiceUrls;
  state: DemoState;
  save: () => void;
  today: string;
  /** an access token of the development account acting for that institution in that role */
  token: (role: Role, institutionKey?: string) => Promise<string>;
  key: (item: string) => string;
}

async function ensureReachable(urls: ServiceUrls, keycloakUp: () => Promise<boolean>): Promise<void> {
  for (const [name, base] of Object.entries(urls)) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      let status: number;
      try {
        status = (await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(5000) })).status;
      } catch {
        throw new DemoStop(`The ${name} service does not answer at ${base}: ${START_FIRST}.`);
      }
      if (status === 200) break;
      if (Date.now() > deadline)
        throw new DemoStop(
          `The ${name} service at ${base} answers but is not ready (${status} on /health/ready); check the \`npm start\` log.`,
        );
      await sleep(1000);
    }
  }
  if (!(await keycloakUp())) throw new DemoStop(`Keycloak does not answer: ${START_FIRST}.`);
}

/** The USCCs of the catalogue already in the registry (a data set whose state file was lost), by key. */
async function findByUscc(run: Run): Promise<Record<string, string>> {
  const registrar = await run.token('registrar');
  const wanted = new Map(INSTITUTIONS.map((s) => [registrationBody(s).uscc, s.key]));
  const found: Record<string, string> = {};
  for (const division of [...new Set(INSTITUTIONS.map((s) => s.divisionCode))]) {
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const query: string = `division=${division}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const list = await call<{ items: { id: string; uscc: string }[]; nextCursor: string | null }>(
        'listing the registry',
        'GET',
        `${run.urls.registry}/v1/institutions?${query}`,
        { token: registrar },
      );
      for (const item of list.items) if (wanted.has(item.uscc)) found[wanted.get(item.uscc)!] = item.id;
      cursor = list.nextCursor;
      if (!cursor) break;
    }
  }
  return found;
}

async function registerInstitutions(run: Run): Promise<void> {
  const registrar = await run.token('registrar');
  for (const seed of INSTITUTIONS) {
    if (run.state.institutions[seed.key]) continue;
    const created = await call<{ id: string }>(`registering ${seed.name}`, 'POST', `${run.urls.registry}/v1/institutions`, {
      token: registrar,
      body: registrationBody(seed),
      idempotencyKey: run.key(`institution-${seed.key}`),
    });
    run.state.institutions[seed.key] = created.id;
    run.save();
    say(`registered ${seed.name} (${seed.kind}, ${seed.divisionCode})`);
  }
}

interface AgreementReply {
  id: string;
  version: number;
  status: string;
  term: { effectiveFrom: string; effectiveTo: string };
  pendingAmendment: { documentVersion: number | null } | null;
  attachedDocument: unknown;
}

/** Files, moves and records one agreement, resuming from its current state. Returns whether it was activated in this run. */
async function buildAgreement(run: Run, plan: AgreementPlan): Promise<number> {
  const ids = run.state.institutions;
  const label = `agreement ${institutionByKey(plan.elderly).short} ↔ ${institutionByKey(plan.medical).short} (${plan.mode})`;
  const elderly = () => run.token('elderly-admin', plan.elderly);
  const medical = () => run.token('medical-admin', plan.medical);
  const base = `${run.urls.contract}/v1/agreements`;
  let record = run.state.agreements[plan.key];
  if (record?.done) return 0;
  let a: AgreementReply;
  if (!record) {
    a = await call<AgreementReply>(`filing ${label}`, 'POST', base, {
      token: await elderly(),
      body: agreementBody(plan, ids, run.today),
      idempotencyKey: run.key(`agreement-${plan.key}-${run.today}`),
      retryWhile: ['PARTY_UNKNOWN'], // the contract service learns of new institutions from institution.events
    });
    record = run.state.agreements[plan.key] = { id: a.id, done: false };
    run.save();
  } else {
    a = await call<AgreementReply>(`reading ${label}`, 'GET', `${base}/${record.id}`, { token: await elderly() });
  }
  let activated = 0;
  const id = record.id;
  const step = async (what: string, path: string, token: string, body?: unknown) =>
    call<AgreementReply>(`${what} ${label}`, 'POST', `${base}/${id}/${path}`, { token, ifMatch: a.version, body });
  // the signed paper, uploaded by the elderly-care party before submitting: countersigning needs it (a DRAFT stays without)
  const uploadPaper = async (what: string, content: AgreementContent) => {
    const upload = signedCopyUpload(id, a.version, {
      bytes: signedAgreementPdf(`Yiyang Connect demo: ${plan.key} - signed copy`),
      fileName: content.fileName,
    });
    return call<AgreementReply>(`uploading ${what} of ${label}`, 'POST', `${run.urls.contract}${upload.path}`, {
      token: await elderly(),
      headers: upload.headers,
      body: upload.body,
    });
  };
  if (plan.target !== 'DRAFT' && a.status === 'DRAFT' && !a.attachedDocument) a = await uploadPaper('the signed paper', plan.content);
  if (plan.target !== 'DRAFT' && a.status === 'DRAFT') a = await step('submitting', 'submit', await elderly());
  if (plan.target === 'REJECTED' && a.status === 'SUBMITTED')
    a = await step('rejecting', 'reject', await medical(), { reason: plan.rejectReason });
  if (['SIGNED', 'ACTIVE', 'TERMINATED'].includes(plan.target) && a.status === 'SUBMITTED') {
    a = await step('countersigning', 'countersign', await medical());
    if (a.status === 'ACTIVE') activated++;
  }
  if (plan.target === 'TERMINATED' && a.status === 'ACTIVE') {
    a = await step('terminating', 'terminate', await elderly(), { reason: plan.terminateReason, effectiveOn: run.today });
  }
  if (plan.amendment && a.status === 'ACTIVE' && !a.pendingAmendment && !record.amended) {
    a = await step('proposing an amendment to', 'amend', await medical(), contentBody(plan.amendment));
    record.amended = true;
    run.save();
  }
  // the amendment's signed paper, so that it can be countersigned (it is left pending for the visitor to do)
  if (plan.amendment && a.status === 'ACTIVE' && a.pendingAmendment && !a.pendingAmendment.documentVersion)
    a = await uploadPaper('the signed amendment', plan.amendment);
  if (plan.renewalYears && a.status === 'ACTIVE' && !record.successorId) {
    const successor = await call<AgreementReply>(`renewing ${label}`, 'POST', `${base}/${record.id}/renew`, {
      token: await medical(),
      ifMatch: a.version,
      body: { term: { effectiveTo: addYears(a.term.effectiveTo, plan.renewalYears) } },
      idempotencyKey: run.key(`renewal-${plan.key}-${run.today}`),
    });
    record.successorId = successor.id;
  }
  if (a.status !== plan.target) throw new DemoStop(`${label} ended ${a.status}, not ${plan.target} as planned`);
  record.done = true;
  run.save();
  say(`${label}: ${a.status}${record.amended ? ', amendment pending' : ''}${record.successorId ? ', renewal SUBMITTED' : ''}`);
  return activated;
}

/** Applied `agreement.activated` events in the referral service's consumer, from its metrics (null: unreadable). */
async function activationsSeen(urls: ServiceUrls): Promise<number | null> {
  try {
    const text = await (await fetch(`${urls.referral}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    let n = 0;
    for (const line of text.split('\n')) {
      if (
        line.startsWith('events_consumed_total{') &&
        line.includes('type="yiyang.agreement.activated.v1"') &&
        line.includes('outcome="applied"')
      )
        n += Number(line.split(' ').pop());
    }
    return n;
  } catch {
    return null;
  }
}

interface ReferralReply {
  id: string;
  version: number;
  status: string;
  linkedReferralId: string | null;
}

/** The acting token of an institution's referral staff: medical institutions' desks, elderly-care administrators. */
const staffOf = (run: Run, key: string) =>
  run.token(institutionByKey(key).category === 'ELDERLY_CARE' ? 'elderly-admin' : 'referral-desk', key);

async function buildReferral(run: Run, plan: ReferralPlan): Promise<void> {
  const ids = run.state.institutions;
  const label = `referral ${plan.key} (${plan.direction} ${plan.priority}, ${institutionByKey(plan.from).short} → ${institutionByKey(plan.to).short})`;
  const base = `${run.urls.referral}/v1/referrals`;
  let record = run.state.referrals[plan.key];
  if (record?.done) return;
  let r: ReferralReply;
  if (!record) {
    r = await call<ReferralReply>(`requesting ${label}`, 'POST', base, {
      token: await staffOf(run, plan.from),
      body: referralBody(plan, ids),
      idempotencyKey: run.key(`referral-${plan.key}`),
      retryWhile: ['PARTY_UNKNOWN'], // the referral service learns of new institutions from institution.events
    });
    record = run.state.referrals[plan.key] = { id: r.id, done: false };
    run.save();
  } else {
    r = await call<ReferralReply>(`reading ${label}`, 'GET', `${base}/${record.id}`, { token: await staffOf(run, plan.from) });
  }
  const path = referralPath(plan);
  const at = path.lastIndexOf(r.status);
  if (at < 0) throw new DemoStop(`${label} is ${r.status}, which its plan never reaches`);
  for (const s of plan.steps.slice(at)) {
    const token = await staffOf(run, s.action === 'cancel' ? plan.from : plan.to);
    let body: unknown;
    if (s.action === 'accept') body = { expectedArrivalAt: new Date(Date.now() + s.arrivalInMinutes * 60_000).toISOString() };
    else if (s.action === 'complete') body = { dischargeSummary: s.dischargeSummary, ...(s.returnTo ? { returnTo: ids[s.returnTo] } : {}) };
    else if (s.action === 'reject') body = { reasonCode: s.reasonCode, comment: s.comment };
    else if (s.action === 'return') body = { advice: s.advice };
    else if (s.action === 'cancel') body = { reason: s.reason };
    r = await call<ReferralReply>(`${s.action} ${label}`, 'POST', `${base}/${record.id}/${s.action}`, { token, ifMatch: r.version, body });
  }
  if (r.linkedReferralId) record.linkedId = r.linkedReferralId;
  record.done = true;
  run.save();
  say(`${label}: ${r.status}${r.linkedReferralId ? ' (a linked DOWN referral back to the home is REQUESTED)' : ''}`);
}

/** The attempt without an agreement: must be refused with AGREEMENT_REQUIRED (and nothing else). */
async function attemptOutsideAgreement(run: Run): Promise<void> {
  if (run.state.refused) return;
  const plan = REFUSED_REFERRAL;
  const label = `${institutionByKey(plan.from).short} → ${institutionByKey(plan.to).short}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const reply = await send('POST', `${run.urls.referral}/v1/referrals`, {
      token: await staffOf(run, plan.from),
      body: referralBody(plan, run.state.institutions),
    });
    if (reply.status === 422 && reply.body.code === 'PARTY_UNKNOWN' && Date.now() < deadline) {
      await sleep(500);
      continue;
    }
    if (reply.status === 422 && reply.body.code === 'AGREEMENT_REQUIRED') break;
    throw new DemoStop(
      `a referral ${label} without an agreement should be refused with AGREEMENT_REQUIRED, but the answer was ${problemText(reply)}`,
    );
  }
  run.state.refused = true;
  run.save();
  say(`a referral ${label} (no agreement) was refused as expected: REFERRAL_OUTSIDE_AGREEMENT for the regulator`);
}

/** Ensures a sign-in account and returns its password (the kept one if it still signs in). */
async function ensureSignInAccount(
  admin: KeycloakAdmin,
  issuer: string,
  account: SignInAccount,
  institutionId: string | undefined,
  kept: string | undefined,
): Promise<string> {
  const attributes: Record<string, string[]> = {};
  if (institutionId) attributes.institutionId = [institutionId];
  if (account.division) attributes.division = [account.division];
  const [user] = await admin.findUsers({ username: account.username, max: 1 });
  let userId = user?.id;
  if (!userId) {
    userId = await admin.createUser({
      username: account.username,
      firstName: account.displayName,
      attributes,
      enabled: true,
      requiredActions: [],
    });
  } else {
    await admin.updateUser(userId, { firstName: account.displayName, attributes, enabled: true, requiredActions: [] });
  }
  const held = await admin.realmRolesOf(userId);
  await admin.addRealmRoles(
    userId,
    [account.role].filter((r) => !held.includes(r)),
  );
  if (kept) {
    try {
      await passwordGrant(issuer, DEV_CLIENT_ID, account.username, kept);
      return kept;
    } catch {
      // reset below (e.g. Keycloak's schema was reset)
    }
  }
  const password = newPassword();
  await admin.resetPassword(userId, password, false);
  await passwordGrant(issuer, DEV_CLIENT_ID, account.username, password);
  return password;
}

async function main(): Promise<void> {
  const urls = serviceUrls();
  await ensureReachable(urls, () => keycloakAnswers(5000));

  const { issuer } = keycloakSettings();
  const admin = localRealmAdmin();
  await ensureDevClient(admin);

  const tokens = new Map<string, Promise<string>>();
  let state = readJson<DemoState>(STATE_FILE) ?? freshState();
  const run: Run = {
    urls,
    get state() {
      return state;
    },
    save: () => writeJson(STATE_FILE, state),
    today: chinaDate(new Date()),
    key: (item) => `demo-${state.generation}-${item}`,
    token: (role, institutionKey) => {
      const id = institutionKey ? state.institutions[institutionKey] : undefined;
      const cacheKey = `${role}:${institutionKey ?? ''}:${id ?? ''}`;
      if (!tokens.has(cacheKey)) {
        const seed = institutionKey ? institutionByKey(institutionKey) : undefined;
        const person = role === 'registrar' ? '周晓明' : role === 'referral-desk' ? seed?.people.desk : seed?.people.admin;
        tokens.set(
          cacheKey,
          devAccountTokens(admin, issuer, {
            roles: [role],
            institutionId: id,
            username: `demo-staff-${institutionKey ?? 'province'}-${role}`,
            displayName: person ?? `${seed?.short ?? ''}${role}`,
          }).then((t) => t.accessToken),
        );
      }
      return tokens.get(cacheKey)!;
    },
  };

  // Is the data set there? The institutions of .local/demo.json must still exist (the schemas not reset).
  const recorded = Object.values(state.institutions);
  let gone = false;
  if (recorded.length) {
    const registrar = await run.token('registrar');
    for (const id of recorded) {
      const reply = await send('GET', `${urls.registry}/v1/institutions/${id}`, { token: registrar });
      if (reply.status === 404) {
        gone = true;
        break;
      }
      if (reply.status !== 200) throw new DemoStop(`reading institution ${id}: ${problemText(reply)}`);
    }
  }
  if (!gone && state.complete && recorded.length === INSTITUTIONS.length) {
    say('the demo data set is already there (.local/demo.json); printing the sign-in accounts');
  } else {
    if (gone || recorded.length === 0) {
      if (gone) say('the institutions in .local/demo.json are gone (were the schemas reset?): creating the data set afresh');
      state = freshState();
      const found = await findByUscc(run);
      if (Object.keys(found).length === INSTITUTIONS.length) {
        // a whole data set whose state file was lost: keep it rather than double it
        state.institutions = found;
        state.complete = true;
        run.save();
        say('the registry already holds every demo institution (found by USCC): keeping that data set and printing the sign-in accounts');
      } else if (Object.keys(found).length) {
        state.institutions = found;
        say(`the registry already holds ${Object.keys(found).length} of the demo institutions: keeping them and creating the rest`);
      }
    } else {
      say('resuming an interrupted run (.local/demo.json)');
    }
    if (!state.complete) await build(run);
  }

  // the sign-in accounts, each with the password kept from the first run
  const kept = readJson<{ accounts: Record<string, { password: string }> }>(ACCOUNTS_FILE)?.accounts ?? {};
  const passwords: Record<string, { password: string }> = {};
  for (const account of SIGN_IN_ACCOUNTS) {
    const institutionId = account.institution ? state.institutions[account.institution] : undefined;
    passwords[account.username] = {
      password: await ensureSignInAccount(admin, issuer, account, institutionId, kept[account.username]?.password),
    };
  }
  writeJson(
    ACCOUNTS_FILE,
    { note: 'sign-in accounts of `npm run demo` (local Keycloak realm yiyang); passwords are not temporary', accounts: passwords },
    0o600,
  );

  const consoleUrl = process.env.CONSOLE_URL ?? `http://127.0.0.1:${process.env.CONSOLE_PORT ?? 8080}/`;
  const roleLabel: Record<Role, string> = {
    registrar: 'registrar 登记员',
    regulator: 'regulator 监管',
    'elderly-admin': 'elderly-admin 养老机构管理员',
    'medical-admin': 'medical-admin 医疗机构管理员',
    'referral-desk': 'referral-desk 转诊台',
  };
  const rows = SIGN_IN_ACCOUNTS.map((a) => [
    roleLabel[a.role],
    a.username,
    passwords[a.username].password,
    a.displayName,
    a.institution ? institutionByKey(a.institution).name : a.division ? `福州市（辖区 ${a.division}）` : '全省机构登记',
  ]);
  process.stdout.write(
    [
      `Demo accounts: sign in to the console at ${consoleUrl} (登录) with a username and password below.`,
      '',
      formatTable(['role', 'username', 'password', 'name', 'institution'], rows),
      '',
      `The passwords are kept in ${ACCOUNTS_FILE.replace(`${ROOT}/`, '')}; run \`npm run demo\` again to print this table.`,
      '',
    ].join('\n'),
  );
}

async function build(run: Run): Promise<void> {
  const started = Object.keys(run.state.agreements).length > 0;
  say(`${started ? 'completing' : 'creating'} the demo data set in 福建省福州市 (today is ${run.today}, China Standard Time)`);
  await registerInstitutions(run);

  const before = await activationsSeen(run.urls);
  let activated = 0;
  for (const plan of AGREEMENTS) activated += await buildAgreement(run, plan);

  // the referral service must know the ACTIVE agreements (from agreement.events) before a referral under them
  if (activated && before !== null) {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const seen = await activationsSeen(run.urls);
      if (seen !== null && seen >= before + activated) break;
      if (Date.now() > deadline)
        throw new DemoStop(
          `the referral service had not learnt of the ${activated} new ACTIVE agreements within 90 s (its /metrics shows ${seen ?? 'nothing'} activations applied); check the \`npm start\` log`,
        );
      await sleep(500);
    }
    say(`the referral service knows the ${activated} ACTIVE agreements`);
  }

  for (const plan of REFERRALS) await buildReferral(run, plan);
  await attemptOutsideAgreement(run);

  run.state.complete = true;
  run.save();
  summarise();
}

function summarise(): void {
  const count = (values: string[]) =>
    Object.entries(values.reduce<Record<string, number>>((m, v) => ({ ...m, [v]: (m[v] ?? 0) + 1 }), {}))
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  const kinds = count(INSTITUTIONS.map((i) => i.kind));
  const agreements = AGREEMENTS.map((p) => p.target).concat(AGREEMENTS.filter((p) => p.renewalYears).map(() => 'SUBMITTED'));
  const referrals = REFERRALS.map((p) => referralPath(p).at(-1)!).concat(
    REFERRALS.filter((p) => p.steps.some((s) => s.action === 'complete' && s.returnTo)).map(() => 'REQUESTED'),
  );
  say(`done: ${INSTITUTIONS.length} institutions (${kinds})`);
  say(
    `      ${agreements.length} agreements (${count(agreements)}; ${AGREEMENTS.filter((p) => p.amendment).length} amendment pending, ${AGREEMENTS.filter((p) => p.renewalYears).length} renewal awaiting countersignature)`,
  );
  say(`      ${referrals.length} referrals (${count(referrals)}), and 1 refused outside an agreement`);
  say('      no EXPIRED agreement or referral: those need the calendar. Unanswered referrals expire by themselves');
  say(
    '      (EMERGENCY after 1 h, URGENT 8 h, ROUTINE 72 h) and 鹤林康养中心 ↔ 康宁护理院 expires in 21 days unless its renewal is countersigned',
  );
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      say(err instanceof DemoStop ? err.message : `stopped: ${(err as Error).stack ?? String(err)}`);
      process.exit(1);
    },
  );
}
