/** The services `npm start` builds and runs, with their default ports (SPEC §7). */
export interface ServiceSpec {
  name: string;
  /** environment variable that overrides the port for npm start */
  portVariable: string;
  defaultPort: number;
}

export const SERVICES: ServiceSpec[] = [
  { name: 'institution-registry', portVariable: 'INSTITUTION_REGISTRY_PORT', defaultPort: 3001 },
  { name: 'contract', portVariable: 'CONTRACT_PORT', defaultPort: 3002 },
  { name: 'referral', portVariable: 'REFERRAL_PORT', defaultPort: 3003 },
  { name: 'notification', portVariable: 'NOTIFICATION_PORT', defaultPort: 3004 },
];
