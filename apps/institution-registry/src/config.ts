import { z } from 'zod';
import { env, loadConfig, platformShape } from '@yiyang/config';

export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');

export const registryDefaults = { port: 3001, database: 'yiyang_registry', serviceName: 'institution-registry' };

const registryShape = {
  ...platformShape(registryDefaults),
  LICENCE_CHECK_INTERVAL_MS: env.int(3_600_000, 0).describe('how often lapsed licences are looked for (0 turns the job off)'),
  ACCOUNTS_ADMIN_URL: z
    .string()
    .url()
    .optional()
    .describe('the Keycloak realm whose users the accounts API manages (default: OIDC_ISSUER)'),
  ACCOUNTS_CLIENT_ID: env
    .string('yiyang-accounts')
    .describe('the confidential client whose service account manages users (realm-management: manage-users)'),
  ACCOUNTS_CLIENT_SECRET: env.optionalString().describe('its secret; without it the accounts API answers 503'),
};

export type RegistryConfig = z.infer<z.ZodObject<typeof registryShape>>;

export function loadRegistryConfig(source: NodeJS.ProcessEnv = process.env): RegistryConfig {
  return loadConfig(registryShape, source);
}
