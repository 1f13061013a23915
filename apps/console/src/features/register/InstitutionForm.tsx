/**
 * Registering an institution, or editing one at the version read. Checked as typed with the API's own
 * rules (the USCC's check character, the division from the GB/T 2260 list, coordinates inside China, the
 * licence or filing the category needs); what is typed is kept in this tab as a draft, so a session that
 * runs out costs nothing; a refusal is a sentence next to the field it names, and a 409 (someone changed
 * the institution meanwhile) offers to reload it.
 */
import { useState, type ReactNode, type KeyboardEvent } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Cascader,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Typography,
  type FormItemProps,
} from 'antd';
import { useFormDraft } from '../../shared/useFormDraft';
import { usccRule } from '../../shared/validation';
import { useRegisterInstitution, useUpdateInstitution } from './api';
import { useDivisionTree, type DivisionOption } from './divisions';
import { useRegisterI18n, type RegisterTranslate } from './i18n';
import type { RegisterMessageKey } from './messages';
import {
  BED_TYPES,
  CHINA,
  CODE_FIELDS,
  HOSPITAL_KINDS,
  formFieldOf,
  formValuesOf,
  kindsOf,
  needsFiling,
  needsLicence,
  registerBody,
  updateBody,
  type FormValues,
} from './model';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { CancelForm, FormHeading } from '../../shared/FormHeading';
import { placeProblem } from '../../shared/placeProblem';
import type { Institution } from './search';

interface Draft {
  /** the version the edit started from (If-Match), kept with what was typed */
  version?: number;
  values: FormValues;
}

/** The API's fields → their labels, for the service's sentences ("医疗机构执业许可证", "有效期至"…). */
const LABELS: Record<string, Parameters<RegisterTranslate>[0]> = {
  uscc: 'fieldUscc',
  category: 'fieldCategory',
  name: 'fieldName',
  kind: 'fieldKind',
  hospitalGrade: 'fieldGrade',
  medicalInstitutionCode: 'fieldMedicalCode',
  ownership: 'fieldOwnership',
  nonProfit: 'fieldNonProfit',
  divisionCode: 'fieldDivision',
  address: 'fieldAddress',
  location: 'fieldLat',
  'location.lng': 'fieldLng',
  medicalLicence: 'fieldLicence',
  'medicalLicence.validFrom': 'fieldValidFrom',
  'medicalLicence.validTo': 'fieldValidTo',
  'medicalLicence.scope': 'fieldLicenceScope',
  elderlyCareFiling: 'fieldFiling',
  medicalInsuranceDesignation: 'fieldMedicalInsurance',
  longTermCareInsuranceDesignation: 'fieldLtcInsurance',
  capabilities: 'fieldCapabilities',
  beds: 'fieldBeds',
};

function labelOf(t: RegisterTranslate, apiField: string): string {
  const path = apiField.split('.').filter((p) => !/^\d+$/.test(p));
  const key = LABELS[path.join('.')] ?? LABELS[path[0]];
  return key ? t(key) : apiField;
}

/** A group of fields under its own caption (a licence, a designation): a fieldset, for screen readers. */
function Group({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <legend style={{ fontSize: 'inherit', fontWeight: 600, marginBottom: 8, border: 0 }}>{legend}</legend>
      {children}
    </fieldset>
  );
}

/** A date field held as YYYY-MM-DD (the API's dates are China dates). */
const dateProps: Pick<FormItemProps, 'getValueProps' | 'normalize'> = {
  getValueProps: (value: string | undefined) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined),
};

/** Every field of a registration, empty (setting them all clears a restored draft). */
const EMPTY: { [K in keyof Required<FormValues>]: FormValues[K] } = {
  uscc: undefined,
  category: undefined,
  name: undefined,
  kind: undefined,
  hospitalGrade: undefined,
  medicalInstitutionCode: undefined,
  ownership: undefined,
  nonProfit: true,
  division: undefined,
  address: undefined,
  location: { lat: undefined, lng: undefined },
  medicalLicence: undefined,
  elderlyCareFiling: undefined,
  medicalInsuranceDesignation: undefined,
  longTermCareInsuranceDesignation: undefined,
  capabilities: [],
  beds: {},
};

const searchDivisions = (input: string, path: DivisionOption[]) => path.some((o) => o.label.includes(input.trim()));

export function InstitutionForm({
  institution,
  onDone,
  onCancel,
  onReload,
}: {
  /** editing this institution (as read); registering a new one without it */
  institution?: Institution;
  onDone: (saved: Institution) => void;
  onCancel: () => void;
  /** read the institution again (after a 409); the page then shows the form anew */
  onReload?: () => void;
}) {
  const { t, labels } = useRegisterI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<FormValues>();
  const draft = useFormDraft<Draft>(institution ? `register.edit.${institution.id}` : 'register.new');
  const [restored, setRestored] = useState(!!draft.initial?.values);
  const [problem, setProblem] = useState<unknown>();
  const [unchanged, setUnchanged] = useState(false);
  const [version, setVersion] = useState(draft.initial?.version ?? institution?.version);
  const divisions = useDivisionTree();
  const register = useRegisterInstitution();
  const update = useUpdateInstitution();
  const category = Form.useWatch('category', form) ?? institution?.category;
  const kind = Form.useWatch('kind', form);

  /** the form before anything is typed: the institution as read, or an empty registration */
  const start = (): FormValues => (institution ? formValuesOf(institution) : { ...EMPTY });
  const [initial] = useState<FormValues>(() => ({ ...start(), ...(draft.initial?.values ?? {}) }));
  const options = <K extends 'kind' | 'capability' | 'grade'>(kind: K, only?: readonly string[]) =>
    Object.entries(labels[kind])
      .filter(([value]) => !only || only.includes(value))
      .map(([value, label]) => ({ value, label: label as string }));

  async function finish(values: FormValues) {
    setProblem(undefined);
    try {
      let saved: Institution;
      if (institution) {
        const body = updateBody(values, institution);
        setUnchanged(Object.keys(body).length === 0);
        if (Object.keys(body).length === 0) return;
        saved = await update.mutateAsync({ id: institution.id, version: version!, body });
        void message.success(t('doneSaved', { name: saved.name }));
      } else {
        saved = await register.mutateAsync(registerBody(values));
        void message.success(t('doneRegistered', { name: saved.name }));
      }
      draft.clear();
      onDone(saved);
    } catch (err) {
      setProblem(err);
      placeProblem(form, err, t, { field: formFieldOf, label: (f) => labelOf(t, f), codes: CODE_FIELDS });
    }
  }

  function discard() {
    draft.clear();
    setRestored(false);
    setVersion(institution?.version);
    form.resetFields();
    form.setFieldsValue(start());
  }

  function reload() {
    draft.clear();
    setProblem(undefined);
    onReload?.();
  }

  const required = (key: Parameters<RegisterTranslate>[0]) => ({ required: true, message: t(key) });
  const numbered = (section: 'medicalLicence' | 'elderlyCareFiling', numberLabel: RegisterMessageKey) => (
    <Form.Item name={[section, 'number']} label={t(numberLabel)} rules={[{ ...required('numberRequired'), whitespace: true }, { max: 64 }]}>
      <Input maxLength={64} />
    </Form.Item>
  );
  const designation = (
    section: 'medicalInsuranceDesignation' | 'longTermCareInsuranceDesignation',
    title: Parameters<RegisterTranslate>[0],
  ) => (
    <Group legend={t(title)}>
      <Flex wrap gap={16}>
        <Form.Item
          name={[section, 'number']}
          label={t('fieldDesignationNumber')}
          extra={t('fieldDesignationHelp')}
          dependencies={[[section, 'since']]}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_: unknown, value: string | undefined) => {
                if (!!value?.trim() !== !!getFieldValue([section, 'since'])) throw new Error(t('designationIncomplete'));
              },
            }),
          ]}
          style={{ minWidth: 240 }}
        >
          <Input maxLength={64} allowClear />
        </Form.Item>
        <Form.Item name={[section, 'since']} label={t('fieldDesignationSince')} {...dateProps} style={{ minWidth: 200 }}>
          <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
    </Group>
  );

  const busy = register.isPending || update.isPending;
  return (
    <Flex vertical gap={16}>
      <FormHeading
        title={institution ? t('formTitleEdit', { name: institution.name }) : t('formTitleNew')}
        intro={institution ? t('formIntroEdit', { version: version ?? '' }) : t('formIntroNew')}
        restored={restored && { message: t('draftRestored'), discard: t('discardDraft'), onDiscard: discard }}
      />
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(_, all) => {
          draft.save({ version, values: all });
          setUnchanged(false);
        }}
        onFinish={(v) => void finish(v)}
        onKeyDown={keepEnterInField}
        scrollToFirstError
        aria-label={t('formLabel')}
      >
        <Flex vertical gap={16}>
          <Card size="small" title={t('sectionIdentity')}>
            <Flex wrap gap={16}>
              <Form.Item
                name="uscc"
                label={t('fieldUscc')}
                hasFeedback={!institution}
                normalize={(v: string | undefined) => v?.toUpperCase().replace(/\s/g, '')}
                rules={institution ? [] : [required('usccRequired'), usccRule(t)]}
                style={{ width: 280 }}
              >
                <Input maxLength={18} disabled={!!institution} autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
              <Form.Item
                name="name"
                label={t('fieldName')}
                rules={[{ ...required('nameRequired'), whitespace: true, min: 2, max: 200 }]}
                style={{ minWidth: 320, flex: 1 }}
              >
                <Input maxLength={200} />
              </Form.Item>
            </Flex>
            <Flex wrap gap={16}>
              <Form.Item
                name="category"
                label={t('fieldCategory')}
                extra={institution ? t('fieldCategoryFixed') : undefined}
                rules={[required('categoryRequired')]}
                style={{ minWidth: 200 }}
              >
                <Select
                  disabled={!!institution}
                  options={Object.entries(labels.category).map(([value, label]) => ({ value, label }))}
                  onChange={(next: FormValues['category']) => {
                    if (kind && !kindsOf(next).includes(kind)) form.setFieldValue('kind', undefined);
                  }}
                />
              </Form.Item>
              <Form.Item
                name="kind"
                label={t('fieldKind')}
                dependencies={['category']}
                rules={[
                  required('kindRequired'),
                  {
                    validator: async (_: unknown, value: FormValues['kind']) => {
                      if (value && category && !kindsOf(category).includes(value)) throw new Error(t('kindNotOfCategory'));
                    },
                  },
                ]}
                style={{ minWidth: 240 }}
              >
                <Select showSearch={{ optionFilterProp: 'label' }} options={options('kind', kindsOf(category))} />
              </Form.Item>
              {kind && HOSPITAL_KINDS.includes(kind) ? (
                <Form.Item name="hospitalGrade" label={t('fieldGrade')} style={{ minWidth: 140 }}>
                  <Select allowClear placeholder={t('gradeNone')} options={options('grade')} />
                </Form.Item>
              ) : null}
              {needsLicence(category) ? (
                <Form.Item name="medicalInstitutionCode" label={t('fieldMedicalCode')} rules={[{ max: 64 }]} style={{ minWidth: 220 }}>
                  <Input maxLength={64} allowClear />
                </Form.Item>
              ) : null}
            </Flex>
            <Flex wrap gap={16}>
              <Form.Item name="ownership" label={t('fieldOwnership')} rules={[required('ownershipRequired')]}>
                <Radio.Group
                  aria-label={t('fieldOwnership')}
                  options={Object.entries(labels.ownership).map(([value, label]) => ({ value, label }))}
                />
              </Form.Item>
              <Form.Item name="nonProfit" label={t('fieldNonProfit')}>
                <Radio.Group
                  aria-label={t('fieldNonProfit')}
                  options={[
                    { value: true, label: t('yes') },
                    { value: false, label: t('no') },
                  ]}
                />
              </Form.Item>
            </Flex>
          </Card>

          <Card size="small" title={t('sectionPlace')}>
            <Flex wrap gap={16}>
              <Form.Item
                name="division"
                label={t('fieldDivision')}
                extra={t('fieldDivisionHelp')}
                rules={[{ type: 'array', required: true, message: t('divisionRequired') }]}
                style={{ minWidth: 320 }}
              >
                <Cascader
                  options={divisions ?? []}
                  showSearch={{ filter: searchDivisions }}
                  placeholder={divisions ? undefined : t('divisionLoading')}
                  notFoundContent={divisions ? undefined : t('divisionLoading')}
                />
              </Form.Item>
              <Form.Item
                name="address"
                label={t('fieldAddress')}
                rules={[{ ...required('addressRequired'), whitespace: true, max: 500 }]}
                style={{ minWidth: 320, flex: 1 }}
              >
                <Input maxLength={500} />
              </Form.Item>
            </Flex>
            <Flex wrap gap={16} align="start">
              <Form.Item
                name={['location', 'lat']}
                label={t('fieldLat')}
                extra={t('fieldLocationHelp')}
                rules={[required('latRequired'), { type: 'number', min: CHINA.lat[0], max: CHINA.lat[1], message: t('latRange') }]}
                style={{ width: 320 }}
              >
                <InputNumber step={0.000001} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item
                name={['location', 'lng']}
                label={t('fieldLng')}
                rules={[required('lngRequired'), { type: 'number', min: CHINA.lng[0], max: CHINA.lng[1], message: t('lngRange') }]}
                style={{ width: 200 }}
              >
                <InputNumber step={0.000001} style={{ width: '100%' }} />
              </Form.Item>
            </Flex>
          </Card>

          <Card size="small" title={t('sectionLicences')}>
            <Flex vertical gap={8}>
              {!category ? <Typography.Text type="secondary">{t('categoryRequired')}</Typography.Text> : null}
              {needsLicence(category) ? (
                <Group legend={t('licenceLegend')}>
                  <Flex wrap gap={16}>
                    {numbered('medicalLicence', 'fieldLicenceNumber')}
                    <Form.Item
                      name={['medicalLicence', 'validFrom']}
                      label={t('fieldValidFrom')}
                      {...dateProps}
                      rules={[required('dateRequired')]}
                    >
                      <DatePicker format="YYYY-MM-DD" />
                    </Form.Item>
                    <Form.Item
                      name={['medicalLicence', 'validTo']}
                      label={t('fieldValidTo')}
                      {...dateProps}
                      dependencies={[['medicalLicence', 'validFrom']]}
                      rules={[
                        required('dateRequired'),
                        ({ getFieldValue }) => ({
                          validator: async (_: unknown, to: string | undefined) => {
                            const from = getFieldValue(['medicalLicence', 'validFrom']) as string | undefined;
                            if (to && from && to <= from) throw new Error(t('validToOrder'));
                          },
                        }),
                      ]}
                    >
                      <DatePicker format="YYYY-MM-DD" />
                    </Form.Item>
                  </Flex>
                  <Form.Item
                    name={['medicalLicence', 'scope']}
                    label={t('fieldLicenceScope')}
                    extra={t('fieldLicenceScopeHelp')}
                    rules={[{ type: 'array', required: true, min: 1, message: t('scopeRequired') }]}
                  >
                    <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['、', ',', '，']} />
                  </Form.Item>
                </Group>
              ) : null}
              {needsFiling(category) ? (
                <Group legend={t('filingLegend')}>
                  <Flex wrap gap={16}>
                    {numbered('elderlyCareFiling', 'fieldFilingNumber')}
                    <Form.Item
                      name={['elderlyCareFiling', 'filedOn']}
                      label={t('fieldFiledOn')}
                      {...dateProps}
                      rules={[required('dateRequired')]}
                    >
                      <DatePicker format="YYYY-MM-DD" />
                    </Form.Item>
                  </Flex>
                </Group>
              ) : null}
              {designation('medicalInsuranceDesignation', 'fieldMedicalInsurance')}
              {designation('longTermCareInsuranceDesignation', 'fieldLtcInsurance')}
            </Flex>
          </Card>

          <Card size="small" title={t('sectionService')}>
            <Form.Item name="capabilities" label={t('fieldCapabilities')}>
              <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={options('capability')} />
            </Form.Item>
            <Flex wrap gap={16}>
              {BED_TYPES.map((bed) => (
                <Form.Item
                  key={bed}
                  name={['beds', bed]}
                  label={t(`bed${bed[0].toUpperCase()}${bed.slice(1)}` as RegisterMessageKey)}
                  rules={[{ type: 'integer', min: 0, max: 100000, message: t('bedsInvalid') }]}
                  style={{ width: 150 }}
                >
                  <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              ))}
            </Flex>
          </Card>

          {unchanged ? <Alert type="info" showIcon role="status" title={t('nothingChanged')} /> : null}
          {problem ? (
            <ProblemAlert error={problem} t={t} fieldLabel={(f) => labelOf(t, f)} onReload={institution ? reload : undefined} />
          ) : null}
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              {institution ? t('actionSave') : t('actionRegister')}
            </Button>
            <CancelForm draft={draft} onCancel={onCancel} label={t('cancel')} />
          </Space>
        </Flex>
      </Form>
    </Flex>
  );
}

/**
 * Enter in a field is not 提交登记: confirming a typed date or a choice must not register an institution
 * whose USCC and category cannot be changed afterwards. Enter still works where it means something (a
 * button, a text area, the pickers' own handling, which runs before this).
 */
function keepEnterInField(e: KeyboardEvent<HTMLFormElement>) {
  const target = e.target as HTMLElement;
  if (e.key === 'Enter' && target.tagName === 'INPUT') e.preventDefault();
}
