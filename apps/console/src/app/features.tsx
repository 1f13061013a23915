/**
 * The console's pages and who sees them: one entry per feature, each loaded only when opened (the first
 * screen carries the shell alone). A menu item is shown only to the roles the service would answer.
 */
import { lazy, type ReactNode } from 'react';
import { BankOutlined, BellOutlined, SearchOutlined } from '@ant-design/icons';
import { MedicineBoxOutlined, SwapOutlined } from '@ant-design/icons';
import { hasInbox, type Principal } from '../auth/principal';
import type { MessageKey } from '../i18n/messages';
import { FileProtectOutlined } from '@ant-design/icons';
import { AlertOutlined, ApiOutlined, BarChartOutlined } from '@ant-design/icons';
import { AuditOutlined, DashboardOutlined, PartitionOutlined } from '@ant-design/icons';

const InstitutionSearchPage = lazy(() => import('../features/register/InstitutionSearchPage'));
const RegisterPage = lazy(() => import('../features/register/RegisterPage'));
const InboxPage = lazy(() => import('../features/inbox/InboxPage'));
const ReferralDeskPage = lazy(() => import('../features/referrals/DeskPage'));
const ReferralsPage = lazy(() => import('../features/referrals/ReferralsPage'));
const AgreementsPage = lazy(() => import('../features/agreements/AgreementsPage'));
const StatisticsPage = lazy(() => import('../features/oversight/StatisticsPage'));
const FindingsPage = lazy(() => import('../features/oversight/FindingsPage'));
const SubscriptionsPage = lazy(() => import('../features/oversight/SubscriptionsPage'));
const HomePage = lazy(() => import('../features/home/HomePage'));
const SupervisionPage = lazy(() => import('../features/supervision/SupervisionPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));

export interface Feature {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  allowed(p: Principal): boolean;
  element: ReactNode;
}

export const FEATURES: Feature[] = [
  // an institution's administrator lands on the overview of their institution's work
  {
    path: 'home',
    label: 'menuHome',
    icon: <DashboardOutlined />,
    allowed: (p) => !!p.institutionId && p.roles.some((r) => r === 'elderly-admin' || r === 'medical-admin'),
    element: <HomePage />,
  },
  // a regulator lands on the statistics (the first entry they may use)
  {
    path: 'statistics',
    label: 'menuStatistics',
    icon: <BarChartOutlined />,
    allowed: (p) => !!p.division && p.roles.includes('regulator'),
    element: <StatisticsPage />,
  },
  {
    path: 'findings',
    label: 'menuFindings',
    icon: <AlertOutlined />,
    allowed: (p) => !!p.division && p.roles.includes('regulator'),
    element: <FindingsPage />,
  },
  {
    path: 'subscriptions',
    label: 'menuSubscriptions',
    icon: <ApiOutlined />,
    allowed: (p) => !!p.division && p.roles.includes('regulator'),
    element: <SubscriptionsPage />,
  },
  {
    path: 'supervision',
    label: 'menuSupervision',
    icon: <PartitionOutlined />,
    allowed: (p) => !!p.division && p.roles.includes('regulator'),
    element: <SupervisionPage />,
  },
  {
    path: 'register',
    label: 'menuRegister',
    icon: <BankOutlined />,
    allowed: (p) => p.roles.includes('registrar'),
    element: <RegisterPage />,
  },
  {
    path: 'institutions',
    label: 'menuDirectory',
    icon: <SearchOutlined />,
    allowed: (p) => p.roles.some((r) => r !== 'registrar'),
    element: <InstitutionSearchPage mode="directory" />,
  },
  { path: 'inbox', label: 'menuInbox', icon: <BellOutlined />, allowed: hasInbox, element: <InboxPage /> },
  {
    path: 'referral-desk',
    label: 'menuReferralDesk',
    icon: <MedicineBoxOutlined />,
    allowed: (p) => !!p.institutionId && p.roles.some((r) => r === 'referral-desk' || r === 'medical-admin'),
    element: <ReferralDeskPage />,
  },
  {
    path: 'referrals',
    label: 'menuReferrals',
    icon: <SwapOutlined />,
    allowed: (p) => !!p.institutionId && p.roles.includes('elderly-admin'),
    element: <ReferralsPage />,
  },
  {
    path: 'agreements',
    label: 'menuAgreements',
    icon: <FileProtectOutlined />,
    allowed: (p) => !!p.institutionId && p.roles.some((r) => r === 'elderly-admin' || r === 'medical-admin'),
    element: <AgreementsPage />,
  },
  {
    path: 'audit',
    label: 'menuAudit',
    icon: <AuditOutlined />,
    allowed: (p) => p.roles.includes('registrar') || (p.roles.includes('regulator') && !!p.division) || !!p.institutionId,
    element: <AuditPage />,
  },
];

export const featuresFor = (p: Principal) => FEATURES.filter((f) => f.allowed(p));
