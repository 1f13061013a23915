import { z } from 'zod';
import { env, loadConfig } from './load-config';

/**
 * The settings every service shares. A service reads these with its own defaults (port, schema, ids)
 * and adds its own. Each variable is documented in README.md.
 */
export function platformShape(defaults: { port: number; database: string; serviceName: string }) {
  return {
    PORT: env.port(defaults.port).describe('HTTP port of the service'),
    HOST: env.string('0.0.0.0').describe('address the HTTP server binds'),
    SERVICE_NAME: env.string(defaults.serviceName).describe('service name used in logs, CloudEvents source and Kafka client id'),
    DB_HOST: env.string('127.0.0.1').describe('MySQL/MariaDB host'),
    DB_PORT: env.port(3306).describe('MySQL/MariaDB port'),
    DB_USER: env.string('root').describe('database user'),
    DB_PASSWORD: z.string().default('').describe('database password'),
    DB_NAME: env.string(defaults.database).describe("the service's own schema"),
    DB_POOL_SIZE: env.int(10, 1, 200).describe('connection pool size'),
    DB_CREATE_DATABASE: env.bool(true).describe('create the schema at start-up when it does not exist'),
    DB_MIGRATE: env.bool(true).describe('run pending migrations at start-up (under a named lock, safe with replicas)'),
    KAFKA_BROKERS: env.list('127.0.0.1:9092').describe('comma-separated host:port list of Kafka brokers'),
    KAFKA_TOPIC_PREFIX: z.string().default('').describe('prefix for every topic name (isolates test runs and environments)'),
    KAFKA_TOPIC_PARTITIONS: env.int(6, 1, 1000).describe('partitions for topics this service creates'),
    KAFKA_REPLICATION_FACTOR: env.int(1, 1, 10).describe('replication factor for topics this service creates'),
    KAFKA_CONSUMER_GROUP: env.optionalString().describe('consumer group id (defaults to the service name)'),
    KAFKA_CONSUMER_CONCURRENCY: env.int(3, 1, 64).describe('partitions a consumer handles at once (order is kept within each partition)'),
    KAFKA_CONSUMER_BATCH: env
      .int(100, 1, 1000)
      .describe('most consumed events applied in one database transaction (1: one transaction per event)'),
    OUTBOX_POLL_MS: env.int(200, 10, 60000).describe('how often the outbox relay looks for unsent rows when idle'),
    OUTBOX_BATCH_SIZE: env.int(200, 1, 5000).describe('rows the relay publishes per batch'),
    OIDC_ISSUER: z
      .string()
      .url()
      .regex(/^https?:\/\//, 'must be an http(s) URL')
      .optional()
      .describe('OpenID Connect issuer whose published keys (discovery, JWKS) verify bearer tokens; required unless JWT_DEV_KEYS=true'),
    OIDC_AUDIENCE: env.string('yiyang-api').describe('a value the aud claim of access tokens must contain'),
    OIDC_ROLES_CLAIM: env
      .string('roles')
      .describe("claim, or dotted path (realm_access.roles), listing the roles; roles other than the platform's are ignored"),
    OIDC_INSTITUTION_CLAIM: env.string('institutionId').describe('claim, or dotted path, of the institution id of institution staff'),
    OIDC_DIVISION_CLAIM: env.string('division').describe('claim, or dotted path, of the division code (2, 4 or 6 digits) of regulators'),
    TOKEN_CLOCK_TOLERANCE_S: env.int(30, 0, 300).describe('seconds of clock skew allowed when checking exp and nbf of bearer tokens'),
    JWT_DEV_KEYS: env
      .bool(false)
      .describe(
        'also accept tokens signed by the development key pair (generated when missing; `npm run token`); refused when NODE_ENV=production',
      ),
    JWT_PUBLIC_KEY_FILE: env
      .string('.local/keys/jwt-dev-public.pem')
      .describe('PEM file of the development public key (the private key is beside it); used only with JWT_DEV_KEYS=true'),
    JWT_ISSUER: env.string('yiyang-connect').describe('iss of development tokens; used only with JWT_DEV_KEYS=true'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
    BODY_LIMIT: env.string('256kb').describe('largest accepted request body'),
    RATE_LIMIT_WRITES: env
      .int(600, 0, 1_000_000)
      .describe('changes (POST, PATCH, PUT, DELETE) one caller may make per window (0 turns limiting off)'),
    RATE_LIMIT_WINDOW_MS: env.int(60_000, 100, 3_600_000).describe('the rate limit window in milliseconds'),
  };
}

export type PlatformConfig = z.infer<z.ZodObject<ReturnType<typeof platformShape>>>;

export function loadPlatformConfig(
  defaults: { port: number; database: string; serviceName: string },
  source = process.env,
): PlatformConfig {
  return loadConfig(platformShape(defaults), source);
}
