import { describe, expect, it } from 'vitest';
import { usccCheckCharacter } from '@kernel/uscc';
import { translator } from '../i18n/i18n';
import { jurisdictionRule, divisionRule, nearRule, usccMessage, usccRule } from './validation';

const t = translator('zh');
const valid = (first17: string) => first17 + usccCheckCharacter(first17);
const check = async (rule: { validator: (r: unknown, v: string | undefined) => Promise<void> }, value: string) =>
  rule.validator(null, value).then(
    () => null,
    (err: Error) => err.message,
  );

describe('the USCC rule (libs/kernel/src/uscc.ts, the API’s own)', () => {
  const code = valid('91350100M000100Y4');

  it('accepts a code with the right check character, whatever its first character', async () => {
    expect(usccMessage(code, t)).toBeNull();
    expect(usccMessage(valid('Y1350100M000100Y4'), t)).toBeNull();
    expect(await check(usccRule(t), code)).toBeNull();
  });

  it('says in Chinese what is wrong: length, alphabet, check character', async () => {
    expect(usccMessage(code.slice(0, 17), t)).toBe('统一社会信用代码应为 18 位');
    expect(usccMessage(`${code.slice(0, 17)}I`, t)).toBe('统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）');
    const wrongCheck = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(await check(usccRule(t), wrongCheck)).toBe('统一社会信用代码校验位不正确，请核对');
  });

  it('speaks English when the person chose English', () => {
    expect(usccMessage('123', translator('en'))).toBe('A unified social credit code has 18 characters');
  });
});

describe('division rules (libs/kernel/src/division.ts: the GB/T 2260 list, not a pattern)', () => {
  it('accepts real counties, cities and provinces and refuses well-formed codes that name nothing', async () => {
    expect(await check(divisionRule(t), '350102')).toBeNull();
    expect(await check(divisionRule(t), '350100')).toBeNull();
    expect(await check(divisionRule(t), '359999')).toBe('不是有效的行政区划代码（GB/T 2260）');
  });

  it('takes a jurisdiction of 2, 4 or 6 digits that names a division', async () => {
    for (const ok of ['35', '3501', '350102']) expect(await check(jurisdictionRule(t), ok)).toBeNull();
    for (const bad of ['99', '351', '3599', 'ab'])
      expect(await check(jurisdictionRule(t), bad)).toBe('不是有效的行政区划：应为省 2 位、市 4 位或区县 6 位代码');
  });
});

describe('the near rule', () => {
  it('takes "lat,lng" within range', async () => {
    expect(await check(nearRule(t), '26.08,119.30')).toBeNull();
    expect(await check(nearRule(t), '119.30,26.08')).toBe('请按“纬度,经度”填写，如 26.08,119.30');
    expect(await check(nearRule(t), '福州')).not.toBeNull();
  });
});
