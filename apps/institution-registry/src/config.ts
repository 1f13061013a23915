import { env, loadConfig, PlatformConfig, platformShape } from '@yiyang/config';

export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');

export const registryDefaults = { port: 3001, database: 'yiyang_registry', serviceName: 'institution-registry' };

const registryShape = {
  ...platformShape(registryDefaults),
  LICENCE_CHECK_INTERVAL_MS: env.int(3_600_000, 0).describe('how often lapsed licences are looked for (0 turns the job off)'),
};

export type RegistryConfig = PlatformConfig & { LICENCE_CHECK_INTERVAL_MS: number };

export function loadRegistryConfig(source: NodeJS.ProcessEnv = process.env): RegistryConfig {
  return loadConfig(registryShape, source);
}
