/**
 * The console's pages and who sees them: one entry per feature, each loaded only when opened (the first
 * screen carries the shell alone). A menu item is shown only to the roles the service would answer.
 */
import { lazy, type ReactNode } from 'react';
import { BankOutlined, BellOutlined, SearchOutlined } from '@ant-design/icons';
import { hasInbox, type Principal } from '../auth/principal';
import type { MessageKey } from '../i18n/messages';

const InstitutionSearchPage = lazy(() => import('../features/register/InstitutionSearchPage'));
const InboxPage = lazy(() => import('../features/inbox/InboxPage'));

export interface Feature {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  allowed(p: Principal): boolean;
  element: ReactNode;
}

export const FEATURES: Feature[] = [
  {
    path: 'register',
    label: 'menuRegister',
    icon: <BankOutlined />,
    allowed: (p) => p.roles.includes('registrar'),
    element: <InstitutionSearchPage mode="register" />,
  },
  {
    path: 'institutions',
    label: 'menuDirectory',
    icon: <SearchOutlined />,
    allowed: (p) => p.roles.some((r) => r !== 'registrar'),
    element: <InstitutionSearchPage mode="directory" />,
  },
  { path: 'inbox', label: 'menuInbox', icon: <BellOutlined />, allowed: hasInbox, element: <InboxPage /> },
];

export const featuresFor = (p: Principal) => FEATURES.filter((f) => f.allowed(p));
