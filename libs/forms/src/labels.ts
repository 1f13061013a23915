import {
  AgreementMode,
  AgreementServiceCode,
  AgreementStatus,
  Frequency,
  Indication,
  ReferralPriority,
  ReferralStatus,
} from '@yiyang/contracts';
import { ResidentParticulars } from './types';

/** The Chinese labels forms print (the console's wording). Records over the vocabularies: a new code fails to compile until labelled. */
export const INDICATION_LABELS: Record<Indication, string> = {
  ACUTE_EXACERBATION: '慢性病急性加重',
  SUSPECTED_STROKE: '疑似脑卒中',
  CHEST_PAIN: '胸痛',
  FALL_OR_FRACTURE: '跌倒或骨折',
  INFECTION_OR_FEVER: '感染或发热',
  NEEDS_DIAGNOSTICS: '需要本机构不具备的检查',
  STABLE_POST_ACUTE: '急性期后病情稳定',
  REHABILITATION: '康复',
  LONG_TERM_NURSING: '长期护理',
  PALLIATIVE_CARE: '安宁疗护',
};

export const PRIORITY_LABELS: Record<ReferralPriority, string> = { EMERGENCY: '急诊', URGENT: '紧急', ROUTINE: '普通' };

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  REQUESTED: '待认领',
  RECEIVED: '已认领',
  ACCEPTED: '已同意接收',
  REJECTED: '已拒绝',
  RETURNED_WITH_ADVICE: '已退回（附建议）',
  CANCELLED: '已撤销',
  ARRIVED: '已到院',
  COMPLETED: '已完成',
  EXPIRED: '已过期',
};

export const VIA_LABELS: Record<'TWO_WAY_REFERRAL' | 'EMERGENCY_GREEN_CHANNEL', string> = {
  TWO_WAY_REFERRAL: '双向转诊协议',
  EMERGENCY_GREEN_CHANNEL: '急诊绿色通道',
};

export const SEX_LABELS: Record<ResidentParticulars['sex'], string> = { M: '男', F: '女' };

export const INSURANCE_LABELS: Record<ResidentParticulars['insurance'], string> = {
  URBAN_EMPLOYEE: '城镇职工基本医疗保险',
  URBAN_RURAL_RESIDENT: '城乡居民基本医疗保险',
  NEW_RURAL_COOPERATIVE: '新型农村合作医疗',
  COMMERCIAL: '商业健康保险',
  SELF_PAY: '自费',
  OTHER: '其他',
};

export const CONSCIOUSNESS_LABELS: Record<string, string> = {
  ALERT: '清醒',
  VOICE: '对声音有反应',
  PAIN: '对疼痛有反应',
  UNRESPONSIVE: '无反应',
};

export const MODE_LABELS: Record<AgreementMode, string> = {
  PRIMARY_CARE: '基层协议合作',
  MULTI_LEVEL: '多层次医疗服务合作',
  EMBEDDED: '嵌入式合作',
  ENTRUSTED: '托管式合作',
};

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  DRAFT: '草稿',
  SUBMITTED: '待会签',
  SIGNED: '已签署待生效',
  ACTIVE: '生效中',
  REJECTED: '已退回',
  WITHDRAWN: '已撤回',
  TERMINATED: '已终止',
  EXPIRED: '已到期',
};

export const SERVICE_LABELS: Record<AgreementServiceCode, string> = {
  HEALTH_MANAGEMENT: '健康管理',
  REGULAR_VISITS: '定期巡诊',
  CHRONIC_DISEASE: '慢性病管理',
  EMERGENCY_GREEN_CHANNEL: '急诊急救绿色通道',
  TWO_WAY_REFERRAL: '双向转诊',
  REHABILITATION: '康复服务',
  NURSING: '护理服务',
  HOSPICE: '安宁疗护',
  TCM: '中医药服务',
  FAMILY_DOCTOR: '家庭医生签约',
  TELEMEDICINE: '远程医疗',
  STAFF_TRAINING: '人员培训',
  INFECTION_CONTROL: '院感防控指导',
};

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  DAILY: '每天',
  TWICE_WEEKLY: '每周两次',
  WEEKLY: '每周',
  BIWEEKLY: '每两周',
  MONTHLY: '每月',
  QUARTERLY: '每季度',
  ON_DEMAND: '按需',
};

export const SIDE_LABELS: Record<'elderly' | 'medical', string> = { elderly: '养老机构', medical: '医疗机构' };

/** What a masked field prints when the particulars were not given (the reader may not see them). */
export const RESTRICTED = '（仅限转出/接收机构查看）';
export const MASKED = `＊＊＊${RESTRICTED}`;
