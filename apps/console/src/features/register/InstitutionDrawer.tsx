import type { ReactNode } from 'react';
import { Descriptions, Drawer, Flex, Skeleton, Space, Tag, type DescriptionsProps } from 'antd';
import { useI18n, type Lang } from '../../i18n/i18n';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { formatDate, formatDateTime } from '../../shared/time';
import { STATUS_COLOURS, useInstitution, type Institution } from './search';

/** One institution's registry facts, in the person's language, dates in China Standard Time. */
export function InstitutionDrawer({
  id,
  lang,
  onClose,
  actions,
  below,
}: {
  id: string | undefined;
  lang: Lang;
  onClose: () => void;
  /** what the person may do with it (the registrar's edit and sanctions), in the drawer's header */
  actions?: (institution: Institution) => ReactNode;
  /** more below the details (the registrar's view of its accounts) */
  below?: (institution: Institution) => ReactNode;
}) {
  const { t } = useI18n();
  const institution = useInstitution(id);
  const data = institution.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      title={data?.name ?? t('details')}
      size={640}
      destroyOnHidden
      extra={data ? actions?.(data) : undefined}
    >
      {institution.error ? <ProblemAlert error={institution.error} onRetry={() => void institution.refetch()} /> : null}
      {institution.isPending && !institution.error ? <Skeleton active /> : null}
      {data ? (
        <Flex vertical gap={24}>
          <Details institution={data} lang={lang} />
          {below?.(data)}
        </Flex>
      ) : null}
    </Drawer>
  );
}

function Details({ institution: i, lang }: { institution: Institution; lang: Lang }) {
  const { t, labels } = useI18n();
  const none = t('none');
  const beds = [
    i.beds.elderly ? t('bedsElderly', { n: i.beds.elderly }) : '',
    i.beds.medical ? t('bedsMedical', { n: i.beds.medical }) : '',
    i.beds.rehabilitation ? t('bedsRehabilitation', { n: i.beds.rehabilitation }) : '',
    i.beds.hospice ? t('bedsHospice', { n: i.beds.hospice }) : '',
    i.beds.family ? t('bedsFamily', { n: i.beds.family }) : '',
  ].filter(Boolean);
  const items: DescriptionsProps['items'] = [
    { key: 'status', label: t('colStatus'), children: <Tag color={STATUS_COLOURS[i.status]}>{labels.status[i.status]}</Tag> },
    ...(i.statusReason ? [{ key: 'reason', label: t('fieldStatusReason'), children: i.statusReason }] : []),
    { key: 'uscc', label: t('fieldUscc'), children: <span style={{ fontFamily: 'monospace' }}>{i.uscc}</span> },
    ...(i.medicalInstitutionCode ? [{ key: 'mic', label: t('fieldMedicalCode'), children: i.medicalInstitutionCode }] : []),
    { key: 'category', label: t('colCategory'), children: labels.category[i.category] },
    { key: 'kind', label: t('colKind'), children: labels.kind[i.kind] },
    ...(i.hospitalGrade ? [{ key: 'grade', label: t('fieldGrade'), children: labels.grade[i.hospitalGrade] }] : []),
    { key: 'ownership', label: t('fieldOwnership'), children: labels.ownership[i.ownership] },
    { key: 'nonProfit', label: t('fieldNonProfit'), children: i.nonProfit ? t('yes') : t('no') },
    { key: 'division', label: t('colDivision'), children: `${i.divisionName ?? ''} (${i.divisionCode})` },
    { key: 'address', label: t('fieldAddress'), children: i.address },
    { key: 'location', label: t('fieldLocation'), children: `${i.location.lat}, ${i.location.lng}` },
    {
      key: 'licence',
      label: t('fieldLicence'),
      children: i.medicalLicence ? (
        <Space orientation="vertical" size={0}>
          <span>{i.medicalLicence.number}</span>
          <span>
            {t('fieldValidity')}: {formatDate(i.medicalLicence.validFrom)} – {formatDate(i.medicalLicence.validTo)}
          </span>
          <span>
            {t('fieldLicenceScope')}: {i.medicalLicence.scope.join('、')}
          </span>
        </Space>
      ) : (
        none
      ),
    },
    {
      key: 'filing',
      label: t('fieldFiling'),
      children: i.elderlyCareFiling
        ? `${i.elderlyCareFiling.number}（${t('fieldFiledOn')} ${formatDate(i.elderlyCareFiling.filedOn)}）`
        : none,
    },
    {
      key: 'mi',
      label: t('fieldMedicalInsurance'),
      children: i.medicalInsuranceDesignation
        ? `${i.medicalInsuranceDesignation.number}，${t('since', { date: i.medicalInsuranceDesignation.since })}`
        : none,
    },
    {
      key: 'ltc',
      label: t('fieldLtcInsurance'),
      children: i.longTermCareInsuranceDesignation
        ? `${i.longTermCareInsuranceDesignation.number}，${t('since', { date: i.longTermCareInsuranceDesignation.since })}`
        : none,
    },
    { key: 'beds', label: t('fieldBeds'), children: beds.length > 0 ? beds.join('；') : none },
    {
      key: 'capabilities',
      label: t('fieldCapabilities'),
      children: i.capabilities.length > 0 ? i.capabilities.map((c) => <Tag key={c}>{labels.capability[c]}</Tag>) : none,
    },
    { key: 'registeredAt', label: t('fieldRegisteredAt'), children: formatDateTime(i.registeredAt, lang) },
    { key: 'updatedAt', label: t('fieldUpdatedAt'), children: formatDateTime(i.updatedAt, lang) },
    { key: 'version', label: t('fieldVersion'), children: i.version },
  ];
  return <Descriptions column={1} bordered size="small" items={items} />;
}
