import { randomBytes } from 'node:crypto';
import { startBroker, defaultInstance } from '../../../deploy/local/kafka';
import { ensureKeycloak } from '../../../deploy/local/keycloak';
import { ensureMysql } from '../../../deploy/local/mysql';
import { ensureS3Proxy } from '../../../deploy/local/s3proxy';
import { loadPublicKey } from '../../auth/src/keys'; // global setup runs outside jest's module mapping

/**
 * Before the integration suite: make sure MySQL/MariaDB, the Kafka broker, Keycloak and S3Proxy are there (starting
 * them when absent), and give this run an id so its topics and schemas are its own.
 */
export default async function globalSetup(): Promise<void> {
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  process.env.TEST_RUN_ID = id;
  process.env.KAFKA_TOPIC_PREFIX = `test-${id}.`;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  // the tests sign their tokens with the development key pair, which services trust only when told to;
  // the pair is made once here rather than raced for by parallel test workers
  process.env.JWT_DEV_KEYS = 'true';
  loadPublicKey(process.env.JWT_PUBLIC_KEY_FILE ?? '.local/keys/jwt-dev-public.pem', true);
  const mysql = await ensureMysql();
  const kafka = await startBroker(defaultInstance());
  // the OpenID Connect provider: sets OIDC_ISSUER (unless it names another provider) for the workers
  const keycloak = await ensureKeycloak();
  // the object store (S3Proxy): sets the S3_* settings for the workers
  const s3proxy = await ensureS3Proxy();
  (globalThis as Record<string, unknown>).__YIYANG_STARTED__ = {
    kafka: kafka.started,
    mysql: mysql.started,
    keycloak: keycloak.started,
    s3proxy: s3proxy.started,
  };
}
