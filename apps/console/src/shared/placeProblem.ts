/**
 * A refusal of a service on a form, for every feature: each field error under the field it names, and a
 * problem code that concerns one field (e.g. DUPLICATE_USCC, SITE_REQUIRED) under that field. The banner
 * above the form is the shared ProblemAlert; this returns its sentence.
 */
import type { FormInstance } from 'antd';
import { ApiProblem, describeProblem } from '../api/problem';
import type { Translate } from '../i18n/i18n';

export type NamePath = (string | number)[];

export interface ProblemPlacement {
  /** an API field name (e.g. "term.effectiveTo", "services.2.frequency") → the form's field, if it has one */
  field?: (apiField: string) => NamePath | undefined;
  /** a problem code → the form field it concerns (e.g. SITE_REQUIRED → site) */
  codes?: Readonly<Record<string, NamePath>>;
  /** the API's field name → its label in the person's language */
  label?: (apiField: string) => string;
}

/** Puts the service's sentences next to the fields they name; returns the sentence for the banner. */
export function placeProblem(form: FormInstance, error: unknown, t: Translate, placement: ProblemPlacement): string {
  const { message, fields } = describeProblem(error, t, placement.label);
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const add = (name: NamePath, text: string) => {
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(text);
    byField.set(key, entry);
  };
  for (const f of fields) {
    const name = placement.field?.(f.field);
    if (name) add(name, f.message);
  }
  const code = error instanceof ApiProblem ? error.problem?.code : undefined;
  if (code && placement.codes?.[code]) add(placement.codes[code], message);
  if (byField.size) form.setFields([...byField.values()]);
  return message;
}
