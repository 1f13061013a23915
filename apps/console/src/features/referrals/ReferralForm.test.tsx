/**
 * The refer-up form against stubbed services (fetch): the resident's ID number checked as it is typed
 * by the API's own GB 11643 rule, sex and birth date read from it, the receiving institutions those
 * the home has an agreement with, and a refusal of the service shown next to the field it is about.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { renderWithProviders } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { residentIdCheckCharacter } from '@kernel/resident-id';
import { ReferralForm } from './ReferralForm';
import { chinaToday, ageOn } from './patient';

const HOME = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d30';
const HOSPITAL = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d31';
const CLINIC = '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d32';

const valid = (first17: string) => first17 + residentIdCheckCharacter(first17);
const MAN = valid('35010219410502001'); // 17th digit 1: a man, born 1941-05-02
const WOMAN = valid('35010219450815002'); // 17th digit 2: a woman, born 1945-08-15
/** a number whose check character is X (typed in lower case) */
const WITH_X = (() => {
  for (let seq = 100; seq < 999; seq++) {
    const first17 = `35010219380101${seq}`;
    if (residentIdCheckCharacter(first17) === 'X') return `${first17}X`;
  }
  throw new Error('no X found');
})();

const agreement = (id: string, medicalInstitutionId: string, codes: string[], status = 'ACTIVE') => ({
  id,
  version: 3,
  status,
  elderlyInstitutionId: HOME,
  medicalInstitutionId,
  mode: 'MULTI_LEVEL',
  services: codes.map((code) => ({ code, frequency: null })),
});

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
let calls: Request[];
let answerPost: (body: unknown) => Response;

function renderForm(onSubmitted = vi.fn()) {
  renderWithProviders(<ReferralForm onSubmitted={onSubmitted} />, {
    principal: { sub: 'u-home', name: '陈建国', roles: ['elderly-admin'], institutionId: HOME },
  });
  return onSubmitted;
}

beforeEach(() => {
  calls = [];
  answerPost = () => json({}, 500);
  vi.stubGlobal('fetch', async (req: Request) => {
    calls.push(req);
    const path = new URL(req.url).pathname;
    if (path === '/api/contract/v1/agreements')
      return json({
        items: [
          agreement('a1', HOSPITAL, ['TWO_WAY_REFERRAL', 'REGULAR_VISITS']),
          agreement('a2', CLINIC, ['EMERGENCY_GREEN_CHANNEL']),
          agreement('a3', '0b6f0c55-4b39-4a0e-9d3c-8b2f6a1c2d39', ['TWO_WAY_REFERRAL'], 'EXPIRED'),
        ],
        nextCursor: null,
      });
    if (path === `/api/registry/v1/institutions/${HOSPITAL}`) return json({ id: HOSPITAL, name: '福建医科大学附属协和医院' });
    if (path === `/api/registry/v1/institutions/${CLINIC}`) return json({ id: CLINIC, name: '鼓楼区东街街道社区卫生服务中心' });
    if (path === '/api/referral/v1/referrals' && req.method === 'POST') return answerPost(await req.clone().json());
    return json({}, 404);
  });
});
afterEach(() => vi.unstubAllGlobals());

const idInput = () => screen.getByLabelText('公民身份号码');

/** Types text the quick way (jsdom re-renders the form per key): all but the last character pasted, the last one typed. */
async function typeInto(input: HTMLElement, text: string) {
  await userEvent.click(input);
  if (text.length > 1) await userEvent.paste(text.slice(0, -1));
  await userEvent.keyboard(text.slice(-1));
}
const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

async function choose(label: string, option: string) {
  await userEvent.click(screen.getByLabelText(label));
  const item = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
      (o) => o.getAttribute('title') === option || o.textContent === option,
    );
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  await userEvent.click(item);
}

describe('the resident ID number (GB 11643, the API’s rule)', { timeout: 20_000 }, () => {
  it('is checked as it is typed: a wrong check character is refused at the 18th character, without leaving the field', async () => {
    renderForm();
    const wrong = MAN.slice(0, 17) + (MAN[17] === '0' ? '1' : '0');
    await typeInto(idInput(), wrong);
    expect(await screen.findByText('公民身份号码校验位不正确，请核对')).toBeTruthy();
    expect(value('性别')).toBe('');
    expect(value('出生日期')).toBe('');
    // corrected: the sentence goes, sex and birth date appear
    await userEvent.clear(idInput());
    await typeInto(idInput(), MAN);
    await waitFor(() => expect(screen.queryByText('公民身份号码校验位不正确，请核对')).toBeNull());
    expect(value('性别')).toBe('男');
  });

  it('says "18 characters" only once the person leaves a number that is too short', async () => {
    renderForm();
    await typeInto(idInput(), '3501021941');
    expect(screen.queryByText('公民身份号码应为 18 位：17 位数字加 1 位数字或 X')).toBeNull();
    await userEvent.tab();
    expect(await screen.findByText('公民身份号码应为 18 位：17 位数字加 1 位数字或 X')).toBeTruthy();
  });

  it('refuses a number whose birth date is no date', async () => {
    renderForm();
    await typeInto(idInput(), valid('35010219411332001'));
    expect(await screen.findByText('公民身份号码中的出生日期无效，请核对')).toBeTruthy();
  });

  it('derives the sex and birth date (and age) from the number: odd 17th digit a man, even a woman', async () => {
    renderForm();
    await typeInto(idInput(), MAN);
    await waitFor(() => expect(value('性别')).toBe('男'));
    expect(value('出生日期')).toBe('1941-05-02');
    expect(screen.getByText(`${ageOn('1941-05-02', chinaToday())} 岁`)).toBeTruthy();
    await userEvent.clear(idInput());
    await typeInto(idInput(), WOMAN);
    await waitFor(() => expect(value('性别')).toBe('女'));
    expect(value('出生日期')).toBe('1945-08-15');
  });

  it('takes a lower-case x as the check character X', async () => {
    renderForm();
    await typeInto(idInput(), WITH_X.toLowerCase());
    await waitFor(() => expect(value('公民身份号码')).toBe(WITH_X));
    expect(value('性别')).not.toBe('');
    expect(screen.queryByText('公民身份号码校验位不正确，请核对')).toBeNull();
  });
});

describe('sending the referral', { timeout: 30_000 }, () => {
  async function fillIn() {
    await typeInto(screen.getByLabelText('姓名'), '张三');
    await typeInto(idInput(), MAN);
    await choose('医保类型', '城镇职工基本医疗保险');
    await choose('转诊原因', '疑似脑卒中');
    await typeInto(screen.getByLabelText('ICD-10 诊断编码'), 'i63.9');
    await typeInto(screen.getByLabelText('病情摘要'), '晨起右侧肢体无力，言语不清 1 小时');
    await typeInto(screen.getByLabelText('收缩压（mmHg）'), '182');
    await choose('接收机构', '福建医科大学附属协和医院');
  }

  it('offers only institutions with an agreement in force; the green channel only for an emergency', async () => {
    renderForm();
    await userEvent.click(screen.getByLabelText('接收机构'));
    const hospital = await screen.findByTitle('福建医科大学附属协和医院');
    const clinic = await screen.findByTitle('鼓楼区东街街道社区卫生服务中心（仅急诊绿色通道）');
    expect(hospital.getAttribute('aria-disabled')).not.toBe('true');
    expect(clinic.closest('.ant-select-item')?.className).toContain('disabled');
    expect(document.body.textContent).not.toContain('2d39');
  });

  it('sends what the API takes: sex and birth date from the ID number, codes for labels', async () => {
    let sent: Record<string, unknown> | undefined;
    answerPost = (body) => {
      sent = body as Record<string, unknown>;
      return json(
        {
          id: 'r-1',
          toInstitutionId: HOSPITAL,
          deadlineAt: '2026-11-30T04:00:00.000Z',
          status: 'REQUESTED',
          version: 1,
          timeLeftSeconds: 7200,
          fromInstitutionId: HOME,
        },
        201,
      );
    };
    const onSubmitted = renderForm();
    await fillIn();
    await userEvent.click(screen.getByRole('button', { name: '提交转诊' }));
    await waitFor(() => expect(onSubmitted).toHaveBeenCalled());
    expect(sent).toEqual({
      direction: 'UP',
      fromInstitutionId: HOME,
      toInstitutionId: HOSPITAL,
      priority: 'URGENT',
      patient: { name: '张三', sex: 'M', birthDate: '1941-05-02', idNumber: MAN, insurance: 'URBAN_EMPLOYEE' },
      indication: 'SUSPECTED_STROKE',
      icd10: 'I63.9',
      summary: '晨起右侧肢体无力，言语不清 1 小时',
      vitals: { bpSystolic: 182 },
    });
    expect(calls.find((c) => c.method === 'POST')?.headers.get('authorization')).toBe('Bearer token-1');
  });

  it('shows a refusal as a sentence, next to the field it is about', async () => {
    answerPost = () =>
      json(
        {
          type: 'urn:yiyang:problem:AGREEMENT_REQUIRED',
          title: 'Unprocessable',
          status: 422,
          code: 'AGREEMENT_REQUIRED',
          detail: 'no agreement in force covers TWO_WAY_REFERRAL',
        },
        422,
        'application/problem+json',
      );
    renderForm();
    await fillIn();
    await userEvent.click(screen.getByRole('button', { name: '提交转诊' }));
    const sentence = '与该机构之间没有覆盖双向转诊（急诊可走绿色通道）的有效协议，不能转诊。';
    // in the banner, and under "接收机构"
    await waitFor(() => expect(screen.getAllByText(sentence)).toHaveLength(2));
    const receiver = screen.getByLabelText('接收机构').closest('.ant-form-item')!;
    expect(within(receiver as HTMLElement).getByText(sentence)).toBeTruthy();
    expect(document.body.textContent).not.toContain('AGREEMENT_REQUIRED');
  });

  it('puts the service’s field errors under their fields (a birth date the form derives goes under the ID number)', async () => {
    answerPost = () =>
      json(
        {
          type: 'urn:yiyang:problem:VALIDATION_FAILED',
          title: 'Bad Request',
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: 'x',
          errors: [{ field: 'patient.birthDate', message: 'does not match the birth date in the ID number' }],
        },
        400,
        'application/problem+json',
      );
    renderForm();
    await fillIn();
    await userEvent.click(screen.getByRole('button', { name: '提交转诊' }));
    const idItem = idInput().closest('.ant-form-item') as HTMLElement;
    expect(await within(idItem).findByText('“出生日期”：does not match the birth date in the ID number')).toBeTruthy();
  });
});
