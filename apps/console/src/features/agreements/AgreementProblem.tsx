/**
 * A refusal of the contract service as sentences: the banner (the code's own sentence, or the
 * status's) and for a 409 (someone moved the agreement meanwhile) the offer to reload it; each field
 * error goes under the field it names by the shared placeProblem.
 */
import type { ComponentProps } from 'react';
import { ProblemAlert } from '../../shared/ProblemAlert';
import type { AgreementTranslate } from './i18n';

export { needsReload } from '../../shared/ProblemAlert';

/** A refusal of the contract service in this feature's words (the shared ProblemAlert). */
export function AgreementProblem({ t, ...props }: { t: AgreementTranslate } & Omit<ComponentProps<typeof ProblemAlert>, 't'>) {
  return <ProblemAlert t={t} {...props} />;
}
