import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { ReadMessage, TopicReader, bearer, hospital, nursingHome, query } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import { ContractUnderTest, activeAgreement, agreementBody, knownToContract, startContract, uploadSignedCopy } from './contract-app';

const NOW = '2026-11-22T02:00:00Z';
const clock = new ManualClock(new Date(NOW));
const registrar = bearer({ roles: ['registrar'] });
let registry: RegistryUnderTest;
/** two replicas of the contract service on one schema */
let one: ContractUnderTest;
let two: ContractUnderTest;
let reader: TopicReader;
let home: string;
let elderly: string;

const typeOf = (m: ReadMessage) => m.json<{ type: string }>().type;
const eventsOf = (id: string) => reader.messages.filter((m) => m.key === id).map(typeOf);
const row = async (id: string) =>
  (
    await query<{ version: number; status: string; sanctioned: number }>(
      one.database,
      'SELECT version, status, sanctioned FROM agreements WHERE id = ?',
      [id],
    )
  )[0];

async function registered(body: Record<string, unknown>): Promise<string> {
  const res = await registry.http.post('/v1/institutions').set('Authorization', registrar).send(body);
  expect(res.status).toBe(201);
  await knownToContract(one.database, res.body.id);
  return res.body.id as string;
}

/** A hospital of its own and an ACTIVE agreement with the test's nursing home over the given term. */
async function partnership(name: string, term = { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' }) {
  const hosp = await registered(hospital({ name }));
  const medical = bearer({ roles: ['medical-admin'], institutionId: hosp, sub: `admin-${hosp.slice(0, 8)}` });
  const agreement = await activeAgreement(one.http, { elderly, medical }, agreementBody(home, hosp, term));
  expect(agreement.status).toBe('ACTIVE');
  return { hosp, medical, ...agreement };
}

/** Both replicas run the calendar at once, three times over: what is due happens once. */
async function runSchedulersAt(at: string): Promise<void> {
  clock.set(at);
  await Promise.all([one.scheduler.runOnce(), two.scheduler.runOnce(), one.scheduler.runOnce(), two.scheduler.runOnce()]);
}

beforeAll(async () => {
  registry = await startRegistry('lifecycle_registry', { clock });
  one = await startContract('contract_lifecycle', clock, 1);
  two = await startContract('contract_lifecycle', clock, 2);
  reader = await new TopicReader([topicName(Topics.agreement)]).start();
  home = await registered(nursingHome());
  elderly = bearer({ roles: ['elderly-admin'], institutionId: home, sub: 'home-admin' });
});

afterEach(() => clock.set(NOW));

afterAll(async () => {
  await reader?.stop();
  await two?.close();
  await one?.close();
  await registry?.close();
});

describe('agreement lifecycle after activation', () => {
  it('terminates at once when the termination takes effect today', async () => {
    const now = await partnership('即时终止医院');
    const ended = await one.http
      .post(`/v1/agreements/${now.id}/terminate`)
      .set('Authorization', elderly)
      .set('If-Match', `"${now.version}"`)
      .send({ reason: '机构撤并', effectiveOn: '2026-11-22' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'TERMINATED', version: now.version + 1 });
    expect(ended.body.history.at(-1)).toMatchObject({
      action: 'terminate',
      reason: '机构撤并',
      actor: { id: 'home-admin', role: 'elderly-admin' },
    });
    await reader.waitFor((m) => m.key === now.id && typeOf(m) === EventTypes.agreement.terminated);
  });

  it('refuses bad termination dates, a stale version, a malformed body and a stranger, changing nothing', async () => {
    const later = await partnership('拒绝终止医院');
    const other = await partnership('拒绝终止医院二');
    const before = await row(later.id);
    for (const [body, ifMatch, status, code] of [
      [{ reason: '人员不足', effectiveOn: '2026-11-21' }, later.version, 422, 'TERMINATION_DATE_IN_PAST'],
      [{ reason: '人员不足', effectiveOn: '2028-01-01' }, later.version, 422, 'TERMINATION_AFTER_TERM'],
      [{ reason: '人员不足', effectiveOn: '2026-12-31' }, later.version - 1, 409, 'STALE_VERSION'],
      [{ reason: '', effectiveOn: '2026-12-31' }, later.version, 400, 'VALIDATION_FAILED'],
      [{ reason: '人员不足', effectiveOn: '31/12/2026' }, later.version, 400, 'VALIDATION_FAILED'],
    ] as const) {
      const res = await one.http
        .post(`/v1/agreements/${later.id}/terminate`)
        .set('Authorization', later.medical)
        .set('If-Match', `"${ifMatch}"`)
        .send(body);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(await row(later.id)).toEqual(before);
    }
    const stranger = await one.http
      .post(`/v1/agreements/${later.id}/terminate`)
      .set('Authorization', other.medical)
      .set('If-Match', `"${later.version}"`)
      .send({ reason: '无故', effectiveOn: '2026-12-31' });
    expect(stranger.status).toBe(404);
  });

  it('records notice for a later day, carried out by the scheduler on that day and published once', async () => {
    const later = await partnership('预告终止医院');
    const notice = await one.http
      .post(`/v1/agreements/${later.id}/terminate`)
      .set('Authorization', later.medical)
      .set('If-Match', `"${later.version}"`)
      .send({ reason: '人员不足', effectiveOn: '2026-12-31' });
    expect(notice.body).toMatchObject({ status: 'ACTIVE', termination: { effectiveOn: '2026-12-31', bySide: 'medical' } });
    await runSchedulersAt('2026-12-30T10:00:00Z'); // 18:00 on 30 December in China: still in force
    expect((await row(later.id)).status).toBe('ACTIVE');
    await runSchedulersAt('2026-12-30T16:30:00Z'); // 00:30 on 31 December in China
    expect((await row(later.id)).status).toBe('TERMINATED');

    await reader.waitFor((m) => m.key === later.id && typeOf(m) === EventTypes.agreement.terminated);
    expect(eventsOf(later.id).slice(-2)).toEqual([EventTypes.agreement.terminationScheduled, EventTypes.agreement.terminated]);
    expect(eventsOf(later.id).filter((t) => t === EventTypes.agreement.terminated)).toHaveLength(1);
  });

  it('renews into a linked successor the other party countersigns, once', async () => {
    const p = await partnership('续约医院');
    const overlapping = await one.http
      .post(`/v1/agreements/${p.id}/renew`)
      .set('Authorization', elderly)
      .set('If-Match', `"${p.version}"`)
      .send({ term: { effectiveFrom: '2027-06-01', effectiveTo: '2028-05-31' } });
    expect([overlapping.status, overlapping.body.code]).toEqual([422, 'RENEWAL_MUST_FOLLOW_TERM']);
    const renewed = await one.http
      .post(`/v1/agreements/${p.id}/renew`)
      .set('Authorization', p.medical)
      .set('If-Match', `"${p.version}"`)
      .send({ term: { effectiveTo: '2028-10-31' } });
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({
      status: 'SUBMITTED',
      version: 1,
      predecessorId: p.id,
      proposedBy: 'medical',
      term: { effectiveFrom: '2027-11-01', effectiveTo: '2028-10-31' },
    });
    const successor = renewed.body.id as string;

    const again = await one.http
      .post(`/v1/agreements/${p.id}/renew`)
      .set('Authorization', elderly)
      .set('If-Match', `"${p.version}"`)
      .send({ term: { effectiveTo: '2028-12-31' } });
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_RENEWED']);

    const wrongSide = await one.http.post(`/v1/agreements/${successor}/countersign`).set('Authorization', p.medical).set('If-Match', '1');
    expect([wrongSide.status, wrongSide.body.code]).toEqual([403, 'WRONG_PARTY']);
    // the renewal is a new paper: the predecessor's upload does not count
    const unsigned = await one.http.post(`/v1/agreements/${successor}/countersign`).set('Authorization', elderly).set('If-Match', '1');
    expect([unsigned.status, unsigned.body.code]).toEqual([422, 'DOCUMENT_REQUIRED']);
    expect((await uploadSignedCopy(one.http, elderly, successor, 1)).status).toBe(201);
    const signed = await one.http.post(`/v1/agreements/${successor}/countersign`).set('Authorization', elderly).set('If-Match', '2');
    expect(signed.body).toMatchObject({ status: 'SIGNED', version: 3 });

    const predecessor = await one.http.get(`/v1/agreements/${p.id}`).set('Authorization', elderly);
    expect(predecessor.body.renewals).toEqual([{ id: successor, status: 'SIGNED' }]);
    const [event] = await reader.waitFor((m) => m.key === successor && typeOf(m) === EventTypes.agreement.renewed);
    expect(event.json<{ sequence: number; data: { predecessorId: string; agreement: { status: string } } }>()).toMatchObject({
      sequence: 1,
      data: { predecessorId: p.id, agreement: { status: 'SUBMITTED' } },
    });

    // the successor takes over the day after the predecessor's last day
    await runSchedulersAt('2027-10-31T16:00:00Z'); // 00:00 on 1 November 2027 in China
    expect((await row(p.id)).status).toBe('EXPIRED');
    expect((await row(successor)).status).toBe('ACTIVE');
  });

  it('amends by proposal and countersignature, with the revision in the event', async () => {
    const p = await partnership('修订医院');
    const current = await one.http.get(`/v1/agreements/${p.id}`).set('Authorization', elderly);
    const content = {
      services: current.body.services,
      fees: [{ item: '巡诊', amountFen: 25000, unit: 'PER_VISIT', payer: 'ELDERLY_PARTY' }],
      responsibilities: current.body.responsibilities,
      breachLiability: current.body.breachLiability,
      site: null,
      entrustment: null,
      staff: [],
    };
    // the document is the upload's: another one declared is refused, the amendment's paper is uploaded instead
    const declared = await one.http
      .post(`/v1/agreements/${p.id}/amend`)
      .set('Authorization', elderly)
      .set('If-Match', `"${p.version}"`)
      .send({ ...content, document: { fileName: 'amendment-1.pdf', sha256: 'cd'.repeat(32) } });
    expect([declared.status, declared.body.code, declared.body.errors?.[0]?.field]).toEqual([400, 'VALIDATION_FAILED', 'document']);
    const proposed = await one.http
      .post(`/v1/agreements/${p.id}/amend`)
      .set('Authorization', elderly)
      .set('If-Match', `"${p.version}"`)
      .send(content);
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({
      revision: 0,
      pendingAmendment: { revision: 1, proposedBy: 'elderly' },
      fees: [{ amountFen: 20000 }],
    });
    const ownCountersign = await one.http
      .post(`/v1/agreements/${p.id}/amendment/countersign`)
      .set('Authorization', elderly)
      .set('If-Match', `"${proposed.body.version}"`);
    expect([ownCountersign.status, ownCountersign.body.code]).toEqual([403, 'WRONG_PARTY']);
    const pendingAgain = await one.http
      .post(`/v1/agreements/${p.id}/amend`)
      .set('Authorization', p.medical)
      .set('If-Match', `"${proposed.body.version}"`)
      .send(content);
    expect([pendingAgain.status, pendingAgain.body.code]).toEqual([409, 'AMENDMENT_PENDING']);

    const paper = await uploadSignedCopy(one.http, elderly, p.id, proposed.body.version as number, 'amendment-1.pdf');
    expect(paper.status).toBe(201);
    const amended = await one.http
      .post(`/v1/agreements/${p.id}/amendment/countersign`)
      .set('Authorization', p.medical)
      .set('If-Match', `"${paper.body.version as number}"`);
    expect(amended.body).toMatchObject({
      status: 'ACTIVE',
      revision: 1,
      pendingAmendment: null,
      fees: [{ amountFen: 25000 }],
      document: { fileName: 'amendment-1.pdf' },
    });
    const [event] = await reader.waitFor((m) => m.key === p.id && typeOf(m) === EventTypes.agreement.amended);
    expect(event.json<{ data: { revision: number; agreement: { revision: number } } }>().data).toMatchObject({
      revision: 1,
      agreement: { revision: 1 },
    });
    expect(eventsOf(p.id).slice(-3)).toEqual([
      EventTypes.agreement.amendmentProposed,
      EventTypes.agreement.documentAttached,
      EventTypes.agreement.amended,
    ]);
  });

  it('reminds 30 and 7 days before expiry and expires after the last day, each published once with two scheduler replicas', async () => {
    const p = await partnership('到期医院', { effectiveFrom: '2026-11-01', effectiveTo: '2026-12-20' });
    await runSchedulersAt('2026-11-19T02:00:00Z'); // 31 days left
    expect(await row(p.id)).toMatchObject({ status: 'ACTIVE', version: p.version });
    await runSchedulersAt('2026-11-25T02:00:00Z'); // 25 days left: the 30-day reminder
    await runSchedulersAt('2026-11-26T02:00:00Z');
    await runSchedulersAt('2026-12-13T02:00:00Z'); // 7 days left
    await runSchedulersAt('2026-12-20T02:00:00Z'); // the last day: still in force
    expect(await row(p.id)).toMatchObject({ status: 'ACTIVE', version: p.version + 2 });
    await runSchedulersAt('2026-12-21T02:00:00Z');
    expect(await row(p.id)).toMatchObject({ status: 'EXPIRED', version: p.version + 3 });

    // one partition per key: once the last event is read, every earlier one of the agreement has been too
    await reader.waitFor((m) => m.key === p.id && typeOf(m) === EventTypes.agreement.expired);
    const reminders = reader.messages
      .filter((m) => m.key === p.id && typeOf(m) === EventTypes.agreement.expiring)
      .map((m) => m.json<{ data: { daysBefore: number; daysLeft: number } }>().data);
    expect(reminders).toEqual([
      expect.objectContaining({ daysBefore: 30, daysLeft: 25 }),
      expect.objectContaining({ daysBefore: 7, daysLeft: 7 }),
    ]);
    expect(eventsOf(p.id).filter((t) => t === EventTypes.agreement.expired)).toHaveLength(1);
    const sequences = reader.messages.filter((m) => m.key === p.id).map((m) => m.json<{ sequence: number }>().sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it('flags agreements in force when a party is suspended, and clears the flag on reinstatement', async () => {
    const p = await partnership('被处罚医院');
    const suspended = await registry.http
      .post(`/v1/institutions/${p.hosp}/suspend`)
      .set('Authorization', registrar)
      .set('If-Match', '1')
      .send({ reason: '违规执业' });
    expect(suspended.status).toBe(200);
    const [flag] = await reader.waitFor((m) => m.key === p.id && typeOf(m) === EventTypes.agreement.partySanctioned);
    expect(flag.json<{ data: unknown }>().data).toMatchObject({
      institutionId: p.hosp,
      sanction: 'SUSPENDED',
      agreement: { status: 'ACTIVE', sanctions: [{ institutionId: p.hosp, status: 'SUSPENDED' }] },
    });
    expect(await row(p.id)).toMatchObject({ status: 'ACTIVE', sanctioned: 1 });
    const read = await one.http.get(`/v1/agreements/${p.id}`).set('Authorization', elderly);
    expect(read.body.sanctions).toEqual([{ institutionId: p.hosp, status: 'SUSPENDED' }]);

    const reinstated = await registry.http
      .post(`/v1/institutions/${p.hosp}/reinstate`)
      .set('Authorization', registrar)
      .set('If-Match', '2')
      .send({ reason: '整改完成' });
    expect(reinstated.status).toBe(200);
    await reader.waitFor((m) => m.key === p.id && typeOf(m) === EventTypes.agreement.partyReinstated);
    expect(await row(p.id)).toMatchObject({ status: 'ACTIVE', sanctioned: 0 });
    expect(eventsOf(p.id).filter((t) => t === EventTypes.agreement.partySanctioned)).toHaveLength(1);
  });
});
