/**
 * The registrar's register (one route; what is open lives in the URL, so a link, a reload or a sign-in
 * round trip shows the same thing): the search with a drawer per institution (?institution=<id>) holding
 * the edit and sanction actions and its accounts, the registration form (?new), the edit form
 * (?institution=<id>&edit) and the bulk import's dialog over the list (?import).
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, ConfigProvider, Skeleton, Space, Typography } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { ProblemAlert } from '../../shared/ProblemAlert';
import { useReloadInstitution } from './api';
import { AccountsPanel } from './AccountsPanel';
import { useRegisterI18n } from './i18n';
import { InstitutionForm } from './InstitutionForm';
import { ImportDialog } from './ImportDialog';
import { InstitutionSearchPage } from './InstitutionSearchPage';
import { actionsFor, type StatusAction } from './model';
import { useInstitution, type Institution } from './search';
import { StatusDialog } from './StatusDialog';

/** Error text at WCAG AA contrast on white (Ant Design's red is 3.7:1). */
const THEME = { token: { colorError: '#c41d21' } };

export function RegisterPage() {
  const [params, setParams] = useSearchParams();
  const i18n = useRegisterI18n();
  const { t } = i18n;
  const reloadInstitution = useReloadInstitution();
  const [dialog, setDialog] = useState<{ action: StatusAction; institution: Institution }>();
  const id = params.get('institution') ?? undefined;

  /** the same list (filters kept), with one thing opened or closed */
  const go = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    setParams(next);
  };
  const toList = () =>
    go((next) => {
      next.delete('new');
      next.delete('edit');
    });
  const show = (saved: Institution) =>
    go((next) => {
      next.delete('new');
      next.delete('edit');
      next.set('institution', saved.id);
    });

  let view;
  let listing = false;
  if (params.has('new')) view = <InstitutionForm onDone={show} onCancel={toList} />;
  else if (id && params.has('edit')) view = <EditInstitution id={id} onDone={show} onCancel={toList} />;
  else {
    listing = true;
    view = (
      <InstitutionSearchPage
        mode="register"
        tools={{
          extra: (
            <Button icon={<ImportOutlined />} onClick={() => go((next) => next.set('import', ''))}>
              {t('importOpen')}
            </Button>
          ),
          onNew: () => go((next) => next.set('new', '')),
          newLabel: t('newInstitution'),
          actions: (institution) => {
            const allowed = actionsFor(institution.status);
            if (!allowed.edit) return <Typography.Text type="secondary">{t('revokedNote')}</Typography.Text>;
            return (
              <Space wrap aria-label={t('actionsLabel', { name: institution.name })} role="group">
                <Button type="primary" onClick={() => go((next) => next.set('edit', ''))}>
                  {t('actionEdit')}
                </Button>
                {allowed.actions.map((action) => (
                  <Button key={action} danger={action !== 'reinstate'} onClick={() => setDialog({ action, institution })}>
                    {t(action === 'suspend' ? 'actionSuspend' : action === 'reinstate' ? 'actionReinstate' : 'actionRevoke')}
                  </Button>
                ))}
              </Space>
            );
          },
          below: (institution) => <AccountsPanel institution={institution} i18n={i18n} />,
        }}
      />
    );
  }
  return (
    <ConfigProvider theme={THEME}>
      {view}
      {listing && params.has('import') ? (
        <ImportDialog
          i18n={i18n}
          onClose={() => go((next) => next.delete('import'))}
          onOpenInstitution={(institution) =>
            go((next) => {
              next.delete('import');
              next.set('institution', institution);
            })
          }
        />
      ) : null}
      {dialog ? (
        <StatusDialog
          action={dialog.action}
          institution={dialog.institution}
          i18n={i18n}
          onClose={() => setDialog(undefined)}
          onReload={() => void reloadInstitution(dialog.institution.id)}
        />
      ) : null}
    </ConfigProvider>
  );
}

function EditInstitution({ id, onDone, onCancel }: { id: string; onDone: (saved: Institution) => void; onCancel: () => void }) {
  const institution = useInstitution(id);
  if (institution.error) return <ProblemAlert error={institution.error} onRetry={() => void institution.refetch()} />;
  if (!institution.data) return <Skeleton active />;
  // a reload after a 409 reads the latest version: the form starts again from it
  return (
    <InstitutionForm
      key={institution.data.version}
      institution={institution.data}
      onDone={onDone}
      onCancel={onCancel}
      onReload={() => void institution.refetch()}
    />
  );
}

export default RegisterPage;
