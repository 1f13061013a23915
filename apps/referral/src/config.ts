import { z } from 'zod';
import { env, loadConfig, platformShape } from '@yiyang/config';
import { StorageSettings, storageSettings } from '@yiyang/storage';
import { DeadlinePolicy } from './domain/referral';

export const REFERRAL_CONFIG = Symbol('REFERRAL_CONFIG');

export const referralDefaults = { port: 3003, database: 'yiyang_referral', serviceName: 'referral' };

const MINUTE = 60_000;

const referralShape = {
  ...platformShape(referralDefaults),
  REFERRAL_DEADLINE_EMERGENCY_MIN: env
    .int(15, 1, 7 * 24 * 60)
    .describe('minutes an EMERGENCY referral may wait for an answer before it is overdue'),
  REFERRAL_DEADLINE_URGENT_MIN: env.int(120, 1, 7 * 24 * 60).describe('minutes an URGENT referral may wait for an answer'),
  REFERRAL_DEADLINE_ROUTINE_MIN: env.int(1440, 1, 30 * 24 * 60).describe('minutes a ROUTINE referral may wait for an answer'),
  REFERRAL_EXPIRY_EMERGENCY_MIN: env.int(60, 1, 7 * 24 * 60).describe('minutes after which an unanswered EMERGENCY referral expires'),
  REFERRAL_EXPIRY_URGENT_MIN: env.int(480, 1, 30 * 24 * 60).describe('minutes after which an unanswered URGENT referral expires'),
  REFERRAL_EXPIRY_ROUTINE_MIN: env.int(4320, 1, 90 * 24 * 60).describe('minutes after which an unanswered ROUTINE referral expires'),
  REFERRAL_SCHEDULE_INTERVAL_MS: env.int(15_000, 0).describe('how often overdue and expired referrals are looked for (0 turns it off)'),
  REFERRAL_DATA_KEYS: z.string().optional().describe('keys for patient data at rest: id:<base64 of 32 bytes>, comma-separated'),
  REFERRAL_DATA_KEY_ID: env.optionalString().describe('the key that seals new patient data (default: the last listed)'),
  REFERRAL_ATTACHMENT_SWEEP_MS: env
    .int(3_600_000, 0)
    .describe('how often stored attachment objects that no referral refers to (older than a day) are removed (0 turns it off)'),
  DATA_DEV_KEY: env
    .bool(true)
    .describe('generate a development data key under .local/keys when REFERRAL_DATA_KEYS is empty (never in production)'),
};

/** The service's settings, and the object store's (S3_*, read by libs/storage) where attachments are kept. */
export type ReferralConfig = z.infer<z.ZodObject<typeof referralShape>> & { storage: StorageSettings };

export function loadReferralConfig(source: NodeJS.ProcessEnv = process.env): ReferralConfig {
  const config = { ...loadConfig(referralShape, source), storage: storageSettings(source) };
  const p = ['EMERGENCY', 'URGENT', 'ROUTINE'] as const;
  for (const priority of p) {
    if (config[`REFERRAL_EXPIRY_${priority}_MIN`] <= config[`REFERRAL_DEADLINE_${priority}_MIN`]) {
      throw new Error(
        `REFERRAL_EXPIRY_${priority}_MIN must be longer than REFERRAL_DEADLINE_${priority}_MIN (a referral expires only after it was overdue)`,
      );
    }
  }
  return config;
}

export function deadlinePolicy(c: ReferralConfig): DeadlinePolicy {
  return {
    responseMs: {
      EMERGENCY: c.REFERRAL_DEADLINE_EMERGENCY_MIN * MINUTE,
      URGENT: c.REFERRAL_DEADLINE_URGENT_MIN * MINUTE,
      ROUTINE: c.REFERRAL_DEADLINE_ROUTINE_MIN * MINUTE,
    },
    expiryMs: {
      EMERGENCY: c.REFERRAL_EXPIRY_EMERGENCY_MIN * MINUTE,
      URGENT: c.REFERRAL_EXPIRY_URGENT_MIN * MINUTE,
      ROUTINE: c.REFERRAL_EXPIRY_ROUTINE_MIN * MINUTE,
    },
  };
}
