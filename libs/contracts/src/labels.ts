import { AgreementMode, AgreementServiceCode, AgreementStatus, Frequency } from './agreement/vocabulary';
import { ComplianceRule, FindingStatus } from './compliance/events';
import { InstitutionStatus } from './institution/vocabulary';
import {
  Indication,
  InsuranceType,
  ReferralDirection,
  ReferralPriority,
  ReferralStatus,
  RejectionReason,
  Sex,
} from './referral/vocabulary';

/**
 * The words for the shared vocabularies' codes, in Chinese and English: what notices, printed forms and
 * exports show instead of a code. Each table `satisfies` a record over its vocabulary's type, so a new
 * code fails the type check until it is labelled here.
 */
export interface Label {
  zh: string;
  en: string;
}

export const PRIORITY_LABEL = {
  EMERGENCY: { zh: '急诊', en: 'emergency' },
  URGENT: { zh: '紧急', en: 'urgent' },
  ROUTINE: { zh: '普通', en: 'routine' },
} as const satisfies Record<ReferralPriority, Label>;

export const DIRECTION_LABEL = {
  UP: { zh: '上转', en: 'up' },
  DOWN: { zh: '下转', en: 'down' },
} as const satisfies Record<ReferralDirection, Label>;

export const REJECTION_REASON_LABEL = {
  CAPACITY_FULL: { zh: '床位已满', en: 'no bed available' },
  OUT_OF_SCOPE: { zh: '超出本院诊疗范围', en: 'outside what the institution treats' },
  INCOMPLETE_INFORMATION: { zh: '转诊资料不全', en: 'information incomplete' },
  PATIENT_UNSTABLE_FOR_TRANSFER: { zh: '病情不稳定，不宜转运', en: 'too unstable to transfer' },
  WRONG_DESTINATION: { zh: '应转往其他机构', en: 'should go elsewhere' },
  OTHER: { zh: '其他原因', en: 'other reason' },
} as const satisfies Record<RejectionReason, Label>;

export const INDICATION_LABEL = {
  ACUTE_EXACERBATION: { zh: '慢性病急性加重', en: 'acute exacerbation of a chronic disease' },
  SUSPECTED_STROKE: { zh: '疑似脑卒中', en: 'suspected stroke' },
  CHEST_PAIN: { zh: '胸痛', en: 'chest pain' },
  FALL_OR_FRACTURE: { zh: '跌倒或骨折', en: 'fall or fracture' },
  INFECTION_OR_FEVER: { zh: '感染或发热', en: 'infection or fever' },
  NEEDS_DIAGNOSTICS: { zh: '需要本机构不具备的检查', en: 'needs diagnostics not available at the sender' },
  STABLE_POST_ACUTE: { zh: '急性期后病情稳定', en: 'stable after acute care' },
  REHABILITATION: { zh: '康复', en: 'rehabilitation' },
  LONG_TERM_NURSING: { zh: '长期护理', en: 'long-term nursing' },
  PALLIATIVE_CARE: { zh: '安宁疗护', en: 'palliative care' },
} as const satisfies Record<Indication, Label>;

export const REFERRAL_STATUS_LABEL = {
  REQUESTED: { zh: '待认领', en: 'waiting' },
  RECEIVED: { zh: '已认领', en: 'claimed' },
  ACCEPTED: { zh: '已同意接收', en: 'accepted' },
  REJECTED: { zh: '已拒绝', en: 'rejected' },
  RETURNED_WITH_ADVICE: { zh: '已退回（附建议）', en: 'returned with advice' },
  CANCELLED: { zh: '已撤销', en: 'cancelled' },
  ARRIVED: { zh: '已到院', en: 'arrived' },
  COMPLETED: { zh: '已完成', en: 'completed' },
  EXPIRED: { zh: '已过期', en: 'expired' },
} as const satisfies Record<ReferralStatus, Label>;

export const SEX_LABEL = {
  M: { zh: '男', en: 'male' },
  F: { zh: '女', en: 'female' },
} as const satisfies Record<Sex, Label>;

export const INSURANCE_LABEL = {
  URBAN_EMPLOYEE: { zh: '城镇职工基本医疗保险', en: 'urban employee basic medical insurance' },
  URBAN_RURAL_RESIDENT: { zh: '城乡居民基本医疗保险', en: 'urban and rural resident basic medical insurance' },
  NEW_RURAL_COOPERATIVE: { zh: '新型农村合作医疗', en: 'new rural cooperative medical scheme' },
  COMMERCIAL: { zh: '商业健康保险', en: 'commercial health insurance' },
  SELF_PAY: { zh: '自费', en: 'self-pay' },
  OTHER: { zh: '其他', en: 'other' },
} as const satisfies Record<InsuranceType, Label>;

export const AGREEMENT_MODE_LABEL = {
  PRIMARY_CARE: { zh: '基层协议合作', en: 'primary-care cooperation' },
  MULTI_LEVEL: { zh: '多层次医疗服务合作', en: 'multi-level medical cooperation' },
  EMBEDDED: { zh: '嵌入式合作', en: 'embedded cooperation' },
  ENTRUSTED: { zh: '托管式合作', en: 'entrusted cooperation' },
  CONTINUING_CARE: { zh: '接续服务合作', en: 'continuing-care cooperation' },
} as const satisfies Record<AgreementMode, Label>;

export const AGREEMENT_STATUS_LABEL = {
  DRAFT: { zh: '草稿', en: 'draft' },
  SUBMITTED: { zh: '待会签', en: 'awaiting countersignature' },
  SIGNED: { zh: '已签署待生效', en: 'signed, not yet in force' },
  ACTIVE: { zh: '生效中', en: 'in force' },
  REJECTED: { zh: '已退回', en: 'rejected' },
  WITHDRAWN: { zh: '已撤回', en: 'withdrawn' },
  TERMINATED: { zh: '已终止', en: 'terminated' },
  EXPIRED: { zh: '已到期', en: 'expired' },
} as const satisfies Record<AgreementStatus, Label>;

export const AGREEMENT_SERVICE_LABEL = {
  HEALTH_MANAGEMENT: { zh: '健康管理', en: 'health management' },
  REGULAR_VISITS: { zh: '定期巡诊', en: 'regular visits' },
  CHRONIC_DISEASE: { zh: '慢性病管理', en: 'chronic disease management' },
  EMERGENCY_GREEN_CHANNEL: { zh: '急诊急救绿色通道', en: 'emergency green channel' },
  TWO_WAY_REFERRAL: { zh: '双向转诊', en: 'two-way referral' },
  REHABILITATION: { zh: '康复服务', en: 'rehabilitation' },
  NURSING: { zh: '护理服务', en: 'nursing' },
  HOSPICE: { zh: '安宁疗护', en: 'hospice care' },
  TCM: { zh: '中医药服务', en: 'traditional Chinese medicine' },
  FAMILY_DOCTOR: { zh: '家庭医生签约', en: 'family doctor' },
  TELEMEDICINE: { zh: '远程医疗', en: 'telemedicine' },
  STAFF_TRAINING: { zh: '人员培训', en: 'staff training' },
  INFECTION_CONTROL: { zh: '院感防控指导', en: 'infection control guidance' },
} as const satisfies Record<AgreementServiceCode, Label>;

export const FREQUENCY_LABEL = {
  DAILY: { zh: '每天', en: 'daily' },
  TWICE_WEEKLY: { zh: '每周两次', en: 'twice a week' },
  WEEKLY: { zh: '每周', en: 'weekly' },
  BIWEEKLY: { zh: '每两周', en: 'every two weeks' },
  MONTHLY: { zh: '每月', en: 'monthly' },
  QUARTERLY: { zh: '每季度', en: 'quarterly' },
  ON_DEMAND: { zh: '按需', en: 'on demand' },
} as const satisfies Record<Frequency, Label>;

export const COMPLIANCE_RULE_LABEL = {
  OVERDUE_REFERRAL_RESPONSE: { zh: '转诊响应超时', en: 'referral answered late' },
  REFERRAL_OUTSIDE_AGREEMENT: { zh: '无协议发起转诊', en: 'referral without an agreement' },
  AGREEMENT_EXPIRED_UNRENEWED: { zh: '协议到期未续签', en: 'agreement expired, not renewed' },
  ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER: { zh: '养老机构无医疗服务保障', en: 'elderly-care institution without medical cover' },
  SANCTIONED_PARTY_WITH_ACTIVE_AGREEMENTS: {
    zh: '被暂停或注销的机构仍有生效协议',
    en: 'suspended or revoked party with agreements in force',
  },
  DISTANT_AGREEMENT: { zh: '签约双方距离过远', en: 'parties too far apart' },
  STAFF_FILING_MISSING: { zh: '派驻人员未办理多机构执业备案', en: 'dispatched staff not filed for multi-site practice' },
} as const satisfies Record<ComplianceRule, Label>;

export const FINDING_STATUS_LABEL = {
  OPEN: { zh: '未解决', en: 'open' },
  RESOLVED: { zh: '已解决', en: 'resolved' },
} as const satisfies Record<FindingStatus, Label>;

export const INSTITUTION_STATUS_LABEL = {
  ACTIVE: { zh: '正常', en: 'active' },
  SUSPENDED: { zh: '暂停', en: 'suspended' },
  REVOKED: { zh: '注销', en: 'revoked' },
} as const satisfies Record<InstitutionStatus, Label>;

/** One language's words of a label table: `zhLabels(PRIORITY_LABEL).URGENT === '紧急'`. */
export function zhLabels<K extends string>(table: Record<K, Label>): Record<K, string> {
  return Object.fromEntries(Object.entries<Label>(table).map(([code, label]) => [code, label.zh])) as Record<K, string>;
}

export function enLabels<K extends string>(table: Record<K, Label>): Record<K, string> {
  return Object.fromEntries(Object.entries<Label>(table).map(([code, label]) => [code, label.en])) as Record<K, string>;
}
