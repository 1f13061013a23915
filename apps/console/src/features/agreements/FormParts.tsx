/**
 * The filing form's own controls: the cooperation mode with what each means, the medical institution
 * chosen from the register (by area, kind and name), the services with their frequencies, and the signed
 * document (checked and hashed in the browser; the filing uploads it).
 */
import { useMemo, useState } from 'react';
import { Checkbox, Flex, Radio, Select, Typography } from 'antd';
import { formatBytes } from '../../shared/files';
import { FileChooser, UploadProgress } from '../../shared/FileTransfer';
import { MEDICAL_KINDS } from '@contracts/institution/vocabulary';
import { useInstitutions, useMedicalCandidates, type CandidateFilter, type Institution } from './api';
import { partyKeys, type AgreementsI18n } from './i18n';
import { FREQUENCY_CODES, SERVICES, type Frequency, type Mode, type ServiceCode } from './model';
import { ELDERLY_CARE_MODES, medicalKindsFor, needsFrequency, type InstitutionKind } from './rules';
import { orderedServices, type DocumentValue, type ServiceValue } from './formValues';

interface ControlProps<T> {
  id?: string;
  value?: T;
  onChange?: (value: T) => void;
  'aria-invalid'?: boolean;
}

/**
 * The cooperation modes this person files, each with what it means: a nursing home the elderly-care
 * ones, a rehabilitation hospital, nursing hospital or hospice continuing care only (ADR 0013).
 */
export function ModePicker({
  i18n,
  modes = ELDERLY_CARE_MODES,
  value,
  onChange,
  id,
}: ControlProps<Mode> & { i18n: AgreementsI18n; modes?: readonly Mode[] }) {
  return (
    <Radio.Group id={id} value={value} onChange={(e) => onChange?.(e.target.value as Mode)} style={{ width: '100%' }}>
      <Flex vertical gap={8}>
        {modes.map((m) => (
          <Radio key={m} value={m}>
            <Typography.Text strong>{i18n.labels.mode[m]}</Typography.Text>
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {i18n.labels.modeHelp[m]}
            </Typography.Text>
          </Radio>
        ))}
      </Flex>
    </Radio.Group>
  );
}

type Scope = 'county' | 'city' | 'province' | 'all';
const SCOPE_DIGITS: Record<Scope, number> = { county: 6, city: 4, province: 2, all: 0 };

function divisionPrefix(divisionCode: string | undefined, scope: Scope): string | undefined {
  if (!divisionCode || scope === 'all') return undefined;
  const prefix = divisionCode.slice(0, SCOPE_DIGITS[scope]);
  // a city-level home (xxxx00) searched "by county" is searched by its city
  return /^\d+$/.test(prefix) && !/^\d{4}00$/.test(prefix) ? prefix : divisionCode.slice(0, 4);
}

/**
 * The medical institution, from the register: ACTIVE ones of the area and kind chosen (the mode limits
 * the kinds), matched by name as the person types. The register is asked for pages of the area; names
 * are matched here, since the register has no search by name.
 */
export function MedicalPartyPicker({
  i18n,
  mode,
  home,
  value,
  onChange,
  id,
  ...rest
}: ControlProps<string> & { i18n: AgreementsI18n; mode: Mode | undefined; home: Institution | undefined }) {
  const { t, registry } = i18n;
  const [scope, setScope] = useState<Scope>('city');
  const [kind, setKind] = useState<InstitutionKind | undefined>();
  const allowed = medicalKindsFor(mode) ?? MEDICAL_KINDS;
  const chosenKind = kind && allowed.includes(kind) ? kind : undefined;
  const filter: CandidateFilter = { kind: chosenKind, division: divisionPrefix(home?.divisionCode, scope) };
  const candidates = useMedicalCandidates(filter, !!home);
  const selected = useInstitutions([value]).get(value ?? '')?.data;
  const options = useMemo(() => {
    const found = candidates.items.filter((i) => i.id !== home?.id && allowed.includes(i.kind));
    if (selected && !found.some((i) => i.id === selected.id)) found.unshift(selected);
    return found.map((i) => ({ value: i.id, label: i.name, institution: i }));
  }, [candidates.items, selected, home?.id, allowed]);

  return (
    <Flex vertical gap={8} style={{ width: '100%' }}>
      <Flex gap={8} wrap>
        <Select<Scope>
          aria-label={t('fieldScope')}
          value={scope}
          onChange={setScope}
          style={{ width: 120 }}
          options={(['county', 'city', 'province', 'all'] as Scope[]).map((s) => ({
            value: s,
            label: t(`scope${s[0].toUpperCase()}${s.slice(1)}` as 'scopeCity'),
          }))}
        />
        <Select<InstitutionKind>
          aria-label={t('fieldKindFilter')}
          allowClear
          placeholder={t('fieldKindFilter')}
          value={chosenKind}
          onChange={setKind}
          style={{ minWidth: 200 }}
          options={allowed.map((k) => ({ value: k, label: registry.kind[k] }))}
        />
      </Flex>
      <Select<string>
        id={id}
        aria-invalid={rest['aria-invalid']}
        showSearch={{ optionFilterProp: 'label' }}
        value={value}
        onChange={(v) => onChange?.(v)}
        loading={candidates.fetching}
        placeholder={t(partyKeys(mode).counterpartyHelp)}
        notFoundContent={
          candidates.loading ? t('candidatesLoading') : mode === 'CONTINUING_CARE' ? t('candidatesEmptyHospital') : t('candidatesEmpty')
        }
        options={options}
        optionRender={(o) => {
          const i = (o.data as { institution: Institution }).institution;
          return (
            <Flex vertical>
              <span>{i.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {registry.kind[i.kind]}
                {i.hospitalGrade ? ` · ${registry.grade[i.hospitalGrade]}` : ''} · {i.divisionName ?? i.divisionCode}
              </Typography.Text>
            </Flex>
          );
        }}
        popupRender={(menu) => (
          <>
            {menu}
            {candidates.truncated ? (
              <Typography.Text type="secondary" style={{ display: 'block', padding: '4px 12px', fontSize: 12 }}>
                {t('candidatesMore', { count: candidates.items.length })}
              </Typography.Text>
            ) : null}
          </>
        )}
        style={{ width: '100%' }}
      />
    </Flex>
  );
}

/** The services as ticks, each needing one with its frequency beside it. */
export function ServicesPicker({ i18n, value, onChange, id }: ControlProps<ServiceValue[]> & { i18n: AgreementsI18n }) {
  const { t, labels } = i18n;
  const chosen = value ?? [];
  const byCode = new Map(chosen.map((s) => [s.code, s]));
  const set = (next: ServiceValue[]) => onChange?.(orderedServices(next));
  const toggle = (code: ServiceCode, on: boolean) =>
    set(on ? [...chosen, { code, frequency: null }] : chosen.filter((s) => s.code !== code));
  const frequency = (code: ServiceCode, f: Frequency | undefined) =>
    set(chosen.map((s) => (s.code === code ? { ...s, frequency: f ?? null } : s)));
  return (
    <div
      id={id}
      role="group"
      aria-label={t('fieldServices')}
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: '8px 16px' }}
    >
      {SERVICES.map((code) => {
        const on = byCode.has(code);
        return (
          <Flex key={code} align="center" gap={8} style={{ minHeight: 32 }}>
            <Checkbox checked={on} onChange={(e) => toggle(code, e.target.checked)}>
              {labels.service[code]}
            </Checkbox>
            {on && needsFrequency(code) ? (
              <Select<Frequency>
                size="small"
                aria-label={t('frequencyOf', { service: labels.service[code] })}
                placeholder={t('fieldFrequency')}
                value={byCode.get(code)?.frequency ?? undefined}
                onChange={(f) => frequency(code, f)}
                style={{ width: 104 }}
                status={byCode.get(code)?.frequency ? undefined : 'warning'}
                options={FREQUENCY_CODES.map((f) => ({ value: f, label: labels.frequency[f] }))}
              />
            ) : null}
          </Flex>
        );
      })}
    </div>
  );
}

/**
 * The signed document: chosen from the computer and checked here (PDF, JPEG or PNG by its bytes, at
 * most 20 MB) before anything is sent; its name and SHA-256 shown, and while it uploads its progress.
 * The input is labelled "上传已签署的协议文本" / "Upload the signed agreement".
 */
export function DocumentPicker({
  i18n,
  value,
  onChange,
  id,
  percent,
}: ControlProps<DocumentValue | undefined> & { i18n: AgreementsI18n; percent?: number }) {
  const { t } = i18n;
  const shown = value?.sha256 ? value : undefined;
  return (
    <Flex id={id} vertical gap={4}>
      <div>
        <FileChooser
          label={t('uploadDocumentLabel')}
          testId="agreement-document"
          disabled={percent !== undefined}
          onChosen={(chosen) => onChange?.({ fileName: chosen.fileName.slice(0, 255), sha256: chosen.sha256, chosen })}
          onRefused={(sentence) => onChange?.({ fileName: '', sha256: '', refused: sentence })}
        >
          {shown ? t('replaceDocument') : t('chooseDocument')}
        </FileChooser>
      </div>
      {shown ? (
        <span>
          {shown.fileName}
          {shown.chosen ? <Typography.Text type="secondary">（{formatBytes(shown.chosen.size)}）</Typography.Text> : null}
          <br />
          <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>
            {t('documentHash', { hash: shown.sha256 })}
          </Typography.Text>
        </span>
      ) : null}
      <UploadProgress percent={percent} fileName={shown?.fileName ?? ''} />
    </Flex>
  );
}
