import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n';
import { ApiProblem, describeProblem, networkProblem } from './problem';

const t = translator('zh');

describe('problem+json as sentences', () => {
  it('gives a known code its own sentence', () => {
    const p = new ApiProblem(409, {
      status: 409,
      code: 'DUPLICATE_USCC',
      detail: 'uscc already registered',
      title: 'Conflict',
      type: 'urn:yiyang:problem:DUPLICATE_USCC',
    });
    expect(describeProblem(p, t).message).toBe('该统一社会信用代码已登记。');
  });

  it('falls back on the status, and names each field with the form’s label', () => {
    const p = new ApiProblem(400, {
      status: 400,
      code: 'VALIDATION',
      detail: 'invalid',
      errors: [{ field: 'division', message: 'is not a GB/T 2260 division' }],
    });
    const sentences = describeProblem(p, t, (f) => (f === 'division' ? '行政区划' : f));
    expect(sentences.message).toBe('提交的信息有误，请检查后重试。');
    expect(sentences.fields).toEqual([{ field: 'division', message: '“行政区划”：is not a GB/T 2260 division' }]);
  });

  it('tells a refusal by rule, a rate limit and an unreachable server apart', () => {
    expect(
      describeProblem(new ApiProblem(422, { code: 'AGREEMENT_REQUIRED', detail: 'no active agreement covers this pair' }), t).message,
    ).toBe('此操作不符合业务规则：no active agreement covers this pair');
    expect(describeProblem(new ApiProblem(429, { code: 'X' }, 12), t).message).toBe('操作过于频繁，请 12 秒后再试。');
    expect(describeProblem(networkProblem(), t).message).toBe('无法连接到服务器，请检查网络后重试。');
    expect(describeProblem(new Error('boom'), t).message).toBe('无法连接到服务器，请检查网络后重试。');
    expect(describeProblem(new ApiProblem(503, { code: 'SERVICE_UNAVAILABLE' }), translator('en')).message).toBe(
      'The service is not available right now. Try again shortly.',
    );
  });
});
