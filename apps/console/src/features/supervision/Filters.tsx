/**
 * The filter controls both lists share, each labelled and keyboard operable, each reading and writing
 * one key of the address: a choice among words, a China day, a division of the jurisdiction (its
 * cities and their counties, or a city's counties), and an institution found by name.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { DatePicker, Form, Select } from 'antd';
import dayjs from 'dayjs';
import { divisionChoices, fullName, useDivisions } from '../oversight/divisions';
import { useInstitutionSearch } from './api';
import { useSupervisionI18n } from './i18n';
import { useInstitutions } from '../../shared/institutions';
import { shortId } from './model';

export function ChoiceFilter<T extends string>({
  id,
  label,
  value,
  choices,
  words,
  onChange,
  width = 180,
}: {
  id: string;
  label: string;
  value: T | undefined;
  choices: readonly T[];
  words: Record<T, string>;
  onChange: (v: T | undefined) => void;
  width?: number;
}) {
  const { t } = useSupervisionI18n();
  return (
    <Form.Item label={label} htmlFor={id}>
      <Select
        id={id}
        style={{ width }}
        value={value ?? ''}
        onChange={(v: string) => onChange((v || undefined) as T | undefined)}
        options={[{ value: '', label: t('filterAny') }, ...choices.map((c) => ({ value: c, label: words[c] }))]}
      />
    </Form.Item>
  );
}

export function ManyFilter<T extends string>({
  id,
  label,
  value,
  choices,
  words,
  onChange,
}: {
  id: string;
  label: string;
  value: readonly T[] | undefined;
  choices: readonly T[];
  words: Record<T, string>;
  onChange: (v: T[]) => void;
}) {
  const { t } = useSupervisionI18n();
  return (
    <Form.Item label={label} htmlFor={id}>
      <Select
        id={id}
        mode="multiple"
        allowClear
        style={{ minWidth: 220, maxWidth: 420 }}
        placeholder={t('filterAny')}
        value={value ? [...value] : []}
        onChange={(v: T[]) => onChange(choices.filter((c) => v.includes(c)))}
        options={choices.map((c) => ({ value: c, label: words[c] }))}
      />
    </Form.Item>
  );
}

/** A China day (YYYY-MM-DD, as the API takes it); days outside [min, max] cannot be picked. */
export function DayFilter({
  id,
  label,
  value,
  onChange,
  min,
  max,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  min?: string;
  max?: string;
}) {
  return (
    <Form.Item label={label} htmlFor={id}>
      <DatePicker
        id={id}
        format="YYYY-MM-DD"
        style={{ width: 150 }}
        value={value ? dayjs(value) : null}
        disabledDate={(d) => (!!min && d.format('YYYY-MM-DD') < min) || (!!max && d.format('YYYY-MM-DD') > max)}
        onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
      />
    </Form.Item>
  );
}

export function DivisionFilter({
  id,
  own,
  value,
  onChange,
}: {
  id: string;
  own: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
}) {
  const { t } = useSupervisionI18n();
  const divisions = useDivisions();
  const choices = useMemo(() => divisionChoices(divisions, own), [divisions, own]);
  if (choices.length === 0) return null;
  return (
    <Form.Item label={t('filterDivision')} htmlFor={id}>
      <Select
        id={id}
        style={{ width: 220 }}
        showSearch={{ optionFilterProp: 'label' }}
        value={value ?? ''}
        onChange={(v: string) => onChange(v || undefined)}
        options={[{ value: '', label: fullName(divisions, own) }, ...choices]}
      />
    </Form.Item>
  );
}

/** An institution of the jurisdiction, found by typing part of its name (the registry's search). */
export function InstitutionFilter({
  id,
  own,
  value,
  onChange,
}: {
  id: string;
  own: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
}) {
  const { t } = useSupervisionI18n();
  const [typed, setTyped] = useState('');
  const q = useDeferredValue(typed);
  const found = useInstitutionSearch(q, own);
  const chosen = useInstitutions(value ? [value] : []);
  const chosenName = value ? (chosen.get(value)?.data?.name ?? t('institutionUnknown', { id: shortId(value) })) : undefined;
  const options = [
    ...(value && chosenName ? [{ value, label: chosenName }] : []),
    ...(found.data?.items ?? []).filter((i) => i.id !== value).map((i) => ({ value: i.id, label: i.name })),
  ];
  return (
    <Form.Item label={t('filterInstitution')} htmlFor={id}>
      <Select
        id={id}
        style={{ width: 260 }}
        allowClear
        showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
        placeholder={t('filterInstitutionPlaceholder')}
        value={value}
        onChange={(v: string | undefined) => {
          setTyped('');
          onChange(v || undefined);
        }}
        notFoundContent={q.trim() ? (found.isFetching ? t('filterInstitutionSearching') : t('filterInstitutionNone')) : null}
        options={options}
      />
    </Form.Item>
  );
}
