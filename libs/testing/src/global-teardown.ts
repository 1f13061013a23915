import { createConnection } from 'mysql2/promise';
import { defaultInstance, stopBroker } from '../../../deploy/local/kafka';
import { stopKeycloak } from '../../../deploy/local/keycloak';
import { stopMysql } from '../../../deploy/local/mysql';
import { stopS3Proxy } from '../../../deploy/local/s3proxy';
import { mysqlSettings } from './infra';

/** After the suite: drop this run's schemas, and stop whatever the setup started. */
export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as Record<string, unknown>).__YIYANG_STARTED__ as
    { kafka: boolean; mysql: boolean; keycloak?: boolean; s3proxy?: boolean } | undefined;
  const id = process.env.TEST_RUN_ID;
  if (id && /^[a-z0-9]+$/.test(id)) {
    const connection = await createConnection(mysqlSettings());
    try {
      const [rows] = await connection.query('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?', [
        `yt\\_${id}\\_%`,
      ]);
      for (const { name } of rows as { name: string }[]) await connection.query(`DROP DATABASE \`${name}\``);
    } finally {
      await connection.end();
    }
  }
  if (started?.s3proxy) await stopS3Proxy();
  if (started?.keycloak) await stopKeycloak();
  if (started?.kafka) await stopBroker(defaultInstance());
  if (started?.mysql) await stopMysql();
}
