import { env, loadConfig, PlatformConfig, platformShape } from '@yiyang/config';

export const CONTRACT_CONFIG = Symbol('CONTRACT_CONFIG');

export const contractDefaults = { port: 3002, database: 'yiyang_contract', serviceName: 'contract' };

const contractShape = {
  ...platformShape(contractDefaults),
  AGREEMENT_SCHEDULE_INTERVAL_MS: env
    .int(60_000, 0)
    .describe('how often the agreement calendar runs: activation, termination on notice, expiry, 30/7-day reminders (0 turns it off)'),
};

export type ContractConfig = PlatformConfig & { AGREEMENT_SCHEDULE_INTERVAL_MS: number };

export function loadContractConfig(source: NodeJS.ProcessEnv = process.env): ContractConfig {
  return loadConfig(contractShape, source);
}
