import { Writable } from 'node:stream';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { ManualClock, maskResidentId } from '@yiyang/kernel';
import { createLogger } from '@yiyang/platform';
import { ReadMessage, TopicReader, bearer, hospital, query, residentId } from '@yiyang/testing';
import { Partners, Platform, partners, referralBody, register, startPlatform } from './platform';
import { knownToReferral } from './referral-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
/** Every log line the referral service writes during the suite, at debug level. */
const logLines: string[] = [];
const logSink = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(chunk.toString('utf8'));
    done();
  },
});
/** Every resident this suite sends, to look for in events and logs afterwards. */
const residents: { name: string; idNumber: string; birthDate: string; sex: 'M' | 'F' }[] = [];
const resident = (name: string, birthDate: string, sequence: number) => {
  const r: (typeof residents)[number] = { name, birthDate, sex: sequence % 2 === 1 ? 'M' : 'F', idNumber: residentId(birthDate, sequence) };
  residents.push(r);
  return r;
};

let platform: Platform;
let reader: TopicReader;
let p: Partners;

const typeOf = (m: ReadMessage) => m.json<{ type: string }>().type;
const referralRows = async () => (await query<{ n: number }>(platform.referral.database, 'SELECT COUNT(*) AS n FROM referrals'))[0].n;

beforeAll(async () => {
  platform = await startPlatform('referrals', clock, createLogger('referral', 'debug', logSink));
  reader = await new TopicReader([topicName(Topics.referral)]).start();
  p = await partners(platform, { home: '鼓楼颐养院', hospital: '鼓楼医院' });
});

afterAll(async () => {
  await reader?.stop();
  await platform?.close();
});

describe('an UP referral from request to completion with return', () => {
  const linXiuying = resident('林秀英', '1938-03-14', 122);
  let id: string;
  let downId: string;
  let patientRef: string;

  it('is requested: 201 REQUESTED under the agreement, with its priority’s deadline and only cancel open to the sender', async () => {
    const requested = await platform.referral.http
      .post('/v1/referrals')
      .set('Authorization', p.homeAdmin)
      .send(referralBody(p.home, p.hospital, linXiuying));
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      status: 'REQUESTED',
      version: 1,
      direction: 'UP',
      agreementId: p.agreementId,
      via: 'TWO_WAY_REFERRAL',
      allowedActions: ['cancel'],
    });
    expect(requested.body.deadlineAt).toBe('2026-11-22T04:00:00.000Z'); // URGENT: 2 h
    id = requested.body.id as string;
  });

  it('waits in the receiving desk’s queue with its time left and receive open', async () => {
    const queue = await platform.referral.http.get('/v1/referrals/queue').set('Authorization', p.desk);
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(id);
    expect(queue.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({
      timeLeftSeconds: 7200,
      overdue: false,
      allowedActions: ['receive'],
    });
  });

  it('is received, accepted, arrived and completed by the desk, each milestone stamped', async () => {
    const http = platform.referral.http;
    const received = await http.post(`/v1/referrals/${id}/receive`).set('Authorization', p.desk).set('If-Match', '1');
    expect(received.body).toMatchObject({ status: 'RECEIVED', allowedActions: ['release', 'accept', 'reject', 'return'] });
    clock.advance(10 * 60_000);
    const accepted = await http
      .post(`/v1/referrals/${id}/accept`)
      .set('Authorization', p.desk)
      .set('If-Match', '2')
      .send({ expectedArrivalAt: '2026-11-22T11:00:00+08:00' });
    expect(accepted.body).toMatchObject({ status: 'ACCEPTED', version: 3 });
    clock.advance(30 * 60_000);
    await http.post(`/v1/referrals/${id}/arrive`).set('Authorization', p.desk).set('If-Match', '3').expect(200);
    clock.advance(5 * 24 * 3600_000);
    const completed = await http
      .post(`/v1/referrals/${id}/complete`)
      .set('Authorization', p.desk)
      .set('If-Match', '4')
      .send({ dischargeSummary: '脑梗死恢复期，病情稳定，建议回院康复', returnTo: p.home });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'COMPLETED', version: 5 });
    expect(completed.body.milestones).toMatchObject({
      requestedAt: '2026-11-22T02:00:00.000Z',
      receivedAt: '2026-11-22T02:00:00.000Z',
      answeredAt: '2026-11-22T02:10:00.000Z',
      arrivedAt: '2026-11-22T02:40:00.000Z',
      completedAt: '2026-11-27T02:40:00.000Z',
    });
    downId = completed.body.linkedReferralId as string;
    expect(downId).toEqual(expect.any(String));
    patientRef = completed.body.patient.ref as string;
  });

  it('creates with the completion the linked DOWN referral back to the nursing home, in its queue', async () => {
    const http = platform.referral.http;
    const down = await http.get(`/v1/referrals/${downId}`).set('Authorization', p.homeAdmin);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({
      direction: 'DOWN',
      status: 'REQUESTED',
      parentReferralId: id,
      fromInstitutionId: p.hospital,
      toInstitutionId: p.home,
      indication: 'STABLE_POST_ACUTE',
      allowedActions: ['receive'],
    });
    expect(down.body.patient).toMatchObject({ name: '林秀英', ref: patientRef });
    const homeQueue = await http.get('/v1/referrals/queue').query({ direction: 'DOWN' }).set('Authorization', p.homeAdmin);
    expect(homeQueue.body.items.map((r: { id: string }) => r.id)).toEqual([downId]);
  });

  it('publishes one event per step, in order, keyed by the referral', async () => {
    const types = (await reader.waitFor((m) => m.key === id, 5)).map(typeOf);
    expect(types).toEqual([
      EventTypes.referral.requested,
      EventTypes.referral.received,
      EventTypes.referral.accepted,
      EventTypes.referral.arrived,
      EventTypes.referral.completed,
    ]);
  });

  it('publishes the DOWN referral’s request, with its parent and the masked ID number', async () => {
    const [downRequested] = await reader.waitFor((m) => m.key === downId && typeOf(m) === EventTypes.referral.requested);
    expect(downRequested.json<{ data: { referral: Record<string, unknown> } }>().data.referral).toMatchObject({
      direction: 'DOWN',
      parentReferralId: id,
      maskedIdNumber: maskResidentId(linXiuying.idNumber),
      from: { institutionId: p.hospital, divisionCode: '350103' },
      to: { institutionId: p.home, divisionCode: '350102' },
    });
  });
});

describe('a referral without an agreement', () => {
  let stranger: string;
  let before: number;

  beforeAll(async () => {
    stranger = await register(platform, hospital({ name: '无协议医院' }));
    await knownToReferral(platform.referral.database, [stranger]);
  });

  it('is refused with a 422 AGREEMENT_REQUIRED and creates nothing', async () => {
    before = await referralRows();
    const res = await platform.referral.http
      .post('/v1/referrals')
      .set('Authorization', p.homeAdmin)
      .send(referralBody(p.home, stranger, resident('陈桂兰', '1940-07-01', 84)));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('AGREEMENT_REQUIRED');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await referralRows()).toBe(before);
  });

  it('is published as referral.refused, in the sender’s division', async () => {
    const [refused] = await reader.waitFor(
      (m) =>
        typeOf(m) === EventTypes.referral.refused &&
        m.json<{ data: { to: { institutionId: string } } }>().data.to.institutionId === stranger,
    );
    expect(refused.json<{ division: string; data: unknown }>()).toMatchObject({
      division: '350102',
      data: {
        reason: 'NO_AGREEMENT',
        direction: 'UP',
        priority: 'URGENT',
        from: { institutionId: p.home },
        to: { institutionId: stranger },
      },
    });
  });
});

describe('refusals', () => {
  type Answer = { status: number; body: { code: string; errors?: { field: string; message: string }[] } };
  const badId = () => referralBody(p.home, p.hospital, { name: '测试', birthDate: '1945-12-09', sex: 'M', idNumber: '350102194512090312' });
  const otherDesk = bearer({ roles: ['referral-desk'], institutionId: '9b2f0a6e-0000-4000-8000-000000000000' });
  const wangJianguo = resident('王建国', '1945-12-09', 31);
  const zhaoShuzhen = resident('赵淑珍', '1939-02-02', 62);
  const qianZhiqiang = resident('钱志强', '1942-04-04', 51);
  let id: string;
  let before: unknown;
  let countBefore: number;
  const snapshot = async () =>
    (await query(platform.referral.database, 'SELECT version, status, updated_at FROM referrals WHERE id = ?', [id]))[0];

  beforeAll(async () => {
    const created = await platform.referral.http
      .post('/v1/referrals')
      .set('Authorization', p.homeAdmin)
      .send(referralBody(p.home, p.hospital, wangJianguo, { priority: 'ROUTINE', indication: 'FALL_OR_FRACTURE', icd10: null }));
    id = created.body.id as string;
    before = await snapshot();
    countBefore = await referralRows();
  });

  const cases: [string, () => Promise<Answer>, number, string][] = [
    [
      'the sender accepting',
      () => platform.referral.http.post(`/v1/referrals/${id}/receive`).set('Authorization', p.homeAdmin).set('If-Match', '1'),
      403,
      'REFERRAL_NOT_RECEIVER',
    ],
    [
      'the receiver cancelling',
      () =>
        platform.referral.http
          .post(`/v1/referrals/${id}/cancel`)
          .set('Authorization', p.desk)
          .set('If-Match', '1')
          .send({ reason: '不需要' }),
      403,
      'REFERRAL_NOT_SENDER',
    ],
    [
      'another institution',
      () => platform.referral.http.post(`/v1/referrals/${id}/receive`).set('Authorization', otherDesk).set('If-Match', '1'),
      404,
      'REFERRAL_NOT_FOUND',
    ],
    [
      'a regulator acting',
      () =>
        platform.referral.http
          .post(`/v1/referrals/${id}/receive`)
          .set('Authorization', bearer({ roles: ['regulator'], division: '35' }))
          .set('If-Match', '1'),
      403,
      'ROLE_NOT_ALLOWED',
    ],
    [
      'accepting before receiving',
      () =>
        platform.referral.http
          .post(`/v1/referrals/${id}/accept`)
          .set('Authorization', p.desk)
          .set('If-Match', '1')
          .send({ expectedArrivalAt: '2026-11-30T10:00:00+08:00' }),
      409,
      'TRANSITION_NOT_ALLOWED',
    ],
    [
      'a stale version',
      () => platform.referral.http.post(`/v1/referrals/${id}/receive`).set('Authorization', p.desk).set('If-Match', '9'),
      409,
      'STALE_VERSION',
    ],
    ['no version', () => platform.referral.http.post(`/v1/referrals/${id}/receive`).set('Authorization', p.desk), 428, 'IF_MATCH_REQUIRED'],
    [
      'an unknown rejection code',
      () =>
        platform.referral.http
          .post(`/v1/referrals/${id}/reject`)
          .set('Authorization', p.desk)
          .set('If-Match', '1')
          .send({ reasonCode: 'BUSY', comment: 'x' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an ID number failing its check character',
      () => platform.referral.http.post('/v1/referrals').set('Authorization', p.homeAdmin).send(badId()),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an UP referral with a DOWN indication',
      () =>
        platform.referral.http
          .post('/v1/referrals')
          .set('Authorization', p.homeAdmin)
          .send(referralBody(p.home, p.hospital, zhaoShuzhen, { indication: 'PALLIATIVE_CARE' })),
      422,
      'INDICATION_DIRECTION_MISMATCH',
    ],
    [
      'a referral from another institution',
      () =>
        platform.referral.http
          .post('/v1/referrals')
          .set('Authorization', p.desk)
          .send(referralBody(p.home, p.hospital, qianZhiqiang)),
      403,
      'REFERRAL_NOT_SENDER',
    ],
  ];

  it.each(cases)('refuses %s', async (name, send, status, code) => {
    const res = await send();
    expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
  });

  it('changed nothing: the referral is as it was and no referral was created', async () => {
    expect(await snapshot()).toEqual(before);
    expect(await referralRows()).toBe(countBefore);
  });

  it('names the field of a bad ID number without repeating the number', async () => {
    const idError = (await platform.referral.http.post('/v1/referrals').set('Authorization', p.homeAdmin).send(badId())).body;
    expect(idError.errors).toEqual([{ field: 'patient.idNumber', message: 'fails the GB 11643 check character' }]);
    expect(JSON.stringify(idError)).not.toContain('350102194512090312');
  });
});

describe('who sees the resident', () => {
  const someone = resident('周玉兰', '1936-08-18', 46);
  let id: string;
  let ref: string;

  beforeAll(async () => {
    const created = await platform.referral.http
      .post('/v1/referrals')
      .set('Authorization', p.homeAdmin)
      .send(referralBody(p.home, p.hospital, someone));
    id = created.body.id as string;
    ref = created.body.patient.ref as string;
  });

  it('shows the resident and the clinical text in full to both institutions’ staff', async () => {
    for (const token of [p.homeAdmin, p.desk]) {
      const res = await platform.referral.http.get(`/v1/referrals/${id}`).set('Authorization', token);
      expect(res.body.patient).toMatchObject({ name: '周玉兰', idNumber: someone.idNumber });
      expect(res.body.summary).toContain('左侧肢体无力');
    }
  });

  it('shows a regulator of the jurisdiction a masked view, with no clinical text and no actions', async () => {
    const regulator = await platform.referral.http
      .get(`/v1/referrals/${id}`)
      .set('Authorization', bearer({ roles: ['regulator'], division: '3501' }));
    expect(regulator.status).toBe(200);
    expect(regulator.body.patient).toEqual({
      ref,
      name: '周**',
      sex: 'F',
      birthYear: '1936',
      idNumber: maskResidentId(someone.idNumber),
      insurance: 'URBAN_EMPLOYEE',
    });
    expect(regulator.body.summary).toBeUndefined();
    expect(regulator.body.allowedActions).toEqual([]);
  });

  it('answers 404 to a regulator of another jurisdiction and to another institution’s staff', async () => {
    const http = platform.referral.http;
    expect((await http.get(`/v1/referrals/${id}`).set('Authorization', bearer({ roles: ['regulator'], division: '44' }))).status).toBe(404);
    expect(
      (
        await http
          .get(`/v1/referrals/${id}`)
          .set('Authorization', bearer({ roles: ['referral-desk'], institutionId: '9b2f0a6e-0000-4000-8000-000000000000' }))
      ).status,
    ).toBe(404);
  });

  it('stores the resident sealed: no name, no ID number in the row, with the sealing key’s id', async () => {
    const stored = (await query<Record<string, string>>(platform.referral.database, 'SELECT * FROM referrals WHERE id = ?', [id]))[0];
    expect(JSON.stringify(stored)).not.toContain('周玉兰');
    expect(JSON.stringify(stored)).not.toContain(someone.idNumber);
    expect(stored.key_id).toBe('dev1');
  });
});

describe('retries and privacy', () => {
  it('never applies a request twice when the process died after committing it but before storing its response', async () => {
    const http = platform.referral.http;
    const body = referralBody(p.home, p.hospital, resident('孙丽华', '1937-09-09', 66));
    const first = await http
      .post('/v1/referrals')
      .set('Authorization', p.homeAdmin)
      .set('Idempotency-Key', 'crash-after-commit')
      .send(body);
    expect(first.status).toBe(201);
    const [record] = await query<{ committed_resource: string }>(
      platform.referral.database,
      "SELECT committed_resource FROM idempotency_keys WHERE idem_key = 'crash-after-commit'",
    );
    expect(record.committed_resource).toBe(`/v1/referrals/${first.body.id}`);
    // what a SIGKILL between the commit and the response leaves behind
    await query(
      platform.referral.database,
      "UPDATE idempotency_keys SET status_code = NULL, response_body = NULL, response_headers = NULL WHERE idem_key = 'crash-after-commit'",
    );
    const before = await referralRows();
    const retry = await http
      .post('/v1/referrals')
      .set('Authorization', p.homeAdmin)
      .set('Idempotency-Key', 'crash-after-commit')
      .send(body);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(`/v1/referrals/${first.body.id}`);
    expect(retry.body.id).toBe(first.body.id);
    expect(await referralRows()).toBe(before);
  });

  it('never puts a resident’s name or full ID number in an event or a log line', async () => {
    // every referral's latest version has reached the topic, so every event of the suite is in hand
    const rows = await query<{ id: string; version: number }>(platform.referral.database, 'SELECT id, version FROM referrals');
    expect(rows.length).toBe(5); // the UP journey, its DOWN return, the refusal and privacy tests' referrals, the crash-after-commit one
    for (const row of rows) await reader.waitFor((m) => m.key === row.id && m.json<{ sequence: number }>().sequence === row.version);
    const raw = reader.messages.map((m) =>
      Buffer.concat([Buffer.from(m.key ?? ''), m.value ?? Buffer.alloc(0), Buffer.from(JSON.stringify(m.headers))]).toString('utf8'),
    );
    expect(raw.length).toBeGreaterThanOrEqual(9);
    expect(logLines.length).toBeGreaterThan(0);
    for (const r of residents) {
      for (const text of [...raw, ...logLines]) {
        expect(text.includes(r.name)).toBe(false);
        expect(text.includes(r.idNumber)).toBe(false);
      }
    }
  });
});
