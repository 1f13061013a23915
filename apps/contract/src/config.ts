import { env, loadConfig, PlatformConfig, platformShape } from '@yiyang/config';
import { StorageSettings, storageSettings } from '@yiyang/storage';

export const CONTRACT_CONFIG = Symbol('CONTRACT_CONFIG');

export const contractDefaults = { port: 3002, database: 'yiyang_contract', serviceName: 'contract' };

const contractShape = {
  ...platformShape(contractDefaults),
  AGREEMENT_SCHEDULE_INTERVAL_MS: env
    .int(60_000, 0)
    .describe('how often the agreement calendar runs: activation, termination on notice, expiry, 30/7-day reminders (0 turns it off)'),
  AGREEMENT_DOCUMENT_REQUIRED: env
    .bool(true)
    .describe(
      'countersigning an agreement needs its signed paper uploaded first, and countersigning an amendment the amendment’s (false: neither does)',
    ),
  AGREEMENT_DOCUMENT_SWEEP_INTERVAL_MS: env
    .int(3_600_000, 0)
    .describe('how often objects under agreements/ that no document refers to, and older than a day, are removed (0 turns it off)'),
};

export type ContractConfig = PlatformConfig & {
  AGREEMENT_SCHEDULE_INTERVAL_MS: number;
  AGREEMENT_DOCUMENT_REQUIRED: boolean;
  AGREEMENT_DOCUMENT_SWEEP_INTERVAL_MS: number;
  /** the object store of agreement documents (S3_*); null only when no key is set at all (the OpenAPI generator) */
  storage: StorageSettings | null;
};

/** The object store's settings; none when neither key is set (the documents' store then refuses to start, naming them). */
function storageOrNone(source: NodeJS.ProcessEnv): StorageSettings | null {
  if (!source.S3_ACCESS_KEY_ID && !source.S3_SECRET_ACCESS_KEY) return null;
  return storageSettings(source);
}

export function loadContractConfig(source: NodeJS.ProcessEnv = process.env): ContractConfig {
  return { ...loadConfig(contractShape, source), storage: storageOrNone(source) };
}

/** The storage settings a running service needs: a sentence naming S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY when absent. */
export function requireStorage(config: ContractConfig): StorageSettings {
  return config.storage ?? storageSettings({});
}
