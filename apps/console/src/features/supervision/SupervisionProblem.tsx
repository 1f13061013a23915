import type { ComponentProps } from 'react';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { useSupervisionI18n } from './i18n';

/** An API refusal as a sentence, with this feature's problem codes (outside the jurisdiction, too large an export…) known. */
export function SupervisionProblem(props: Omit<ComponentProps<typeof ProblemAlert>, 't'>) {
  const { t } = useSupervisionI18n();
  return <ProblemAlert t={t} {...props} />;
}
