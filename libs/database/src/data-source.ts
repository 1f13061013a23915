import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { ConnectionSettings, ensureDatabase } from './ensure-database';

export interface DatabaseSettings extends ConnectionSettings {
  poolSize: number;
  createDatabase: boolean;
  migrate: boolean;
}

/** An entity or migration class (TypeORM types them as `Function`). */
export type ClassOf = abstract new (...args: never[]) => object;

export interface SchemaDefinition {
  entities: MixedList<ClassOf | string | EntitySchema>;
  migrations: ClassOf[];
}

export function dataSourceOptions(settings: DatabaseSettings, schema: SchemaDefinition): DataSourceOptions {
  return {
    type: 'mysql',
    host: settings.host,
    port: settings.port,
    username: settings.user,
    password: settings.password,
    database: settings.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    poolSize: settings.poolSize,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { connectTimeout: 10000 },
  };
}

/**
 * Opens the service's schema: creates it if asked, connects, and runs pending migrations under a
 * MySQL named lock so that replicas starting together migrate once.
 */
export async function openDataSource(settings: DatabaseSettings, schema: SchemaDefinition): Promise<DataSource> {
  if (settings.createDatabase) await ensureDatabase(settings);
  const dataSource = new DataSource(dataSourceOptions(settings, schema));
  await dataSource.initialize();
  try {
    if (settings.migrate) await migrateLocked(dataSource, `${settings.database}.migrations`);
  } catch (err) {
    // the connection was lost half-way (or a migration failed): nothing of this attempt stays open
    await dataSource.destroy().catch(() => undefined);
    throw err;
  }
  return dataSource;
}

export async function migrateLocked(dataSource: DataSource, lockName: string, timeoutSeconds = 120): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS got', [lockName, timeoutSeconds])) as { got: unknown }[];
    if (Number(row.got) !== 1) throw new Error(`could not take the migration lock ${lockName} within ${timeoutSeconds}s`);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [lockName]);
    }
  } finally {
    await runner.release();
  }
}
