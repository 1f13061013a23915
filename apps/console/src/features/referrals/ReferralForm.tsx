/**
 * A nursing home refers a resident up: who (the ID number checked as it is typed by the API's own
 * GB 11643 rule; sex and birth date read from it, never typed), how urgent, why, the vital signs, and
 * to which hospital — only those the home has an agreement in force with, covering two-way referral
 * (or, for an emergency, the green channel). What is typed is kept as a draft in this tab.
 */
import { useMemo } from 'react';
import { App as AntApp, Alert, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { useSession } from '../../auth/session';
import { formatDate, formatDateTime } from '../../shared/time';
import { useFormDraft } from '../../shared/useFormDraft';
import { useInstitutionNames, usePartners, useRequestReferral } from './api';
import { useReferralI18n } from './i18n';
import { ageOn, deriveFromIdNumber, idNumberRule, normaliseIdNumber } from './patient';
import { placeProblem } from '../../shared/placeProblem';
import { ReferralProblem, referralPlacement } from './problems';
import {
  CONSCIOUSNESS,
  INSURANCES,
  PRIORITIES,
  UP_INDICATIONS,
  type Indication,
  type Insurance,
  type NewReferral,
  type Priority,
  type Referral,
  type Vitals,
} from './types';

export interface ReferralFormValues {
  patient?: { name?: string; idNumber?: string; insurance?: Insurance };
  priority?: Priority;
  indication?: Indication;
  icd10?: string;
  summary?: string;
  vitals?: Vitals;
  toInstitutionId?: string;
}

/** The service's ICD-10 pattern (RequestReferralDto), e.g. I63.9. */
export const ICD10 = /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/;

/** The service's ranges for vital signs (RequestReferralDto's VitalsDto). */
const VITAL_RANGES = {
  bpSystolic: { min: 30, max: 300, precision: 0, label: 'bpSystolic' },
  bpDiastolic: { min: 10, max: 250, precision: 0, label: 'bpDiastolic' },
  heartRate: { min: 10, max: 300, precision: 0, label: 'heartRateLabel' },
  respiratoryRate: { min: 1, max: 80, precision: 0, label: 'respiratoryRateLabel' },
  temperature: { min: 25, max: 45, precision: 1, label: 'temperatureLabel' },
  spo2: { min: 30, max: 100, precision: 0, label: 'spo2Label' },
} as const;

const DRAFT_KEY = 'referral-up';

export function ReferralForm({ onSubmitted }: { onSubmitted: (referral: Referral) => void }) {
  const { t, lang, rl } = useReferralI18n();
  const { principal } = useSession();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ReferralFormValues>();
  const draft = useFormDraft<ReferralFormValues>(DRAFT_KEY);
  const partners = usePartners(principal.institutionId);
  const nameOf = useInstitutionNames(useMemo(() => (partners.data ?? []).map((p) => p.institutionId), [partners.data]));
  const request = useRequestReferral();
  const idNumber = Form.useWatch(['patient', 'idNumber'], form);
  const priority = Form.useWatch('priority', form);
  const derived = deriveFromIdNumber(idNumber);

  const labels: Record<string, string> = {
    'patient.name': t('patientName'),
    'patient.idNumber': t('idNumber'),
    'patient.birthDate': t('birthDate'),
    'patient.sex': t('sex'),
    'patient.insurance': t('insurance'),
    priority: t('priority'),
    indication: t('indication'),
    icd10: t('icd10'),
    summary: t('summary'),
    toInstitutionId: t('receiver'),
    ...Object.fromEntries(Object.entries(VITAL_RANGES).map(([k, v]) => [`vitals.${k}`, t(v.label)])),
    'vitals.consciousness': t('consciousness'),
  };
  const fieldLabel = (field: string) => labels[field] ?? field;
  const known = new Set(Object.keys(labels));

  const options = (partners.data ?? []).map((p) => {
    const name = nameOf(p.institutionId) ?? '…';
    const usable = p.twoWay || (p.greenChannel && priority === 'EMERGENCY');
    return { value: p.institutionId, label: p.twoWay ? name : t('receiverGreenOnly', { name }), disabled: !usable };
  });
  const noPartners = partners.isSuccess && partners.data.length === 0;

  function submit(values: ReferralFormValues) {
    const who = deriveFromIdNumber(values.patient?.idNumber);
    if (!who || !principal.institutionId) return;
    const vitals = Object.fromEntries(Object.entries(values.vitals ?? {}).filter(([, v]) => v !== undefined && v !== null)) as Vitals;
    const body: NewReferral = {
      direction: 'UP',
      fromInstitutionId: principal.institutionId,
      toInstitutionId: values.toInstitutionId!,
      priority: values.priority!,
      patient: {
        name: values.patient!.name!.trim(),
        sex: who.sex,
        birthDate: who.birthDate,
        idNumber: normaliseIdNumber(values.patient!.idNumber!),
        insurance: values.patient!.insurance!,
      },
      indication: values.indication!,
      ...(values.icd10?.trim() ? { icd10: values.icd10.trim().toUpperCase() } : {}),
      summary: values.summary!.trim(),
      ...(Object.keys(vitals).length > 0 ? { vitals } : {}),
    };
    request.mutate(body, {
      onSuccess: (referral) => {
        draft.clear();
        form.resetFields();
        void message.success(
          t('submitted', { to: nameOf(referral.toInstitutionId) ?? '', deadline: formatDateTime(referral.deadlineAt, lang) }),
          6,
        );
        onSubmitted(referral);
      },
      onError: (error) =>
        placeProblem(
          form,
          error,
          t,
          referralPlacement(fieldLabel, known, { 'patient.birthDate': 'patient.idNumber', 'patient.sex': 'patient.idNumber' }),
        ),
    });
  }

  return (
    <Form<ReferralFormValues>
      form={form}
      layout="vertical"
      aria-label={t('tabNew')}
      initialValues={{ priority: 'URGENT', ...draft.initial }}
      onValuesChange={(_, all) => draft.save(all)}
      onFinish={submit}
      onFinishFailed={() => void message.warning(t('checkFields'))}
      scrollToFirstError
      style={{ maxWidth: 980 }}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('formIntro')}</Typography.Text>
        {request.error ? <ReferralProblem error={request.error} fieldLabel={fieldLabel} /> : null}
        <Card title={t('sectionResident')} size="small">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name={['patient', 'name']}
                label={t('patientName')}
                rules={[{ required: true, whitespace: true, message: t('nameRequired') }, { max: 50 }]}
              >
                <Input maxLength={50} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                name={['patient', 'idNumber']}
                label={t('idNumber')}
                rules={[idNumberRule(t)]}
                validateTrigger="onBlur"
                normalize={(v: string | undefined) => normaliseIdNumber(v ?? '')}
                required
              >
                <Input
                  maxLength={18}
                  autoComplete="off"
                  inputMode="text"
                  style={{ fontFamily: 'monospace' }}
                  onChange={(e) => {
                    // checked as it is typed once all 18 characters are there
                    if (normaliseIdNumber(e.target.value).length >= 18)
                      setTimeout(() => void form.validateFields([['patient', 'idNumber']]).catch(() => undefined));
                  }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item
                name={['patient', 'insurance']}
                label={t('insurance')}
                rules={[{ required: true, message: t('insuranceRequired') }]}
              >
                <Select options={INSURANCES.map((code) => ({ value: code, label: rl.insurance[code] }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('sex')} htmlFor="referral-derived-sex" extra={derived ? undefined : t('idDerived')}>
                <Input id="referral-derived-sex" readOnly value={derived ? rl.sex[derived.sex] : ''} tabIndex={-1} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                label={t('birthDate')}
                htmlFor="referral-derived-birth"
                extra={derived ? t('age', { n: ageOn(derived.birthDate) }) : undefined}
              >
                <Input id="referral-derived-birth" readOnly value={derived ? formatDate(derived.birthDate) : ''} tabIndex={-1} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t('sectionClinical')} size="small">
          <Form.Item name="priority" label={t('priority')} rules={[{ required: true, message: t('priorityRequired') }]}>
            <Radio.Group
              optionType="button"
              options={PRIORITIES.map((p) => ({ value: p, label: `${rl.priority[p]}（${t(`priorityHelp_${p}`)}）` }))}
              onChange={() => setTimeout(() => void form.validateFields(['toInstitutionId']).catch(() => undefined))}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="indication" label={t('indication')} rules={[{ required: true, message: t('indicationRequired') }]}>
                <Select options={UP_INDICATIONS.map((code) => ({ value: code, label: rl.indication[code] }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="icd10"
                label={t('icd10')}
                extra={t('icd10Help')}
                normalize={(v: string | undefined) => (v ?? '').toUpperCase()}
                rules={[
                  {
                    validator: async (_: unknown, v: string | undefined) => {
                      if (v && !ICD10.test(v.trim())) throw new Error(t('icd10Invalid'));
                    },
                  },
                ]}
              >
                <Input maxLength={8} autoComplete="off" style={{ fontFamily: 'monospace' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="summary"
            label={t('summary')}
            rules={[{ required: true, whitespace: true, message: t('summaryRequired') }, { max: 4000 }]}
          >
            <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('summaryPlaceholder')} />
          </Form.Item>
        </Card>
        <Card title={t('sectionVitals')} size="small">
          <Row gutter={16}>
            {Object.entries(VITAL_RANGES).map(([key, range]) => (
              <Col xs={12} md={4} key={key}>
                <Form.Item name={['vitals', key]} label={t(range.label)}>
                  <InputNumber
                    min={range.min}
                    max={range.max}
                    precision={range.precision}
                    step={range.precision ? 0.1 : 1}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
            ))}
            <Col xs={24} md={8}>
              <Form.Item name={['vitals', 'consciousness']} label={t('consciousness')}>
                <Select allowClear options={CONSCIOUSNESS.map((c) => ({ value: c, label: rl.consciousness[c] }))} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t('sectionReceiver')} size="small">
          {partners.error ? <ReferralProblem error={partners.error} onRetry={() => void partners.refetch()} /> : null}
          {noPartners ? <Alert type="warning" showIcon title={t('noPartners')} /> : null}
          <Form.Item
            name="toInstitutionId"
            label={t('receiver')}
            extra={t('receiverHelp')}
            dependencies={['priority']}
            rules={[
              { required: true, message: t('receiverRequired') },
              ({ getFieldValue }) => ({
                validator: async (_: unknown, id: string | undefined) => {
                  const partner = partners.data?.find((p) => p.institutionId === id);
                  if (id && partner && !partner.twoWay && getFieldValue('priority') !== 'EMERGENCY')
                    throw new Error(t('problemCode_AGREEMENT_REQUIRED'));
                },
              }),
            ]}
          >
            <Select
              options={options}
              loading={partners.isPending}
              disabled={noPartners}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ maxWidth: 480 }}
            />
          </Form.Item>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={request.isPending} disabled={noPartners}>
            {t('submit')}
          </Button>
          <Button
            onClick={() => {
              draft.clear();
              form.resetFields();
              form.setFieldsValue({
                patient: {},
                vitals: {},
                icd10: undefined,
                summary: undefined,
                indication: undefined,
                toInstitutionId: undefined,
                priority: 'URGENT',
              });
            }}
          >
            {t('resetForm')}
          </Button>
        </Space>
      </Space>
    </Form>
  );
}
