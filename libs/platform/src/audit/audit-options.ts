import type { Role } from '@yiyang/auth';

/** How a service offers its audit trail (`ServiceDefinition.audit`). */
export interface AuditOptions {
  /** roles that read every entry of this service (the registry: its registrar); others read by scope */
  readAll?: Role[];
}

export const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');
