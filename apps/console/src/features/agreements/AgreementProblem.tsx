/**
 * A refusal of the contract service as sentences: the banner (the code's own sentence, or the
 * status's), each field error under the field it names (and the rule codes that concern one field
 * under that field), and for a 409 (someone moved the agreement meanwhile) the offer to reload it.
 */
import type { ComponentProps } from 'react';
import type { FormInstance } from 'antd';
import { ApiProblem, describeProblem } from '../../api/problem';
import { ProblemAlert } from '../../shared/ProblemAlert';
import type { AgreementTranslate } from './i18n';

export type NamePath = (string | number)[];

export { needsReload } from '../../shared/ProblemAlert';

export interface ProblemPlacement {
  /** an API field name (e.g. "term.effectiveTo", "services.2.frequency") → the form's field, if it has one */
  field?: (apiField: string) => NamePath | undefined;
  /** a problem code → the form field it concerns (e.g. SITE_REQUIRED → site) */
  codes?: Record<string, NamePath>;
  /** the API's field name → its label in the person's language */
  label?: (apiField: string) => string;
}

/** Puts the service's sentences next to the fields they name; returns the sentence for the banner. */
export function showProblemOnForm(form: FormInstance, error: unknown, t: AgreementTranslate, placement: ProblemPlacement): string {
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

/** A refusal of the contract service in this feature's words (the shared ProblemAlert). */
export function AgreementProblem({ t, ...props }: { t: AgreementTranslate } & Omit<ComponentProps<typeof ProblemAlert>, 't'>) {
  return <ProblemAlert t={t} {...props} />;
}
