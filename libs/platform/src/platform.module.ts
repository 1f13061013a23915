import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { PlatformConfig } from '@yiyang/config';
import { Clock, TraceContext, systemClock, traceFrom } from '@yiyang/kernel';
import {
  ClassOf,
  DatabaseSettings,
  InvalidSchemaNameError,
  SchemaDefinition,
  databaseSettingProblem,
  dataSourceOptions,
  openDataSource,
} from '@yiyang/database';
import { InboxRow, KafkaGateway, MessagingTables1763800000000, OutboxRow, OutboxWriter } from '@yiyang/messaging';
import { AUTH_SETTINGS, AuthGuard, authSettings } from '@yiyang/auth';
import {
  HttpMetricsMiddleware,
  JsonOnlyMiddleware,
  IdempotencyInterceptor,
  IdempotencyRecord,
  IdempotencyTables1763800000001,
  IdempotencyCommitted1763800000002,
  METRICS,
  MetricsController,
  PlatformMetrics,
  ProblemDetailsFilter,
  WriteRateLimitGuard,
  VersionEtagInterceptor,
  createValidationPipe,
} from '@yiyang/http';
import { CLOCK, LOGGER, PLATFORM_CONFIG, SERVICE_DEFINITION } from './tokens';
import { createLogger, logFn } from './logger';
import { TraceMiddleware } from './trace.middleware';
import { UnitOfWork } from './unit-of-work';
import { OutboxRelayService } from './outbox-relay.service';
import { ConsumerFactory } from './consumer-factory';
import { HealthController } from './health.controller';
import { ConfigurationError, patiently } from './startup';
import { AUDIT_OPTIONS, AuditController, AuditEntries1763800000003, AuditOptions, AuditReader } from './audit';

/**
 * Opens the service's schema (creating it and migrating it when asked), waiting with backoff while the
 * database is unreachable: a service started before its database, or during a failover, comes up as
 * soon as the database does. A refusal that waiting cannot cure (wrong credentials, no such schema)
 * is a configuration error naming the setting.
 */
function openDataSourcePatiently(settings: DatabaseSettings, schema: SchemaDefinition, logger: Logger) {
  return patiently('database', logger, async () => {
    try {
      return await openDataSource(settings, schema);
    } catch (err) {
      if (err instanceof InvalidSchemaNameError) throw new ConfigurationError(err.message);
      const problem = databaseSettingProblem(err, settings);
      throw problem ? new ConfigurationError(problem) : err;
    }
  });
}

export interface ServiceDefinition {
  config: PlatformConfig;
  title: string;
  description: string;
  entities: ClassOf[];
  migrations: ClassOf[];
  /** logical topics the service publishes to (created at start-up) */
  publishes: string[];
  /** logical topics it consumes (created at start-up with their .dlq) */
  consumes: string[];
  clock?: Clock;
  logger?: Logger;
  /**
   * The audit trail's read endpoints (`GET /v1/audit`, `/v1/audit.csv`, ADR 0012): on unless false (a
   * service without aggregates); `readAll` names the roles that read every entry. The table
   * `audit_entries` is migrated in every service either way.
   */
  audit?: AuditOptions | false;
}

export function databaseSettings(config: PlatformConfig): DatabaseSettings {
  return {
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
    poolSize: config.DB_POOL_SIZE,
    createDatabase: config.DB_CREATE_DATABASE,
    migrate: config.DB_MIGRATE,
  };
}

/**
 * Everything a service stands on, wired once: config, logs, database with migrations, Kafka, outbox
 * relay, idempotent consumers, auth guard, problem+json, validation, idempotency keys, ETags, health,
 * metrics, and the audit trail (its table, and its read endpoints unless `audit: false`). A service imports PlatformModule.forRoot(definition) and adds its own modules.
 */
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(definition: ServiceDefinition): DynamicModule {
    const { config } = definition;
    const logger = definition.logger ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
    const schema = {
      entities: [OutboxRow, InboxRow, IdempotencyRecord, ...definition.entities],
      migrations: [
        MessagingTables1763800000000,
        IdempotencyTables1763800000001,
        IdempotencyCommitted1763800000002,
        AuditEntries1763800000003,
        ...definition.migrations,
      ],
    };
    const settings = databaseSettings(config);
    const audit = definition.audit === false ? null : (definition.audit ?? {});
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: (req, res) => {
              const header = req.headers['traceparent'];
              const holder = req as unknown as { trace?: TraceContext };
              const trace = holder.trace ?? traceFrom(typeof header === 'string' ? header : undefined);
              holder.trace = trace;
              res.setHeader('traceparent', trace.traceparent);
              return trace.traceId;
            },
            customAttributeKeys: { reqId: 'traceId' },
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
        TypeOrmModule.forRootAsync({
          // the factory below waits for the database itself, however long it is down
          useFactory: () => ({ ...dataSourceOptions(settings, schema), retryAttempts: 0 }),
          dataSourceFactory: async () => openDataSourcePatiently(settings, schema, logger),
        }),
        TerminusModule,
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: config.RATE_LIMIT_WINDOW_MS, limit: config.RATE_LIMIT_WRITES }],
          skipIf: () => config.RATE_LIMIT_WRITES === 0,
        }),
      ],
      controllers: [HealthController, MetricsController, ...(audit ? [AuditController] : [])],
      providers: [
        { provide: SERVICE_DEFINITION, useValue: definition },
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: CLOCK, useValue: definition.clock ?? systemClock },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS, useValue: new PlatformMetrics(config.SERVICE_NAME) },
        {
          provide: KafkaGateway,
          useFactory: () =>
            new KafkaGateway(
              {
                brokers: config.KAFKA_BROKERS,
                clientId: config.SERVICE_NAME,
                partitions: config.KAFKA_TOPIC_PARTITIONS,
                replicationFactor: config.KAFKA_REPLICATION_FACTOR,
              },
              logFn(logger, 'kafka'),
            ),
        },
        {
          provide: OutboxWriter,
          useFactory: () => new OutboxWriter(`/yiyang/${config.SERVICE_NAME}`, config.KAFKA_TOPIC_PREFIX, process.env.NODE_ENV === 'test'),
        },
        // read when the module is built: development keys under NODE_ENV=production, or no issuer at all, is a
        // configuration error before anything starts; the issuer's keys themselves are fetched when first needed
        { provide: AUTH_SETTINGS, useValue: authSettings(config) },
        UnitOfWork,
        OutboxRelayService,
        ConsumerFactory,
        AuditReader,
        { provide: AUDIT_OPTIONS, useValue: audit ?? {} },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: WriteRateLimitGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: VersionEtagInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        {
          provide: APP_FILTER,
          useFactory: () => new ProblemDetailsFilter((err) => logger.error({ err }, 'unhandled error')),
        },
      ],
      exports: [
        SERVICE_DEFINITION,
        PLATFORM_CONFIG,
        CLOCK,
        LOGGER,
        METRICS,
        KafkaGateway,
        OutboxWriter,
        UnitOfWork,
        OutboxRelayService,
        ConsumerFactory,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TraceMiddleware, HttpMetricsMiddleware, JsonOnlyMiddleware).forRoutes('*');
  }
}
