import { createHash } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { Clock } from '@yiyang/kernel';
import { createServiceApp } from '@yiyang/platform';
import { SendAgreementRequest, bearer, eventually, query, runId, signAgreement, signedCopyUpload, testDatabase } from '@yiyang/testing';
import { ContractConfig, loadContractConfig } from '../src/config';
import { ContractModule } from '../src/contract.module';
import { AgreementScheduler } from '../src/schedule/agreement-scheduler.job';

export interface ContractUnderTest {
  app: NestExpressApplication;
  config: ContractConfig;
  http: ReturnType<typeof request>;
  database: string;
  scheduler: AgreementScheduler;
  close(): Promise<void>;
}

/** A bucket prefix unique to one test schema (lower case, digits and hyphens, short enough for a bucket name). */
export const bucketPrefix = (name: string) => `t-${createHash('sha256').update(testDatabase(name)).digest('hex').slice(0, 16)}-`;

/**
 * The contract service as a real Nest application (no HTTP port) on a throwaway schema, real Kafka and
 * MariaDB. Two instances given the same `name` share the schema and consumer group, like two replicas.
 */
export async function startContract(name: string, clock: Clock, instance = 1, env: NodeJS.ProcessEnv = {}): Promise<ContractUnderTest> {
  const database = testDatabase(name);
  const config = loadContractConfig({
    ...process.env,
    DB_NAME: database,
    SERVICE_NAME: `contract-${instance}`,
    // the tests sign their tokens with the development key pair (libs/testing bearer())
    JWT_DEV_KEYS: 'true',
    KAFKA_CONSUMER_GROUP: `${name}-${runId()}`,
    KAFKA_TOPIC_PARTITIONS: '3',
    OUTBOX_POLL_MS: '50',
    AGREEMENT_SCHEDULE_INTERVAL_MS: '0',
    AGREEMENT_DOCUMENT_SWEEP_INTERVAL_MS: '0',
    // a bucket of this run's own (the sweep removes what this schema does not refer to)
    S3_BUCKET_PREFIX: bucketPrefix(name),
    ...env,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
  });
  const app = await createServiceApp(ContractModule.register(config, { clock }), { listen: false });
  return { app, config, http: request(app.getHttpServer()), database, scheduler: app.get(AgreementScheduler), close: () => app.close() };
}

/** Registers an institution with the registry and waits until the contract service knows it; its id. */
export async function registeredWith(
  registry: { http: ReturnType<typeof request> },
  contract: Pick<ContractUnderTest, 'database'>,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await registry.http
    .post('/v1/institutions')
    .set('Authorization', bearer({ roles: ['registrar'] }))
    .send(body);
  if (res.status !== 201) throw new Error(`registering answered ${res.status}: ${JSON.stringify(res.body)}`);
  const { id } = res.body as { id: string };
  await knownToContract(contract.database, id);
  return id;
}

/** Waits until the contract service's directory knows an institution (from institution.events). */
export async function knownToContract(database: string, id: string): Promise<void> {
  await eventually(
    async () => (await query(database, 'SELECT id FROM institution_directory WHERE id = ?', [id])).length === 1,
    30_000,
    `institution ${id} in the contract directory`,
  );
}

export const agreementBody = (
  elderlyInstitutionId: string,
  medicalInstitutionId: string,
  term = { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' },
) => ({
  elderlyInstitutionId,
  medicalInstitutionId,
  mode: 'MULTI_LEVEL',
  services: [{ code: 'TWO_WAY_REFERRAL' }, { code: 'REGULAR_VISITS', frequency: 'WEEKLY' }],
  fees: [{ item: '巡诊', amountFen: 20000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' }],
  responsibilities: { elderlyParty: ['提供医疗用房'], medicalParty: ['每周巡诊一次'] },
  breachLiability: '违约方赔偿对方因此造成的损失',
  term,
  site: null,
  entrustment: null,
  staff: [],
  document: { fileName: 'agreement.pdf', sha256: 'ab'.repeat(32) },
});

/** The content an amendment proposes: agreementBody's without the parties, mode, term and declared document (the upload names it). */
export function amendmentBody(elderlyInstitutionId: string, medicalInstitutionId: string) {
  const {
    elderlyInstitutionId: _e,
    medicalInstitutionId: _m,
    mode: _mode,
    term: _term,
    document: _d,
    ...content
  } = agreementBody(elderlyInstitutionId, medicalInstitutionId);
  return content;
}

/** libs/testing's agreement requests sent through supertest (a JSON body, or a Buffer as the raw body). */
export const sendWith =
  (http: ReturnType<typeof request>): SendAgreementRequest =>
  async (_step, r) => {
    const req = http.post(r.path).set({ ...r.headers, authorization: r.token });
    const res = r.body === undefined ? await req : await req.send(r.body as object);
    return { status: res.status, body: res.body as Record<string, unknown> };
  };

/** Uploads libs/testing's signed paper (a small valid PDF) to an agreement at `version` (If-Match). */
export const uploadSignedCopy = (http: ReturnType<typeof request>, token: string, id: string, version: number, fileName?: string) =>
  sendWith(http)('upload', { ...signedCopyUpload(id, version, { fileName }), token });

/** Files an agreement, uploads its signed paper, submits it and has the medical party countersign; its id, version and status. */
export const activeAgreement = (
  http: ReturnType<typeof request>,
  tokens: { elderly: string; medical: string },
  body: ReturnType<typeof agreementBody>,
): Promise<{ id: string; version: number; status: string }> => signAgreement(sendWith(http), tokens, body);
