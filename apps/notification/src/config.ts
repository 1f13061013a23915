import { z } from 'zod';
import { env, loadConfig, platformShape } from '@yiyang/config';

export const NOTIFICATION_CONFIG = Symbol('NOTIFICATION_CONFIG');

export const notificationDefaults = { port: 3004, database: 'yiyang_notification', serviceName: 'notification' };

const notificationShape = {
  ...platformShape(notificationDefaults),
  DISTANT_AGREEMENT_KM: env.int(50, 1, 5000).describe('DISTANT_AGREEMENT: parties farther apart than this many kilometres (就近就便)'),
  COVER_GRACE_DAYS: env
    .int(30, 0, 3650)
    .describe('ELDERLY_INSTITUTION_WITHOUT_MEDICAL_COVER: days an elderly-care institution may go without cover'),
  COVER_CHECK_INTERVAL_MS: env.int(3_600_000, 0).describe('how often institutions past the grace period are looked for (0 turns it off)'),
  WEBHOOK_ALLOW_PRIVATE: env.bool(false).describe('allow webhook URLs on loopback or private addresses (local runs and tests only)'),
  WEBHOOK_TIMEOUT_MS: env.int(5000, 100, 60_000).describe('how long one delivery attempt may take'),
  WEBHOOK_MAX_ATTEMPTS: env.int(6, 1, 50).describe('attempts before a delivery is dead-lettered'),
  WEBHOOK_RETRY_BASE_MS: env.int(2000, 10, 3_600_000).describe('first retry delay; doubled per attempt'),
  WEBHOOK_RETRY_MAX_MS: env.int(600_000, 10, 86_400_000).describe('longest retry delay'),
  WEBHOOK_POLL_MS: env.int(500, 0, 60_000).describe('how often due deliveries are looked for (0 turns delivery off)'),
  WEBHOOK_CONCURRENCY: env.int(32, 1, 1000).describe('deliveries in flight at once per replica'),
  WEBHOOK_PER_SUBSCRIPTION: env.int(4, 1, 100).describe('deliveries in flight at once per subscription (a slow endpoint holds no more)'),
  STREAM_POLL_MS: env
    .int(200, 20, 10_000)
    .describe('how often the live stream looks for new notifications (other replicas write them too)'),
  NOTIFICATION_DATA_KEYS: z.string().optional().describe('keys for webhook secrets at rest: id:<base64 of 32 bytes>, comma-separated'),
  NOTIFICATION_DATA_KEY_ID: env.optionalString().describe('the key that seals new secrets (default: the last listed)'),
  DATA_DEV_KEY: env
    .bool(true)
    .describe('generate a development data key under .local/keys when NOTIFICATION_DATA_KEYS is empty (never in production)'),
};

export type NotificationConfig = z.infer<z.ZodObject<typeof notificationShape>>;

export function loadNotificationConfig(source: NodeJS.ProcessEnv = process.env): NotificationConfig {
  return loadConfig(notificationShape, source);
}
