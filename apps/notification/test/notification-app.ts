import { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Kafka, Producer, logLevel } from 'kafkajs';
import { AgreementSnapshot, EventTypes, ReferralSnapshot, Topics, topicName } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { PlatformEvent, buildEvent } from '@yiyang/messaging';
import { createServiceApp } from '@yiyang/platform';
import { eventually, institutionSnapshot, query, runId, testDatabase } from '@yiyang/testing';
import { loadNotificationConfig } from '../src/config';
import { NotificationModule } from '../src/notification.module';
import { CoverJob } from '../src/compliance/cover.job';
import { referralSnapshotFixture } from '../src/domain/referral-snapshot.fixture';

export interface NotificationUnderTest {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  database: string;
  cover: CoverJob;
  close(): Promise<void>;
}

/** The notification service as a real Nest application on a throwaway schema, real Kafka and MariaDB. */
export async function startNotification(name: string, clock: Clock, env: Record<string, string> = {}): Promise<NotificationUnderTest> {
  const database = testDatabase(name);
  const config = loadNotificationConfig({
    ...process.env,
    DB_NAME: database,
    KAFKA_CONSUMER_GROUP: `${name}-${runId()}`,
    KAFKA_TOPIC_PARTITIONS: '3',
    OUTBOX_POLL_MS: '50',
    COVER_CHECK_INTERVAL_MS: '0',
    // the tests sign their tokens with the development key pair (libs/testing bearer())
    JWT_DEV_KEYS: 'true',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...env,
  });
  const app = await createServiceApp(NotificationModule.register(config, { clock }), { listen: false });
  return { app, http: request(app.getHttpServer()), database, cover: app.get(CoverJob), close: () => app.close() };
}

/**
 * Puts platform events on the run's real topics, as the other services would (CloudEvents, keyed by
 * aggregate). `again` sends an event a second time, same id: a redelivery.
 */
export class EventFeed {
  private producer?: Producer;
  readonly sent: PlatformEvent[] = [];

  async start(): Promise<this> {
    const kafka = new Kafka({
      clientId: 'test-feed',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    return this;
  }

  async publish(
    topic: string,
    type: string,
    key: string,
    sequence: number,
    division: string,
    data: unknown,
    time = new Date(),
  ): Promise<PlatformEvent> {
    const event = buildEvent(
      { type, aggregateType: 'test', aggregateId: key, sequence, division, data, actor: { userId: 'test', role: 'system' }, time },
      '/yiyang/test-feed',
    );
    await this.again(event, topic, key);
    this.sent.push(event);
    return event;
  }

  async again(event: PlatformEvent, topic: string, key: string): Promise<void> {
    await this.producer!.send({
      topic: topicName(topic),
      messages: [{ key, value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' } }],
    });
  }

  institution(o: Record<string, unknown>, type: string = EventTypes.institution.registered, extra: Record<string, unknown> = {}) {
    const s = institutionSnapshot(o) as { id: string; version: number; divisionCode: string };
    return this.publish(Topics.institution, type, s.id, s.version, s.divisionCode, { institution: s, ...extra });
  }

  agreement(type: string, a: AgreementSnapshot, extra: Record<string, unknown> = {}) {
    return this.publish(Topics.agreement, type, a.id, a.version, a.elderlyParty.divisionCode, { agreement: a, ...extra });
  }

  referral(type: string, r: ReferralSnapshot, extra: Record<string, unknown> = {}) {
    return this.publish(Topics.referral, type, r.id, r.version, r.from.divisionCode, { referral: r, ...extra });
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}

export interface Place {
  id: string;
  division: string;
  lat: number;
  lng: number;
  category: 'ELDERLY_CARE' | 'MEDICAL';
}

export const place = (division: string, category: Place['category'], lat = 26.08, lng = 119.3): Place => ({
  id: randomUUID(),
  division,
  category,
  lat,
  lng,
});

const party = (p: Place) => ({
  institutionId: p.id,
  category: p.category,
  kind: p.category === 'MEDICAL' ? ('GENERAL_HOSPITAL' as const) : ('NURSING_HOME' as const),
  divisionCode: p.division,
  location: { lat: p.lat, lng: p.lng },
});

export function agreementSnapshot(elderly: Place, medical: Place, o: Partial<AgreementSnapshot> = {}): AgreementSnapshot {
  return {
    id: randomUUID(),
    version: 4,
    status: 'ACTIVE',
    mode: 'MULTI_LEVEL',
    elderlyParty: party(elderly),
    medicalParty: party(medical),
    services: [{ code: 'TWO_WAY_REFERRAL', frequency: null }],
    term: { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' },
    staffCount: 0,
    staffFiled: false,
    predecessorId: null,
    proposedBy: 'elderly',
    revision: 0,
    sanctions: [],
    terminationOn: null,
    amendmentPending: false,
    ...o,
  };
}

export function referralSnapshot(from: Place, to: Place, o: Partial<ReferralSnapshot> = {}): ReferralSnapshot {
  const p = (x: Place) => ({ institutionId: x.id, category: x.category, kind: party(x).kind, divisionCode: x.division });
  return referralSnapshotFixture({
    id: randomUUID(),
    from: p(from),
    to: p(to),
    agreementId: randomUUID(),
    ...o,
  });
}

/** An institution as registry events carry it, for a place. */
export const institutionAt = (p: Place, o: Record<string, unknown> = {}) => ({
  id: p.id,
  category: p.category,
  kind: party(p).kind,
  divisionCode: p.division,
  location: { lat: p.lat, lng: p.lng },
  name: `${p.category === 'MEDICAL' ? '医院' : '养老院'}${p.id.slice(0, 4)}`,
  medicalLicence: p.category === 'MEDICAL' ? { number: 'L1', scope: ['内科'], validFrom: '2022-01-01', validTo: '2030-12-31' } : null,
  hospitalGrade: p.category === 'MEDICAL' ? 'LEVEL_3' : null,
  ...o,
});

/** Waits until the service has consumed an event (its inbox row exists). */
export async function consumed(database: string, eventId: string): Promise<void> {
  await eventually(
    async () => (await query(database, 'SELECT 1 FROM inbox WHERE event_id = ?', [eventId])).length > 0,
    30_000,
    `event ${eventId} consumed`,
  );
}

/** A request a webhook receiver took: when, its body and its headers. */
export interface Received {
  at: number;
  body: string;
  headers: IncomingMessage['headers'];
}

/** A webhook receiver on loopback: `answer` decides each request's fate (a status, or never answering). */
export async function receiver(
  answer: (n: number) => number | 'hang',
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ at: Date.now(), body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const outcome = answer(received.length);
      if (outcome === 'hang') hanging.push(res);
      else res.writeHead(outcome).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => {
      hanging.forEach((r) => r.destroy());
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
