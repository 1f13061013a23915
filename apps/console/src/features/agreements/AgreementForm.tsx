/**
 * Filing an agreement (a nursing home's administrator; for continuing care, ADR 0013, a rehabilitation
 * hospital's, nursing hospital's or hospice's, the mode then fixed and the other party a general, TCM
 * or specialty hospital) and proposing an amendment (either party): one
 * form whose sections follow the chosen mode (EMBEDDED asks for the site, ENTRUSTED for the legal terms,
 * both for dispatched staff), validated with the service's own rules as it is filled in, the mode's
 * requirements listed beside it, and every refusal of the service shown next to the field it names.
 * What is typed is kept in this tab's storage (a sign-in round trip brings it back).
 */
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
  type FormRule,
} from 'antd';
import { ApiProblem, describeProblem } from '../../api/problem';
import { useSession } from '../../auth/session';
import { useFormDraft } from '../../shared/useFormDraft';
import {
  institutionKey,
  useAgreement,
  useAgreementMove,
  useEditDraft,
  useFileAgreement,
  useInstitutions,
  useUploadDocument,
  type Institution,
} from './api';
import { EditableRows } from '../../shared/EditableRows';
import { CancelForm, FormHeading } from '../../shared/FormHeading';
import { placeProblem, type ProblemPlacement } from '../../shared/placeProblem';
import { AgreementProblem } from './AgreementProblem';
import { DocumentPicker, MedicalPartyPicker, ModePicker, ServicesPicker } from './FormParts';
import {
  CODE_FIELDS,
  EMPTY_VALUES,
  contentOf,
  dutyLines,
  formField,
  toContentBody,
  toFileBody,
  uploadable,
  valuesFrom,
  type DocumentValue,
  type FormValues,
} from './formValues';
import { partyKeys, payerWords, useAgreementsI18n, type AgreementsI18n } from './i18n';
import type { AgreementMessageKey } from './messages';
import { FEE_PAYER_CODES, FEE_UNIT_CODES, sideOf, type Agreement, type Mode } from './model';
import { RuleList } from './RuleChecklist';
import {
  ELDERLY_CARE_MODES,
  checkAgreement,
  continuingCareServicesProblem,
  medicalPartyProblem,
  modeRequires,
  servicesProblems,
  staffProblem,
  termProblem,
  type PartyFacts,
} from './rules';

/** A fresh Idempotency-Key (randomUUID needs a secure context; getRandomValues does not). */
function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the registry says of an institution, as the rules read it. */
export const factsOf = (i: Institution | undefined): PartyFacts | undefined =>
  i ? { category: i.category, kind: i.kind, status: i.status } : undefined;

/** The service's field names → this form's labels (for the service's field errors). */
const API_LABELS: Record<string, AgreementMessageKey> = {
  mode: 'fieldMode',
  medicalInstitutionId: 'fieldMedicalParty',
  'term.effectiveFrom': 'fieldEffectiveFrom',
  'term.effectiveTo': 'fieldEffectiveTo',
  services: 'fieldServices',
  'services.frequency': 'fieldFrequency',
  'services.code': 'fieldServices',
  fees: 'fieldFees',
  'fees.item': 'feeItem',
  'fees.amountFen': 'feeAmount',
  'fees.unit': 'feeUnit',
  'fees.payer': 'feePayer',
  'responsibilities.elderlyParty': 'fieldElderlyDuties',
  'responsibilities.medicalParty': 'fieldMedicalDuties',
  breachLiability: 'fieldBreach',
  site: 'fieldSite',
  'entrustment.rightsAndObligations': 'fieldRights',
  'entrustment.legalLiability': 'fieldLiability',
  'entrustment.disputeResolution': 'fieldDisputes',
  staff: 'sectionStaff',
  'staff.name': 'staffName',
  'staff.practisingCertificateNumber': 'staffCertificate',
  'staff.multiSiteFiled': 'staffFiled',
  document: 'fieldDocument',
  'document.sha256': 'fieldDocument',
  'document.fileName': 'fieldDocument',
};

export function placementFor(t: AgreementsI18n['t']): ProblemPlacement {
  return {
    field: formField,
    codes: CODE_FIELDS,
    label: (f) => {
      const key = API_LABELS[f.replace(/\.\d+/g, '')];
      return key ? t(key) : f;
    },
  };
}

/** A calendar date held as the API's "YYYY-MM-DD" (China dates), shown with Ant Design's date picker. */
const dateProps = {
  getValueProps: (value: string | undefined) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined),
};

/** Amounts held in fen (the API's integer), typed in yuan. */
const yuanProps = {
  getValueProps: (fen: number | undefined) => ({ value: fen === undefined || fen === null ? undefined : fen / 100 }),
  normalize: (yuan: number | null) => (yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100)),
};

/** Filing (the modes this person files: a nursing home the elderly-care ones, a care-side institution CONTINUING_CARE), or amending. */
export type FormPurpose = { kind: 'file'; template?: Agreement; modes?: readonly Mode[] } | { kind: 'amend'; agreement: Agreement };

/** What the detail page shows after a filing whose submission did not go through. */
export interface FiledState {
  submitProblem?: { status: number; problem: ApiProblem['problem'] };
}

export function AgreementForm({ purpose, onCancel }: { purpose: FormPurpose; onCancel: () => void }) {
  const i18n = useAgreementsI18n();
  const { t, labels } = i18n;
  const { principal } = useSession();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const amending = purpose.kind === 'amend' ? purpose.agreement : undefined;
  const source = amending ?? (purpose.kind === 'file' ? purpose.template : undefined);
  const modes = purpose.kind === 'file' ? (purpose.modes ?? ELDERLY_CARE_MODES) : [];
  // the only mode this person files is chosen already (a continuing-care institution files CONTINUING_CARE)
  const onlyMode = modes.length === 1 ? modes[0] : undefined;
  const draft = useFormDraft<FormValues>(amending ? `agreements.amend.${amending.id}` : 'agreements.file');
  const [initial] = useState<FormValues>(() => {
    const v: FormValues = { ...EMPTY_VALUES, ...(source ? valuesFrom(source, !!amending) : {}), ...(draft.initial ?? {}) };
    // a mode this person cannot file (a draft typed under another role, a template of another mode) is not kept
    if (!amending && v.mode && !modes.includes(v.mode)) v.mode = undefined;
    return !amending && onlyMode && !v.mode ? { ...v, mode: onlyMode } : v;
  });
  const [restored, setRestored] = useState(!!draft.initial);
  const values = Form.useWatch([], { form, preserve: true });
  const mode: Mode | undefined = amending?.mode ?? values?.mode;
  const medicalId = amending?.medicalInstitutionId ?? values?.medicalInstitutionId;
  const elderlyId = amending?.elderlyInstitutionId ?? principal.institutionId;
  const institutions = useInstitutions([principal.institutionId, medicalId, elderlyId, source?.medicalInstitutionId]);
  const home = institutions.get(principal.institutionId ?? '')?.data;
  const medical = factsOf(institutions.get(medicalId ?? '')?.data);
  const elderly = factsOf(institutions.get(elderlyId ?? '')?.data);
  const checks = useMemo(
    () =>
      mode
        ? checkAgreement(contentOf(values ?? initial, amending ? { mode: amending.mode, term: amending.term } : undefined), {
            medical,
            elderly,
          })
        : [],
    [mode, values, initial, amending, medical, elderly],
  );
  const file = useFileAgreement();
  const edit = useEditDraft();
  const upload = useUploadDocument();
  const move = useAgreementMove();
  // a draft filed whose document did not upload: pressing again edits and uploads to it, not a second draft
  const filed = useRef<{ agreement: Agreement; medicalInstitutionId: string }>(undefined);
  // the version the amendment is proposed against: the one the person opened, until they reload it
  const latest = useAgreement(amending?.id);
  const [base, setBase] = useState(amending);
  const [problem, setProblem] = useState<unknown>();
  const idempotencyKey = useRef(`file-${randomKey()}`);
  const submitNow = useRef(true);
  const busy = file.isPending || edit.isPending || upload.isPending || move.isPending;
  const requires = modeRequires(mode);
  const placement = placementFor(t);

  const open = (id: string, state?: FiledState) => navigate({ search: `?agreement=${encodeURIComponent(id)}` }, { state });

  async function finish(v: FormValues) {
    setProblem(undefined);
    try {
      if (amending) {
        // the amendment's paper is uploaded after it is proposed (by the elderly-care party, who files papers)
        const { document: _declared, ...content } = toContentBody(v, amending.mode);
        const changed = await move.mutateAsync({ agreement: base ?? amending, move: { kind: 'amend', body: content } });
        draft.clear();
        const chosen = sideOf(amending, principal) === 'elderly' ? uploadable(v.document) : undefined;
        if (chosen) {
          try {
            await upload.mutateAsync({ agreement: changed, chosen });
          } catch (err) {
            void message.warning(t('amendmentPaperFailed', { reason: describeProblem(err, t).message }));
            open(changed.id);
            return;
          }
        }
        void message.success(t('amendmentProposed'));
        open(changed.id);
        return;
      }
      // the order the service needs: the draft, its signed document at the draft's version, then the submission
      const body = toFileBody(v, principal.institutionId!);
      const earlier = filed.current?.medicalInstitutionId === body.medicalInstitutionId ? filed.current.agreement : undefined;
      const drafted = earlier
        ? await edit.mutateAsync({ agreement: earlier, body })
        : await file.mutateAsync({ body, key: idempotencyKey.current });
      idempotencyKey.current = `file-${randomKey()}`;
      filed.current = { agreement: drafted, medicalInstitutionId: body.medicalInstitutionId };
      let created: Agreement;
      try {
        created = await upload.mutateAsync({ agreement: drafted, chosen: uploadable(v.document)! });
      } catch (err) {
        setProblem(err);
        form.setFields([{ name: ['document'], errors: [t('documentUploadFailed', { reason: describeProblem(err, t).message })] }]);
        return;
      }
      filed.current = undefined;
      draft.clear();
      if (!submitNow.current) {
        void message.success(t('filedDraft'));
        open(created.id);
        return;
      }
      try {
        await move.mutateAsync({ agreement: created, move: { kind: 'submit' } });
        void message.success(t('filedSubmitted'));
        open(created.id);
      } catch (err) {
        open(created.id, {
          submitProblem: err instanceof ApiProblem ? { status: err.status, problem: err.problem } : { status: 0, problem: undefined },
        });
      }
    } catch (err) {
      setProblem(err);
      placeProblem(form, err, t, placement);
    }
  }

  /** Back to an empty form (or to the agreement it started from), forgetting what was typed. */
  function startOver() {
    draft.clear();
    const blank: FormValues = {
      mode: undefined,
      medicalInstitutionId: undefined,
      term: undefined,
      breachLiability: undefined,
      site: undefined,
      entrustment: undefined,
      document: undefined,
    };
    form.resetFields();
    const again: FormValues = { ...blank, ...EMPTY_VALUES, ...(source ? valuesFrom(source, !!amending) : {}) };
    if (!amending && again.mode && !modes.includes(again.mode)) again.mode = undefined;
    form.setFieldsValue(!amending && onlyMode && !again.mode ? { ...again, mode: onlyMode } : again);
    setRestored(false);
  }

  const modeLabel = mode ? labels.mode[mode] : '';
  const parties = partyKeys(mode);
  return (
    <Flex vertical gap={16}>
      <FormHeading
        title={amending ? t('formTitleAmend') : t('formTitleNew')}
        intro={amending ? t('formIntroAmend') : onlyMode === 'CONTINUING_CARE' ? t('formIntroNewCareSide') : t('formIntroNew')}
        restored={restored && { message: t('formDraftRestored'), discard: t('discardDraft'), onDiscard: startOver }}
      />
      {!restored && purpose.kind === 'file' && purpose.template ? (
        <Alert
          type="info"
          showIcon
          title={t('fromTemplate', { name: institutions.get(purpose.template.medicalInstitutionId)?.data?.name ?? '' })}
        />
      ) : null}
      <Flex gap={24} align="start" wrap>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          onValuesChange={(changed: FormValues, all) => {
            draft.save(all);
            // the staff rule depends on the mode and on every row: a stale "staff required" clears as soon as it is met
            if (('staff' in changed || 'mode' in changed) && form.getFieldError(['staff']).length)
              void form.validateFields([['staff']]).catch(() => undefined);
          }}
          onFinish={(v) => void finish(v)}
          scrollToFirstError={{ focus: true }}
          aria-label={amending ? t('formTitleAmend') : t('formTitleNew')}
          style={{ flex: '1 1 560px', minWidth: 0 }}
        >
          <Flex vertical gap={16}>
            {amending ? (
              <FixedParts i18n={i18n} agreement={amending} names={institutions} />
            ) : (
              <PartiesSection i18n={i18n} mode={mode} modes={modes} home={home} />
            )}
            {amending ? null : (
              <Card size="small" title={t('sectionTerm')}>
                <Flex gap={16} wrap>
                  <Form.Item
                    name={['term', 'effectiveFrom']}
                    label={t('fieldEffectiveFrom')}
                    required
                    rules={[{ required: true, message: t('termFromRequired') }]}
                    {...dateProps}
                    style={{ minWidth: 200 }}
                  >
                    <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                  </Form.Item>
                  <Form.Item
                    name={['term', 'effectiveTo']}
                    label={t('fieldEffectiveTo')}
                    required
                    dependencies={[['term', 'effectiveFrom']]}
                    rules={[termRule(t)]}
                    {...dateProps}
                    style={{ minWidth: 200 }}
                  >
                    <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                  </Form.Item>
                </Flex>
                <Typography.Text type="secondary">{t('termHelp')}</Typography.Text>
              </Card>
            )}
            <Card size="small" title={t('sectionServices')}>
              <Form.Item
                name="services"
                label={t('fieldServices')}
                extra={t('fieldServicesHelp')}
                required
                dependencies={['mode']}
                rules={[servicesRule(i18n, amending?.mode)]}
              >
                <ServicesPicker i18n={i18n} />
              </Form.Item>
            </Card>
            <FeesSection i18n={i18n} mode={mode} />
            <Card size="small" title={t('sectionDuties')}>
              <Form.Item
                name={['duties', 'elderlyParty']}
                label={t(parties.elderlyDuties)}
                extra={t('dutiesHelp')}
                required
                rules={[dutiesRule(t)]}
              >
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
              </Form.Item>
              <Form.Item
                name={['duties', 'medicalParty']}
                label={t(parties.medicalDuties)}
                extra={t('dutiesHelp')}
                required
                rules={[dutiesRule(t)]}
              >
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
              </Form.Item>
              <Form.Item
                name="breachLiability"
                label={t('fieldBreach')}
                rules={[{ required: true, whitespace: true, message: t('breachRequired') }, { max: 4000 }]}
              >
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
              </Form.Item>
            </Card>
            {requires.site ? (
              <Card size="small" title={t('sectionSite')}>
                <Form.Item
                  name="site"
                  label={t('fieldSite')}
                  extra={t('fieldSiteHelp')}
                  rules={[{ required: true, whitespace: true, message: t('siteRequired') }, { max: 500 }]}
                >
                  <Input maxLength={500} />
                </Form.Item>
              </Card>
            ) : null}
            {requires.entrustment ? (
              <Card size="small" title={t('sectionEntrustment')}>
                {(['rightsAndObligations', 'legalLiability', 'disputeResolution'] as const).map((part) => (
                  <Form.Item
                    key={part}
                    name={['entrustment', part]}
                    label={t(
                      part === 'rightsAndObligations' ? 'fieldRights' : part === 'legalLiability' ? 'fieldLiability' : 'fieldDisputes',
                    )}
                    rules={[{ required: true, whitespace: true, message: t('entrustmentRequired') }, { max: 4000 }]}
                  >
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
                  </Form.Item>
                ))}
              </Card>
            ) : null}
            <StaffSection i18n={i18n} mode={mode} />
            <Card size="small" title={t('sectionDocument')}>
              <Form.Item
                name="document"
                label={t('fieldDocument')}
                extra={amending ? t('documentHelpAmend') : t('documentHelp')}
                required
                rules={[documentRule(t, !amending)]}
              >
                <DocumentPicker i18n={i18n} percent={upload.percent} />
              </Form.Item>
            </Card>
            {problem ? (
              <AgreementProblem
                error={problem}
                t={t}
                fieldLabel={placement.label}
                onReload={
                  amending
                    ? () =>
                        void latest.refetch().then((r) => {
                          if (r.data) setBase(r.data);
                          setProblem(undefined);
                        })
                    : undefined
                }
              />
            ) : null}
            <Space wrap>
              {amending ? (
                <Button type="primary" htmlType="submit" loading={busy}>
                  {t('proposeAmendment')}
                </Button>
              ) : (
                <>
                  <Button
                    type="primary"
                    htmlType="submit"
                    loading={busy && submitNow.current}
                    disabled={busy}
                    onClick={() => (submitNow.current = true)}
                  >
                    {t('fileAndSubmit')}
                  </Button>
                  <Button
                    loading={busy && !submitNow.current}
                    disabled={busy}
                    onClick={() => {
                      submitNow.current = false;
                      form.submit();
                    }}
                  >
                    {t('saveDraft')}
                  </Button>
                </>
              )}
              <CancelForm draft={draft} onCancel={onCancel} label={t('cancel')} />
            </Space>
          </Flex>
        </Form>
        <Card
          size="small"
          title={mode ? t('formChecklistTitle', { mode: modeLabel }) : t('formChecklistEmpty')}
          style={{ flex: '0 1 340px', position: 'sticky', top: 16 }}
          aria-live="polite"
        >
          {mode ? (
            <>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {labels.modeHelp[mode]}
              </Typography.Paragraph>
              <RuleList checks={checks} i18n={i18n} />
            </>
          ) : null}
        </Card>
      </Flex>
    </Flex>
  );
}

function termRule(t: AgreementsI18n['t']): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_: unknown, to: string | undefined) => {
      if (!to) throw new Error(t('termToRequired'));
      const problem = termProblem({ effectiveFrom: getFieldValue(['term', 'effectiveFrom']), effectiveTo: to });
      if (problem?.field === 'effectiveTo') throw new Error(t(problem.key));
    },
  });
}

/** A document chosen (and, for a filing, a file this page can upload), or the sentence saying why not. */
function documentRule(t: AgreementsI18n['t'], upload: boolean): FormRule {
  return {
    validator: async (_: unknown, d: DocumentValue | undefined) => {
      if (d?.refused) throw new Error(d.refused);
      if (!d?.fileName || !d.sha256) throw new Error(t('documentRequired'));
      if (upload && !uploadable(d)) throw new Error(t('documentChooseAgain'));
    },
  };
}

/** The services: at least one, each once, frequencies where needed, and what the mode requires (continuing care's). */
function servicesRule(i18n: AgreementsI18n, fixedMode: Mode | undefined): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_: unknown, services: FormValues['services']) => {
      const { none, items } = servicesProblems(services);
      if (none) throw new Error(i18n.t('servicesRequired'));
      if (items.length) throw new Error(items.map((p) => i18n.t(p.key, { service: i18n.labels.service[p.code] })).join('；'));
      const continuing = continuingCareServicesProblem(fixedMode ?? getFieldValue('mode'), services);
      if (continuing) throw new Error(i18n.t(continuing));
    },
  });
}

function dutiesRule(t: AgreementsI18n['t']): FormRule {
  return {
    validator: async (_: unknown, text: string | undefined) => {
      const lines = dutyLines(text);
      if (!lines.length) throw new Error(t('dutiesRequired'));
      if (lines.some((l) => l.length > 500)) throw new Error(t('dutyTooLong'));
    },
  };
}

function PartiesSection({
  i18n,
  mode,
  modes,
  home,
}: {
  i18n: AgreementsI18n;
  mode: Mode | undefined;
  modes: readonly Mode[];
  home: Institution | undefined;
}) {
  const { t } = i18n;
  const client = useQueryClient();
  const parties = partyKeys(mode);
  return (
    <Card size="small" title={t('sectionParties')}>
      <Form.Item name="mode" label={t('fieldMode')} rules={[{ required: true, message: t('modeRequired') }]}>
        <ModePicker i18n={i18n} modes={modes} />
      </Form.Item>
      <Form.Item
        name="medicalInstitutionId"
        label={t(parties.counterparty)}
        dependencies={['mode']}
        rules={[
          { required: true, message: t(parties.counterpartyRequired) },
          ({ getFieldValue }) => ({
            // the facts of the institution being validated (the registry's answer, cached), under the mode chosen now
            validator: async (_: unknown, id: string | undefined) => {
              const facts = id ? factsOf(client.getQueryData<Institution>(institutionKey(id))) : undefined;
              const problem = medicalPartyProblem(getFieldValue('mode'), facts);
              if (problem) throw new Error(t(problem));
            },
          }),
        ]}
      >
        <MedicalPartyPicker i18n={i18n} mode={mode} home={home} />
      </Form.Item>
    </Card>
  );
}

function FixedParts({ i18n, agreement, names }: { i18n: AgreementsI18n; agreement: Agreement; names: ReturnType<typeof useInstitutions> }) {
  const { t, labels } = i18n;
  return (
    <Card size="small" title={t('sectionParties')}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'mode', label: t('fieldMode'), children: labels.mode[agreement.mode] },
          {
            key: 'elderly',
            label: t(partyKeys(agreement.mode).elderly),
            children: names.get(agreement.elderlyInstitutionId)?.data?.name ?? t('unknownInstitution'),
          },
          {
            key: 'medical',
            label: t(partyKeys(agreement.mode).medical),
            children: names.get(agreement.medicalInstitutionId)?.data?.name ?? t('unknownInstitution'),
          },
          {
            key: 'term',
            label: t('fieldTerm'),
            children: t('termRange', { from: agreement.term.effectiveFrom, to: agreement.term.effectiveTo }),
          },
        ]}
      />
    </Card>
  );
}

/** A required choice of one code of a vocabulary, in a row of a list. */
function CodeChoice<C extends string>(props: {
  name: (string | number)[];
  codes: readonly C[];
  words: Record<C, string>;
  required: string;
  label: string;
  placeholder: string;
}) {
  return (
    <Form.Item name={props.name} rules={[{ required: true, message: props.required }]} style={{ flex: '1 1 130px', marginBottom: 0 }}>
      <Select
        aria-label={props.label}
        placeholder={props.placeholder}
        options={props.codes.map((c) => ({ value: c, label: props.words[c] }))}
      />
    </Form.Item>
  );
}

function FeesSection({ i18n, mode }: { i18n: AgreementsI18n; mode: Mode | undefined }) {
  const { t, labels } = i18n;
  const payers = payerWords(i18n, mode);
  return (
    <Card size="small" title={t('sectionFees')}>
      <EditableRows
        name="fees"
        empty={t('noFees')}
        add={t('addFee')}
        removeLabel={(n) => t('removeFee', { n })}
        newRow={{ payer: 'ELDERLY_PARTY', unit: 'PER_VISIT' }}
        row={(field, n) => (
          <>
            <Form.Item
              name={[field.name, 'item']}
              rules={[{ required: true, whitespace: true, message: t('feeItemRequired') }, { max: 100 }]}
              style={{ flex: '2 1 160px', marginBottom: 0 }}
            >
              <Input placeholder={t('feeItem')} aria-label={t('feeItemOf', { n: n + 1 })} maxLength={100} />
            </Form.Item>
            <Form.Item
              name={[field.name, 'amountFen']}
              {...yuanProps}
              rules={[
                { required: true, message: t('feeAmountRequired') },
                { type: 'integer', min: 0, max: 100_000_000_00, message: t('feeAmountInvalid') },
              ]}
              style={{ flex: '1 1 120px', marginBottom: 0 }}
            >
              <InputNumber
                min={0}
                max={100_000_000}
                precision={2}
                step={10}
                placeholder={t('feeAmount')}
                aria-label={t('feeAmountOf', { n: n + 1 })}
                style={{ width: '100%' }}
              />
            </Form.Item>
            <CodeChoice
              name={[field.name, 'unit']}
              codes={FEE_UNIT_CODES}
              words={labels.feeUnit}
              required={t('feeUnitRequired')}
              label={t('feeUnitOf', { n: n + 1 })}
              placeholder={t('feeUnit')}
            />
            <CodeChoice
              name={[field.name, 'payer']}
              codes={FEE_PAYER_CODES}
              words={payers}
              required={t('feePayerRequired')}
              label={t('feePayerOf', { n: n + 1 })}
              placeholder={t('feePayer')}
            />
          </>
        )}
      />
    </Card>
  );
}

function StaffSection({ i18n, mode }: { i18n: AgreementsI18n; mode: Mode | undefined }) {
  const { t } = i18n;
  const required = modeRequires(mode).staff;
  return (
    <Card size="small" title={t('sectionStaff')}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {required ? t('staffHelpRequired') : t('staffHelpOptional')}
      </Typography.Paragraph>
      <EditableRows
        name="staff"
        rules={[
          {
            validator: async (_: unknown, staff: FormValues['staff']) => {
              const problem = staffProblem(mode, staff);
              if (problem) throw new Error(t(problem));
            },
          },
        ]}
        empty={t('noStaff')}
        add={t('addStaff')}
        removeLabel={(n) => t('removeStaff', { n })}
        newRow={{ multiSiteFiled: false }}
        row={(field, n) => (
          <>
            <Form.Item
              name={[field.name, 'name']}
              rules={[{ required: true, whitespace: true, message: t('staffNameRequired') }, { max: 50 }]}
              style={{ flex: '1 1 120px', marginBottom: 0 }}
            >
              <Input placeholder={t('staffName')} aria-label={t('staffNameOf', { n: n + 1 })} maxLength={50} />
            </Form.Item>
            <Form.Item
              name={[field.name, 'practisingCertificateNumber']}
              rules={[{ required: true, whitespace: true, message: t('staffCertificateRequired') }, { max: 64 }]}
              style={{ flex: '2 1 180px', marginBottom: 0 }}
            >
              <Input placeholder={t('staffCertificate')} aria-label={t('staffCertificateOf', { n: n + 1 })} maxLength={64} />
            </Form.Item>
            <Form.Item name={[field.name, 'multiSiteFiled']} valuePropName="checked" style={{ marginBottom: 0, paddingTop: 5 }}>
              <Checkbox aria-label={t('staffFiledOf', { n: n + 1 })}>{t('staffFiled')}</Checkbox>
            </Form.Item>
          </>
        )}
      />
    </Card>
  );
}
