/**
 * A refusal of the registry on a form: each field error under the field it names, and a code that
 * concerns one field (e.g. DUPLICATE_USCC) under that field; the banner is the shared ProblemAlert.
 * (The agreements' showProblemOnForm does the same for the contract service: one of the two could move
 * to src/shared.)
 */
import type { FormInstance } from 'antd';
import { ApiProblem, describeProblem } from '../../api/problem';
import type { RegisterTranslate } from './i18n';

type NamePath = (string | number)[];

export function placeProblem(
  form: FormInstance,
  error: unknown,
  t: RegisterTranslate,
  where: { field: (apiField: string) => NamePath | undefined; label: (apiField: string) => string; codes?: Record<string, NamePath> },
): void {
  const { message, fields } = describeProblem(error, t, where.label);
  const errors = new Map<string, { name: NamePath; errors: string[] }>();
  const put = (name: NamePath, text: string) => {
    const entry = errors.get(name.join('.')) ?? { name, errors: [] };
    entry.errors.push(text);
    errors.set(name.join('.'), entry);
  };
  fields.forEach((f) => {
    const name = where.field(f.field);
    if (name) put(name, f.message);
  });
  const code = error instanceof ApiProblem ? error.problem?.code : undefined;
  if (code && where.codes?.[code]) put(where.codes[code], message);
  form.setFields([...errors.values()]);
}
