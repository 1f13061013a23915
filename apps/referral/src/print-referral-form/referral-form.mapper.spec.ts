import { returnFormPdf } from '@yiyang/forms';
import { pdfText } from '../../../../libs/forms/test/pdf-reader';
import { Referral } from '../domain/referral';
import {
  HOME,
  HOSPITAL,
  OTHER as OTHER_HOME,
  at,
  cover,
  deadlines,
  desk,
  home,
  idNumber,
  later,
  referralRequest,
} from '../domain/referral.fixtures';
import { SEE_DISCHARGE_SUMMARY, UNKNOWN_INSTITUTION, formDisposition, referralForm } from './referral-form.mapper';

const printedAt = new Date('2026-11-23T08:00:00Z');
const names = new Map([
  [HOME, { name: '福州市鼓楼区福寿颐养院', uscc: '52350102MJD00421A1' }],
  [HOSPITAL, { name: '福建省立医院', uscc: '12350000488000031X' }],
  [OTHER_HOME, { name: '晋安颐养院', uscc: '52350111MJD00421AA' }],
]);

const up = () =>
  Referral.request(
    referralRequest({ patient: { name: '张三丰', sex: 'M', birthDate: '1941-05-02', idNumber, insurance: 'URBAN_EMPLOYEE' } }),
    at,
  );

/** An UP referral through to completion, with the DOWN referral back to another nursing home. */
const completedWithReturn = () => {
  const r = up();
  r.receive(desk, later(5));
  r.accept(desk, later(60), later(10));
  r.arrive(desk, later(55));
  const down = r.returnReferral(
    {
      id: '66666666-6666-4666-8666-666666666666',
      returnTo: home({ institutionId: OTHER_HOME, divisionCode: '350111' }),
      cover,
      actor: desk,
      dischargeSummary: '住院14天，溶栓后右侧肌力恢复至4级，出院带药阿司匹林。',
      deadlines,
    },
    later(60 * 24 * 14),
  );
  r.complete(desk, '住院14天，溶栓后右侧肌力恢复至4级，出院带药阿司匹林。', down.snapshot.id, later(60 * 24 * 14));
  return { up: r, down };
};

describe('referralForm (referral state → the printed form’s data)', () => {
  it('maps an UP referral for staff: both institutions with name and USCC, every milestone, the resident and the clinical text', () => {
    const r = up();
    r.receive(desk, later(5));
    r.accept(desk, later(90), later(10));
    const form = referralForm(r.snapshot, names, 'staff', printedAt);
    expect(form).toEqual({
      referralId: '55555555-5555-4555-8555-555555555555',
      direction: 'UP',
      status: 'ACCEPTED',
      priority: 'URGENT',
      indication: 'SUSPECTED_STROKE',
      from: { name: '福州市鼓楼区福寿颐养院', code: '52350102MJD00421A1' },
      to: { name: '福建省立医院', code: '12350000488000031X' },
      agreementId: cover.agreementId,
      via: 'TWO_WAY_REFERRAL',
      residentRef: 'pr_0123456789abcdef',
      deadlineAt: later(120),
      milestones: {
        requestedAt: at,
        receivedAt: later(5),
        answeredAt: later(10),
        expectedArrivalAt: later(90),
        arrivedAt: null,
        completedAt: null,
        closedAt: null,
      },
      particulars: {
        resident: { name: '张三丰', sex: 'M', birthDate: '1941-05-02', idNumber, insurance: 'URBAN_EMPLOYEE' },
        clinical: { icd10: 'I63.9', summary: '左侧肢体无力2小时', vitals: { bpSystolic: 180, bpDiastolic: 100, heartRate: 96 } },
      },
      printedAt,
    });
  });

  it('leaves the particulars out for a regulator: nothing of the resident but the opaque reference', () => {
    const form = referralForm(up().snapshot, names, 'regulator', printedAt);
    expect(form).not.toHaveProperty('particulars');
    const text = JSON.stringify(form);
    for (const secret of ['张三丰', idNumber, '1941-05-02', '左侧肢体无力', 'I63.9']) expect(text).not.toContain(secret);
    expect(form.residentRef).toBe('pr_0123456789abcdef');
  });

  it('prints a placeholder for an institution the directory has not heard of, and a dash for a blank code', () => {
    const form = referralForm(up().snapshot, new Map([[HOME, { name: '颐养院', uscc: ' ' }]]), 'staff', printedAt);
    expect(form.from).toEqual({ name: '颐养院', code: '—' });
    expect(form.to).toEqual(UNKNOWN_INSTITUTION);
  });

  it('maps the DOWN return as a 回转单: the UP referral’s id, the discharge summary once, no advice', () => {
    const { down } = completedWithReturn();
    const form = referralForm(down.snapshot, names, 'staff', printedAt);
    expect(form).toMatchObject({
      direction: 'DOWN',
      indication: 'STABLE_POST_ACUTE',
      priority: 'ROUTINE',
      upReferralId: '55555555-5555-4555-8555-555555555555',
      from: { name: '福建省立医院' },
      to: { name: '晋安颐养院' },
      particulars: {
        resident: { name: '张三丰', idNumber },
        clinical: { icd10: 'I63.9', summary: SEE_DISCHARGE_SUMMARY, vitals: {} },
        dischargeSummary: '住院14天，溶栓后右侧肌力恢复至4级，出院带药阿司匹林。',
        advice: null,
      },
    });
    expect(referralForm(down.snapshot, names, 'regulator', printedAt)).not.toHaveProperty('particulars');
  });

  it('gives data the 回转单 renders: the discharge summary printed once, the UP referral’s number, the institutions', async () => {
    const { down } = completedWithReturn();
    const form = referralForm(down.snapshot, names, 'staff', printedAt);
    if (form.direction !== 'DOWN') throw new Error('expected a DOWN form');
    const { text } = await pdfText(await returnFormPdf(form));
    const compact = text.replace(/\s+/g, '');
    expect(compact).toContain('双向转诊回转单');
    expect(compact).toContain('55555555-5555-4555-8555-555555555555');
    expect(compact).toContain('福建省立医院');
    expect(compact).toContain('晋安颐养院');
    expect(compact.split('溶栓后右侧肌力恢复至4级').length - 1).toBe(1);
  });

  it('names the download after the form and its number, with an ASCII fallback', () => {
    const { up: r, down } = completedWithReturn();
    expect(formDisposition(r.snapshot)).toBe(
      `attachment; filename="referral-55555555.pdf"; filename*=UTF-8''${encodeURIComponent('双向转诊单')}-55555555.pdf`,
    );
    expect(formDisposition(down.snapshot)).toBe(
      `attachment; filename="referral-return-66666666.pdf"; filename*=UTF-8''${encodeURIComponent('双向转诊回转单')}-66666666.pdf`,
    );
  });
});
