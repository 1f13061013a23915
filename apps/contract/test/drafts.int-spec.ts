import request from 'supertest';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { ReadMessage, TopicReader, bearer, hospital, nursingHome, query } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import {
  ContractUnderTest,
  activeAgreement,
  agreementBody,
  amendmentBody,
  knownToContract,
  startContract,
  uploadSignedCopy,
} from './contract-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
const registrar = bearer({ roles: ['registrar'] });
let registry: RegistryUnderTest;
let contract: ContractUnderTest;
let http: ReturnType<typeof request>;
let reader: TopicReader;
let home: string;
let elderly: string;

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const typeOf = (m: ReadMessage) => m.json<{ type: string }>().type;
const row = async (id: string) =>
  (await query<{ version: number; status: string }>(contract.database, 'SELECT version, status FROM agreements WHERE id = ?', [id]))[0];

async function registered(body: Record<string, unknown>): Promise<string> {
  const res = await registry.http.post('/v1/institutions').set('Authorization', registrar).send(body);
  expect(res.status).toBe(201);
  const { id } = res.body as { id: string };
  await knownToContract(contract.database, id);
  return id;
}

/** A hospital of its own, its admin (with a display name) and a DRAFT filed with the test's nursing home. */
async function drafted(name: string) {
  const hosp = await registered(hospital({ name }));
  const medical = bearer({ roles: ['medical-admin'], institutionId: hosp, sub: `admin-${hosp.slice(0, 8)}`, name: '王主任' });
  const filed = await http.post('/v1/agreements').set('Authorization', elderly).send(agreementBody(home, hosp));
  expect(filed.status).toBe(201);
  return { hosp, medical, id: (filed.body as { id: string }).id };
}

beforeAll(async () => {
  registry = await startRegistry('drafts_registry', { clock });
  contract = await startContract('contract_drafts', clock);
  http = contract.http;
  reader = await new TopicReader([topicName(Topics.agreement)]).start();
  home = await registered(nursingHome({ name: '鼓楼颐养院' }));
  elderly = bearer({ roles: ['elderly-admin'], institutionId: home, sub: 'home-admin', name: '李院长' });
});

afterAll(async () => {
  await reader?.stop();
  await contract?.close();
  await registry?.close();
});

describe('drafts: edit, withdraw, copy', () => {
  /** The filing's content with a new breach clause and term, as a PATCH body (no parties). */
  const changedContent = () => {
    const changed = {
      ...agreementBody(home, home),
      breachLiability: '违约方支付违约金五万元',
      term: { effectiveFrom: '2027-01-01', effectiveTo: '2027-12-31' },
    };
    delete (changed as Partial<typeof changed>).elderlyInstitutionId;
    delete (changed as Partial<typeof changed>).medicalInstitutionId;
    return changed;
  };
  const edit = (id: string, ifMatch: string, body: object) =>
    http.patch(`/v1/agreements/${id}`).set('Authorization', elderly).set('If-Match', ifMatch).send(body);

  it('refuses a draft edit that breaks a rule, a stale version, the medical party and a stranger, changing nothing', async () => {
    const { id, medical } = await drafted('编辑草稿医院');
    const changed = changedContent();
    for (const [token, ifMatch, body, status, code] of [
      [elderly, '"1"', { ...changed, mode: 'PRIMARY_CARE' }, 422, 'PRIMARY_CARE_NEEDS_PRIMARY_MEDICAL_PARTY'],
      [elderly, '"1"', { ...changed, term: { effectiveFrom: '2027-01-01', effectiveTo: '2026-01-01' } }, 400, 'VALIDATION_FAILED'],
      [elderly, '"1"', { ...changed, medicalInstitutionId: home }, 400, 'VALIDATION_FAILED'],
      [elderly, '"1"', { ...changed, services: undefined }, 400, 'VALIDATION_FAILED'],
      [elderly, '"7"', changed, 409, 'STALE_VERSION'],
      [medical, '"1"', changed, 403, 'WRONG_PARTY'], // the medical party's admin may pass the role check (CONTINUING_CARE), not act for the filer
      [
        bearer({ roles: ['elderly-admin'], institutionId: '00000000-0000-4000-8000-000000000001' }),
        '"1"',
        changed,
        404,
        'AGREEMENT_NOT_FOUND',
      ],
    ] as const) {
      const res = await http.patch(`/v1/agreements/${id}`).set('Authorization', token).set('If-Match', ifMatch).send(body);
      expect([res.status, (res.body as Body).code]).toEqual([status, code]);
    }
    expect(await row(id)).toEqual({ version: 1, status: 'DRAFT' });
  });

  it('edits a DRAFT with If-Match: a new version and a history line naming the filer', async () => {
    const { id } = await drafted('编辑草稿医院二');
    const edited = await edit(id, '"1"', changedContent());
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      status: 'DRAFT',
      version: 2,
      breachLiability: '违约方支付违约金五万元',
      term: { effectiveFrom: '2027-01-01', effectiveTo: '2027-12-31' },
    });
    expect((edited.body as Body).history.at(-1)).toMatchObject({
      action: 'edit',
      from: 'DRAFT',
      to: 'DRAFT',
      actor: { id: 'home-admin', role: 'elderly-admin', name: '李院长' },
    });
  });

  it('refuses an edit that changes nothing', async () => {
    const { id } = await drafted('编辑草稿医院三');
    await edit(id, '"1"', changedContent()).expect(200);
    const same = await edit(id, '"2"', changedContent());
    expect([same.status, (same.body as Body).code]).toEqual([422, 'EDIT_CHANGES_NOTHING']);
  });

  it('publishes none of a draft’s versions: once submitted, its first event has the version after its edits', async () => {
    const { id } = await drafted('编辑草稿医院四');
    await edit(id, '"1"', changedContent()).expect(200);
    const submitted = await http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderly).set('If-Match', '"2"');
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', version: 3 });
    const [event] = await reader.waitFor((m) => m.key === id && typeOf(m) === EventTypes.agreement.submitted);
    expect(event.json<{ sequence: number; data: { agreement: { term: unknown } } }>()).toMatchObject({
      sequence: 3,
      data: { agreement: { term: { effectiveFrom: '2027-01-01' } } },
    });
  });

  it('refuses to edit an agreement once submitted', async () => {
    const { id } = await drafted('编辑草稿医院五');
    await http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderly).set('If-Match', '"1"').expect(200);
    const late = await edit(id, '"2"', { ...changedContent(), breachLiability: '再改' });
    expect([late.status, (late.body as Body).code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
  });

  /** A SUBMITTED agreement (version 2) of the test's nursing home with a hospital of its own. */
  async function submittedDraft(name: string) {
    const drafted_ = await drafted(name);
    await http.post(`/v1/agreements/${drafted_.id}/submit`).set('Authorization', elderly).set('If-Match', '"1"').expect(200);
    return drafted_;
  }
  const withdraw = (id: string, token: string, ifMatch: string, reason: string) =>
    http.post(`/v1/agreements/${id}/withdraw`).set('Authorization', token).set('If-Match', ifMatch).send({ reason });

  it('refuses a withdrawal by the other party, with a blank reason or by a stranger, changing nothing', async () => {
    const { id, medical } = await submittedDraft('撤回协议医院');
    const wrong = await withdraw(id, medical, '"2"', '不同意');
    expect([wrong.status, (wrong.body as Body).code]).toEqual([403, 'WRONG_PARTY']);
    const blank = await withdraw(id, elderly, '"2"', ' ');
    expect(blank.status).toBe(400);
    const stranger = await withdraw(
      id,
      bearer({ roles: ['elderly-admin'], institutionId: '00000000-0000-4000-8000-000000000001' }),
      '"2"',
      '恶意',
    );
    expect(stranger.status).toBe(404);
    expect(await row(id)).toEqual({ version: 2, status: 'SUBMITTED' });
  });

  it('withdraws a SUBMITTED agreement (its proposer) with agreement.withdrawn, which carries no names', async () => {
    const { id } = await submittedDraft('撤回协议医院二');
    const withdrawn = await withdraw(id, elderly, '"2"', '条款需调整');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'WITHDRAWN', version: 3 });
    expect((withdrawn.body as Body).history.at(-1)).toMatchObject({
      action: 'withdraw',
      from: 'SUBMITTED',
      to: 'WITHDRAWN',
      reason: '条款需调整',
      actor: { name: '李院长' },
    });
    const [event] = await reader.waitFor((m) => m.key === id && typeOf(m) === EventTypes.agreement.withdrawn);
    const e = event.json<{ sequence: number; actor: string; data: { reason: string; agreement: { status: string } } }>();
    expect(e).toMatchObject({
      sequence: 3,
      actor: 'elderly-admin:home-admin',
      data: { reason: '条款需调整', agreement: { status: 'WITHDRAWN' } },
    });
    expect(JSON.stringify(e)).not.toContain('李院长');
  });

  it('neither countersigns nor withdraws again a WITHDRAWN agreement', async () => {
    const { id, medical } = await submittedDraft('撤回协议医院三');
    await withdraw(id, elderly, '"2"', '条款需调整').expect(200);
    const countersign = await http.post(`/v1/agreements/${id}/countersign`).set('Authorization', medical).set('If-Match', '"3"');
    expect([countersign.status, (countersign.body as Body).code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
    const again = await withdraw(id, elderly, '"3"', '再撤');
    expect([again.status, (again.body as Body).code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
  });

  it('withdraws a DRAFT quietly: a version, no event', async () => {
    const quiet = await drafted('撤回草稿医院');
    const gone = await withdraw(quiet.id, elderly, '"1"', '不再需要');
    expect(gone.body).toMatchObject({ status: 'WITHDRAWN', version: 2 });
    await new Promise((r) => setTimeout(r, 500));
    expect(reader.messages.filter((m) => m.key === quiet.id)).toEqual([]);
  });

  it('copies a REJECTED agreement into a new DRAFT (copiedFrom), which can be edited and submitted', async () => {
    const { id, medical, hosp } = await drafted('退回复制医院');
    await http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderly).set('If-Match', '"1"').expect(200);
    const early = await http.post(`/v1/agreements/${id}/copy`).set('Authorization', elderly);
    expect([early.status, (early.body as Body).code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
    await http
      .post(`/v1/agreements/${id}/reject`)
      .set('Authorization', medical)
      .set('If-Match', '"2"')
      .send({ reason: '收费过高' })
      .expect(200);

    const byMedical = await http.post(`/v1/agreements/${id}/copy`).set('Authorization', medical);
    expect(byMedical.status).toBe(403);
    const byStranger = await http
      .post(`/v1/agreements/${id}/copy`)
      .set('Authorization', bearer({ roles: ['elderly-admin'], institutionId: '00000000-0000-4000-8000-000000000001' }));
    expect(byStranger.status).toBe(404);

    const copy = await http.post(`/v1/agreements/${id}/copy`).set('Authorization', elderly);
    expect(copy.status).toBe(201);
    const c = copy.body as Body;
    expect(c).toMatchObject({
      status: 'DRAFT',
      version: 1,
      copiedFrom: id,
      elderlyInstitutionId: home,
      medicalInstitutionId: hosp,
      fees: agreementBody(home, hosp).fees,
    });
    expect(c.id).not.toBe(id);
    expect(c.history).toEqual([expect.objectContaining({ action: 'copy', to: 'DRAFT', reason: `copy of ${id}` })]);
    const { elderlyInstitutionId: _e, medicalInstitutionId: _m, ...content } = agreementBody(home, hosp);
    await http
      .patch(`/v1/agreements/${c.id}`)
      .set('Authorization', elderly)
      .set('If-Match', '"1"')
      .send({ ...content, fees: [] })
      .expect(200);
    expect((await uploadSignedCopy(http, elderly, c.id as string, 2)).status).toBe(201);
    await http.post(`/v1/agreements/${c.id}/submit`).set('Authorization', elderly).set('If-Match', '"3"').expect(200);
    const signed = await http.post(`/v1/agreements/${c.id}/countersign`).set('Authorization', medical).set('If-Match', '"4"');
    expect(signed.body).toMatchObject({ status: 'ACTIVE', fees: [] });
    expect(await row(id)).toEqual({ version: 3, status: 'REJECTED' });
  });
});

describe('names and amendment history', () => {
  it('shows both institutions’ names in GET and lists, and the actors’ names in the history', async () => {
    const { id, hosp } = await drafted('名称展示医院');
    const got = await http.get(`/v1/agreements/${id}`).set('Authorization', elderly);
    expect(got.body).toMatchObject({ elderlyInstitutionName: '鼓楼颐养院', medicalInstitutionName: '名称展示医院' });
    expect((got.body as Body).history[0]).toMatchObject({
      action: 'draft',
      actor: { id: 'home-admin', role: 'elderly-admin', name: '李院长' },
    });
    const list = await http.get('/v1/agreements').query({ counterparty: hosp }).set('Authorization', elderly);
    expect((list.body as Body).items).toEqual([
      expect.objectContaining({ id, elderlyInstitutionName: '鼓楼颐养院', medicalInstitutionName: '名称展示医院' }),
    ]);
    const [history] = await query<{ actor_name: string | null }>(
      contract.database,
      'SELECT actor_name FROM agreement_history WHERE agreement_id = ?',
      [id],
    );
    expect(history.actor_name).toBe('李院长');
  });

  it('keeps every revision readable, with who proposed and countersigned it and when; readers as for GET', async () => {
    const hosp = await registered(hospital({ name: '修订历史医院' }));
    const medical = bearer({ roles: ['medical-admin'], institutionId: hosp, sub: 'hospital-admin', name: '王主任' });
    const a = await activeAgreement(http, { elderly, medical }, agreementBody(home, hosp));
    const content = amendmentBody(home, hosp);

    const proposed = await http
      .post(`/v1/agreements/${a.id}/amend`)
      .set('Authorization', medical)
      .set('If-Match', `"${a.version}"`)
      .send({ ...content, breachLiability: '第一次变更' });
    expect(proposed.status).toBe(200);
    const pending = await http.get(`/v1/agreements/${a.id}/revisions`).set('Authorization', elderly);
    expect(pending.status).toBe(200);
    expect((pending.body as Body).items.map((r: Body) => [r.revision, r.status])).toEqual([
      [0, 'SIGNED'],
      [1, 'PROPOSED'],
    ]);

    // each amendment is countersigned once its signed paper is uploaded
    expect((await uploadSignedCopy(http, elderly, a.id, a.version + 1)).status).toBe(201);
    await http
      .post(`/v1/agreements/${a.id}/amendment/countersign`)
      .set('Authorization', elderly)
      .set('If-Match', `"${a.version + 2}"`)
      .expect(200);
    await http
      .post(`/v1/agreements/${a.id}/amend`)
      .set('Authorization', elderly)
      .set('If-Match', `"${a.version + 3}"`)
      .send({ ...content, breachLiability: '第二次变更' })
      .expect(200);
    expect((await uploadSignedCopy(http, elderly, a.id, a.version + 4)).status).toBe(201);
    await http
      .post(`/v1/agreements/${a.id}/amendment/countersign`)
      .set('Authorization', medical)
      .set('If-Match', `"${a.version + 5}"`)
      .expect(200);

    const res = await http.get(`/v1/agreements/${a.id}/revisions`).set('Authorization', medical);
    expect(res.status).toBe(200);
    const items = (res.body as Body).items as Body[];
    expect(items.map((r) => [r.revision, r.status, r.content.breachLiability])).toEqual([
      [0, 'SIGNED', content.breachLiability],
      [1, 'SIGNED', '第一次变更'],
      [2, 'SIGNED', '第二次变更'],
    ]);
    expect(items[0]).toMatchObject({
      proposed: { side: 'elderly', by: { id: 'home-admin', name: '李院长' } },
      countersigned: { by: { id: 'hospital-admin', name: '王主任' } },
    });
    expect(items[1]).toMatchObject({
      proposed: { side: 'medical', by: { id: 'hospital-admin', name: '王主任' } },
      countersigned: { by: { id: 'home-admin', name: '李院长' } },
    });
    expect(items[2]).toMatchObject({ proposed: { side: 'elderly', by: { name: '李院长' } }, countersigned: { by: { name: '王主任' } } });
    expect(typeof items[2].countersigned.at).toBe('string');
    const kept = await query<{ revision: number }>(
      contract.database,
      'SELECT revision FROM agreement_revisions WHERE agreement_id = ? ORDER BY revision',
      [a.id],
    );
    expect(kept.map((r) => r.revision)).toEqual([0, 1, 2]);

    expect(
      (await http.get(`/v1/agreements/${a.id}/revisions`).set('Authorization', bearer({ roles: ['regulator'], division: '3501' }))).status,
    ).toBe(200);
    expect(
      (await http.get(`/v1/agreements/${a.id}/revisions`).set('Authorization', bearer({ roles: ['regulator'], division: '44' }))).status,
    ).toBe(404);
    expect(
      (
        await http
          .get(`/v1/agreements/${a.id}/revisions`)
          .set('Authorization', bearer({ roles: ['medical-admin'], institutionId: '00000000-0000-4000-8000-000000000001' }))
      ).status,
    ).toBe(404);
    expect((await http.get('/v1/agreements/not-a-uuid/revisions').set('Authorization', elderly)).status).toBe(400);
  });

  it('lists the unsigned content of a draft as a proposed revision 0', async () => {
    const { id } = await drafted('草稿修订医院');
    const res = await http.get(`/v1/agreements/${id}/revisions`).set('Authorization', elderly);
    expect(res.body).toMatchObject({
      agreementId: id,
      status: 'DRAFT',
      items: [
        { revision: 0, status: 'PROPOSED', countersigned: null, proposed: { side: 'elderly', by: { id: 'home-admin', name: '李院长' } } },
      ],
    });
  });
});
