import { DOWN_INDICATIONS, Indication, UP_INDICATIONS } from '@yiyang/contracts';
import { FormDataError, cst, formNumber, requireDate, requireText } from './format';
import {
  CONSCIOUSNESS_LABELS,
  INDICATION_LABELS,
  INSURANCE_LABELS,
  MASKED,
  PRIORITY_LABELS,
  REFERRAL_STATUS_LABELS,
  RESTRICTED,
  SEX_LABELS,
  VIA_LABELS,
} from './labels';
import { Cell, FormWriter } from './layout';
import { ReferralFormBase, ReferralFormData, ReferralParticulars, ReturnFormData, Vitals } from './types';

/** 双向转诊单: the form of an UP referral (养老机构 → 医疗机构), for the sender and the receiver. A4 PDF. */
export async function referralFormPdf(data: ReferralFormData): Promise<Buffer> {
  check(data, 'UP', UP_INDICATIONS);
  const form = new FormWriter({
    title: '双向转诊单',
    subtitle: '（上转：养老机构 → 医疗机构）',
    number: formNumber(data.referralId),
    qr: data.referralId,
    printedAt: data.printedAt,
    subject: '双向转诊（上转）',
  });
  common(form, data, '上转');
  clinical(form, '四、病情摘要', data.particulars);
  milestones(form, '五、办理进程', data);
  form.signatures([
    { seal: '转出机构', signer: '经办人' },
    { seal: '接收机构', signer: '接诊医生' },
  ]);
  return form.end();
}

/** 回转单: the form of a DOWN referral (医疗机构 → 养老机构) with the discharge summary. A4 PDF. */
export async function returnFormPdf(data: ReturnFormData): Promise<Buffer> {
  check(data, 'DOWN', DOWN_INDICATIONS);
  const form = new FormWriter({
    title: '双向转诊回转单',
    subtitle: '（下转：医疗机构 → 养老机构）',
    number: formNumber(data.referralId),
    qr: data.referralId,
    printedAt: data.printedAt,
    subject: '双向转诊（下转·回转）',
  });
  common(
    form,
    data,
    '下转（回转）',
    data.upReferralId
      ? [
          [
            { text: '原上转单号', label: true },
            { text: data.upReferralId, span: 3 },
          ],
        ]
      : [],
  );
  clinical(form, '四、病情摘要', data.particulars);
  form.section('五、出院小结与后续照护建议');
  if (data.particulars) {
    form.longText('出院小结', data.particulars.dischargeSummary);
    if (data.particulars.advice?.trim()) form.longText('后续照护建议', data.particulars.advice);
  } else {
    form.row([
      { text: '出院小结', label: true },
      { text: MASKED, span: 3 },
    ]);
  }
  milestones(form, '六、办理进程', data);
  form.signatures([
    { seal: '转出机构', signer: '主治医生' },
    { seal: '接收机构', signer: '接收人' },
  ]);
  return form.end();
}

function check(data: ReferralFormBase & { direction: string }, direction: 'UP' | 'DOWN', indications: readonly Indication[]): void {
  requireText(data.referralId, 'referralId');
  requireText(data.agreementId, 'agreementId');
  requireText(data.from?.name, 'from.name');
  requireText(data.to?.name, 'to.name');
  if (data.direction !== direction) throw new FormDataError(`this form prints ${direction} referrals, not ${data.direction}`);
  if (!indications.includes(data.indication)) throw new FormDataError(`${data.indication} is not an indication of a ${direction} referral`);
  requireDate(data.printedAt, 'printedAt');
  requireDate(data.deadlineAt, 'deadlineAt');
  for (const [key, value] of Object.entries(data.milestones) as [string, Date | null][]) requireDate(value, `milestones.${key}`);
}

function common(
  form: FormWriter,
  data: ReferralFormBase & { particulars?: ReferralParticulars },
  direction: string,
  more: Cell[][] = [],
): void {
  form
    .section('一、转诊机构')
    .row([{ text: '转出机构', label: true }, { text: data.from.name }, { text: '机构代码', label: true }, { text: data.from.code }])
    .row([{ text: '接收机构', label: true }, { text: data.to.name }, { text: '机构代码', label: true }, { text: data.to.code }]);
  form
    .section('二、转诊信息')
    .row([
      { text: '转诊单号', label: true },
      { text: data.referralId, span: 3 },
    ])
    .row([
      { text: '转诊类型', label: true },
      { text: direction },
      { text: '优先级', label: true },
      { text: PRIORITY_LABELS[data.priority] },
    ])
    .row([
      { text: '转诊原因', label: true },
      { text: INDICATION_LABELS[data.indication] },
      { text: '当前状态', label: true },
      { text: REFERRAL_STATUS_LABELS[data.status] },
    ])
    .row([
      { text: '转诊通道', label: true },
      { text: VIA_LABELS[data.via] },
      { text: '答复时限', label: true },
      { text: cst(data.deadlineAt) },
    ])
    .row([
      { text: '合作协议', label: true },
      { text: data.agreementId, span: 3 },
    ]);
  for (const cells of more) form.row(cells);
  const resident = data.particulars?.resident;
  form.section(`三、居民信息${RESTRICTED}`);
  form
    .row([
      { text: '姓名', label: true },
      { text: resident?.name ?? MASKED },
      { text: '性别', label: true },
      { text: resident ? SEX_LABELS[resident.sex] : MASKED },
    ])
    .row([
      { text: '出生日期', label: true },
      { text: resident?.birthDate ?? MASKED },
      { text: '医保类型', label: true },
      { text: resident ? INSURANCE_LABELS[resident.insurance] : MASKED },
    ])
    .row([
      { text: '身份证号', label: true },
      { text: resident?.idNumber ?? MASKED, span: 3 },
    ])
    .row([
      { text: '居民编号', label: true },
      { text: data.residentRef, span: 3 },
    ]);
  if (!resident) form.note('本打印件未载居民个人信息与病情：仅转出机构与接收机构的工作人员可打印完整转诊单。');
}

function clinical(form: FormWriter, title: string, particulars: ReferralParticulars | undefined): void {
  form.section(title);
  if (!particulars) {
    form.row([
      { text: '病情摘要', label: true },
      { text: MASKED, span: 3 },
    ]);
    return;
  }
  const { icd10, summary, vitals } = particulars.clinical;
  form.row([
    { text: 'ICD-10', label: true },
    { text: icd10 ?? '—', span: 3 },
  ]);
  form.row([
    { text: '生命体征', label: true },
    { text: vitalsText(vitals), span: 3 },
  ]);
  form.longText('病情摘要', summary);
}

export function vitalsText(v: Vitals | undefined): string {
  if (!v) return '—';
  const parts: string[] = [];
  if (v.bpSystolic !== undefined || v.bpDiastolic !== undefined) parts.push(`血压 ${v.bpSystolic ?? '—'}/${v.bpDiastolic ?? '—'} mmHg`);
  if (v.heartRate !== undefined) parts.push(`心率 ${v.heartRate} 次/分`);
  if (v.respiratoryRate !== undefined) parts.push(`呼吸 ${v.respiratoryRate} 次/分`);
  if (v.temperature !== undefined) parts.push(`体温 ${v.temperature} ℃`);
  if (v.spo2 !== undefined) parts.push(`血氧饱和度 ${v.spo2}%`);
  if (v.consciousness !== undefined) parts.push(`意识 ${CONSCIOUSNESS_LABELS[v.consciousness] ?? v.consciousness}`);
  return parts.length ? parts.join('；') : '—';
}

function milestones(form: FormWriter, title: string, data: ReferralFormBase): void {
  const m = data.milestones;
  form
    .section(`${title}（北京时间）`)
    .row([
      { text: '发起转诊', label: true },
      { text: cst(m.requestedAt) },
      { text: '接收方认领', label: true },
      { text: cst(m.receivedAt) },
    ])
    .row([
      { text: '答复', label: true },
      { text: cst(m.answeredAt) },
      { text: '预计到达', label: true },
      { text: cst(m.expectedArrivalAt) },
    ])
    .row([{ text: '到达', label: true }, { text: cst(m.arrivedAt) }, { text: '完成', label: true }, { text: cst(m.completedAt) }])
    .row([
      { text: '关闭', label: true },
      { text: cst(m.closedAt), span: 3 },
    ]);
}
