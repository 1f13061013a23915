/**
 * The agreements screens of the two administrators (one route; what is open lives in the URL, so a link,
 * a reload or a sign-in round trip shows the same thing): the list by filter (?filter=), one agreement
 * (?agreement=<id>), the filing form (?new, ?new&from=<id> to start from another agreement) and the
 * amendment form (?agreement=<id>&amend). Who files is decided by institution (ADR 0013): a nursing home's
 * administrator, or a rehabilitation hospital's, nursing hospital's or hospice's (continuing care).
 */
import { useSearchParams } from 'react-router';
import { Button, ConfigProvider, Flex, Skeleton, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSession } from '../../auth/session';
import { useAgreement, useInstitutions } from './api';
import { AgreementDetail } from './AgreementDetail';
import { AgreementForm } from './AgreementForm';
import { AgreementList } from './AgreementList';
import { AgreementProblem } from './AgreementProblem';
import { useAgreementsI18n } from './i18n';
import { filtersFor, type FilterKey, type Mode } from './model';
import { filingModes } from './rules';

/**
 * What the person files, from their role and what the registry says of their institution (its category
 * and kind): the elderly-care modes for a nursing home's administrator, CONTINUING_CARE for a
 * rehabilitation hospital's, nursing hospital's or hospice's. `reading`: the institution is still being read.
 */
export function useFiling(): { modes: Mode[]; reading: boolean; careSide: boolean } {
  const { principal } = useSession();
  const read = useInstitutions([principal.institutionId]).get(principal.institutionId ?? '');
  const modes = filingModes(principal.roles, principal.institutionId, read?.data);
  return {
    modes,
    reading: !!principal.institutionId && !read?.data && !read?.failed,
    careSide: modes.includes('CONTINUING_CARE') && modes.length === 1,
  };
}

/**
 * Text at WCAG AA contrast on white where Ant Design's defaults are not: error text (its red is 3.7:1)
 * and description labels (its tertiary grey is 3.4:1).
 */
const THEME = { token: { colorError: '#c41d21' }, components: { Descriptions: { labelColor: '#595959' } } };

export function AgreementsPage() {
  const { principal } = useSession();
  const [params, setParams] = useSearchParams();
  const filing = useFiling();
  const canFile = filing.modes.length > 0;
  const filters = filtersFor(principal, canFile);
  const asked = params.get('filter') as FilterKey | null;
  const filter = asked && filters.includes(asked) ? asked : filters[0];
  const id = params.get('agreement') ?? undefined;

  const toList = () => setParams(filter === filters[0] ? {} : { filter });
  let view;
  if (params.has('new') && canFile) view = <NewAgreement modes={filing.modes} fromId={params.get('from') ?? undefined} onCancel={toList} />;
  // a medical institution's administrator may file (continuing care): wait for the registry's answer
  else if (params.has('new') && filing.reading) view = <Skeleton active />;
  else if (id && params.has('amend')) view = <AmendAgreement id={id} onCancel={() => setParams({ agreement: id })} />;
  else if (id)
    view = (
      <AgreementDetail
        key={id}
        id={id}
        onAmend={(a) => setParams({ agreement: a.id, amend: '' })}
        onCopy={(a) => setParams({ new: '', from: a.id })}
      />
    );
  else
    view = (
      <ListView
        filter={filter}
        filters={filters}
        canFile={canFile}
        careSide={filing.careSide}
        onFilter={(f) => setParams(f === filters[0] ? {} : { filter: f })}
        onNew={() => setParams({ new: '' })}
      />
    );
  return <ConfigProvider theme={THEME}>{view}</ConfigProvider>;
}

function ListView({
  filter,
  filters,
  canFile,
  careSide,
  onFilter,
  onNew,
}: {
  filter: FilterKey;
  filters: FilterKey[];
  canFile: boolean;
  careSide: boolean;
  onFilter: (f: FilterKey) => void;
  onNew: () => void;
}) {
  const { t } = useAgreementsI18n();
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('pageTitle')}
        </Typography.Title>
        {canFile ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={onNew}>
            {t('newAgreement')}
          </Button>
        ) : null}
      </Flex>
      <Typography.Paragraph style={{ margin: 0 }}>
        {careSide ? t('pageIntroCareSide') : canFile ? t('pageIntroElderly') : t('pageIntroMedical')}
      </Typography.Paragraph>
      <AgreementList filter={filter} filters={filters} onFilter={onFilter} />
    </Flex>
  );
}

function NewAgreement({ modes, fromId, onCancel }: { modes: Mode[]; fromId?: string; onCancel: () => void }) {
  const { t } = useAgreementsI18n();
  const template = useAgreement(fromId);
  if (fromId && template.isPending && !template.error) return <Skeleton active />;
  if (fromId && template.error) return <AgreementProblem error={template.error} t={t} onRetry={() => void template.refetch()} />;
  return <AgreementForm key={fromId ?? 'new'} purpose={{ kind: 'file', template: template.data, modes }} onCancel={onCancel} />;
}

function AmendAgreement({ id, onCancel }: { id: string; onCancel: () => void }) {
  const { t } = useAgreementsI18n();
  const agreement = useAgreement(id);
  if (agreement.error) return <AgreementProblem error={agreement.error} t={t} onRetry={() => void agreement.refetch()} />;
  if (!agreement.data) return <Skeleton active />;
  return <AgreementForm key={id} purpose={{ kind: 'amend', agreement: agreement.data }} onCancel={onCancel} />;
}

export default AgreementsPage;
