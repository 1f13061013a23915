/**
 * CONTINUING_CARE (接续服务合作, ADR 0013) end to end: a rehabilitation hospital's admin (a medical-admin)
 * files the agreement as its care side, uploads the signed paper and submits it; the general hospital's
 * admin countersigns; it is ACTIVE and `agreement.activated` carries the mode and two-way referral, which
 * the referral service reads as cover by the (care side, hospital) pair. Nobody acts for the other side.
 */
import request from 'supertest';
import { EventTypes, Topics, topicName } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { TopicReader, bearer, hospital, nursingHome } from '@yiyang/testing';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import { ContractUnderTest, activeAgreement, agreementBody, registeredWith, startContract, uploadSignedCopy } from './contract-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
let registry: RegistryUnderTest;
let contract: ContractUnderTest;
let http: ReturnType<typeof request>;
let reader: TopicReader;
let rehab: string;
let general: string;
let home: string;
let rehabAdmin: string;
let hospitalAdmin: string;

/** A CONTINUING_CARE filing: the care side first (the `elderlyInstitutionId` wire name), two-way referral and rehabilitation. */
const continuingCare = (careSide: string, hospitalId: string) => ({
  ...agreementBody(careSide, hospitalId, { effectiveFrom: '2026-11-01', effectiveTo: '2027-10-31' }),
  mode: 'CONTINUING_CARE',
  services: [{ code: 'TWO_WAY_REFERRAL' }, { code: 'REHABILITATION' }],
  responsibilities: { elderlyParty: ['接收病情稳定的康复期患者'], medicalParty: ['按下转指征转出并提供诊疗摘要'] },
});

beforeAll(async () => {
  registry = await startRegistry('continuing_registry', { clock });
  contract = await startContract('contract_continuing', clock);
  http = contract.http;
  reader = await new TopicReader([topicName(Topics.agreement)]).start();
  rehab = await registeredWith(
    registry,
    contract,
    hospital({ name: '福州市康复医院', kind: 'REHABILITATION_HOSPITAL', hospitalGrade: 'LEVEL_2', capabilities: ['REHABILITATION'] }),
  );
  general = await registeredWith(registry, contract, hospital({ name: '福州市第一医院' }));
  home = await registeredWith(registry, contract, nursingHome({ name: '鼓楼颐养院' }));
  rehabAdmin = bearer({ roles: ['medical-admin'], institutionId: rehab, sub: 'rehab-admin', name: '康复医院陈院长' });
  hospitalAdmin = bearer({ roles: ['medical-admin'], institutionId: general, sub: 'hospital-admin', name: '医务科王主任' });
});

afterAll(async () => {
  await reader?.stop();
  await contract?.close();
  await registry?.close();
});

describe('CONTINUING_CARE: a hospital and a rehabilitation hospital it sends recovering patients down to', () => {
  it('is filed by the care side’s medical-admin, countersigned by the hospital’s admin and becomes ACTIVE', async () => {
    const signed = await activeAgreement(http, { elderly: rehabAdmin, medical: hospitalAdmin }, continuingCare(rehab, general));
    expect(signed.status).toBe('ACTIVE');

    const read = await http.get(`/v1/agreements/${signed.id}`).set('Authorization', hospitalAdmin);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      mode: 'CONTINUING_CARE',
      status: 'ACTIVE',
      proposedBy: 'elderly',
      elderlyInstitutionId: rehab,
      elderlyInstitutionName: '福州市康复医院',
      medicalInstitutionId: general,
      medicalInstitutionName: '福州市第一医院',
    });
    expect(read.body.history.map((h: { action: string; actor: { id: string } }) => [h.action, h.actor.id])).toEqual([
      ['draft', 'rehab-admin'],
      ['attach-document', 'rehab-admin'],
      ['submit', 'rehab-admin'],
      ['countersign', 'hospital-admin'],
      ['activate', 'system'],
    ]);

    const [activated] = await reader.waitFor(
      (m) => m.key === signed.id && m.json<{ type: string }>().type === EventTypes.agreement.activated,
    );
    expect(activated.json<{ data: { agreement: Record<string, unknown> } }>().data.agreement).toMatchObject({
      mode: 'CONTINUING_CARE',
      status: 'ACTIVE',
      elderlyParty: { institutionId: rehab, category: 'MEDICAL', kind: 'REHABILITATION_HOSPITAL' },
      medicalParty: { institutionId: general, kind: 'GENERAL_HOSPITAL' },
      services: expect.arrayContaining([{ code: 'TWO_WAY_REFERRAL', frequency: null }]),
    });

    const mine = await http.get('/v1/agreements').query({ mode: 'CONTINUING_CARE' }).set('Authorization', rehabAdmin);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([signed.id]);
  });

  it('lets neither side act for the other', async () => {
    const byHospital = await http.post('/v1/agreements').set('Authorization', hospitalAdmin).send(continuingCare(rehab, general));
    expect(byHospital.status).toBe(403);
    expect(byHospital.body.code).toBe('WRONG_PARTY');

    const filed = await http
      .post('/v1/agreements')
      .set('Authorization', rehabAdmin)
      .send({ ...continuingCare(rehab, general), term: { effectiveFrom: '2027-11-01', effectiveTo: '2028-10-31' } });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    const upload = await uploadSignedCopy(http, hospitalAdmin, id, 1);
    expect(upload.status).toBe(403); // the paper is the care side's to upload
    expect(upload.body.code).toBe('WRONG_PARTY');
    expect((await uploadSignedCopy(http, rehabAdmin, id, 1)).status).toBe(201);
    const early = await http.post(`/v1/agreements/${id}/submit`).set('Authorization', hospitalAdmin).set('If-Match', '"2"').send();
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('WRONG_PARTY');
    const submitted = await http.post(`/v1/agreements/${id}/submit`).set('Authorization', rehabAdmin).set('If-Match', '"2"').send();
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', version: 3 });
    const own = await http.post(`/v1/agreements/${id}/countersign`).set('Authorization', rehabAdmin).set('If-Match', '"3"').send();
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('WRONG_PARTY');
    const wrongRole = await http
      .post(`/v1/agreements/${id}/countersign`)
      .set('Authorization', bearer({ roles: ['elderly-admin'], institutionId: general }))
      .set('If-Match', '"3"')
      .send();
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.code).toBe('WRONG_PARTY');
  });

  it('refuses an elderly-care home as the care side, a rehabilitation hospital as the hospital, and content without the continuing services', async () => {
    const homeAdmin = bearer({ roles: ['elderly-admin'], institutionId: home });
    const byHome = await http.post('/v1/agreements').set('Authorization', homeAdmin).send(continuingCare(home, general));
    expect(byHome.status).toBe(422);
    expect(byHome.body.code).toBe('CONTINUING_CARE_NEEDS_CARE_PROVIDER');

    const reversed = await http.post('/v1/agreements').set('Authorization', hospitalAdmin).send(continuingCare(general, rehab));
    expect(reversed.status).toBe(422);
    expect(reversed.body.code).toBe('CONTINUING_CARE_NEEDS_CARE_PROVIDER');

    const noReferral = await http
      .post('/v1/agreements')
      .set('Authorization', rehabAdmin)
      .send({ ...continuingCare(rehab, general), services: [{ code: 'REHABILITATION' }] });
    expect(noReferral.status).toBe(422);
    expect(noReferral.body.code).toBe('CONTINUING_CARE_SERVICES_REQUIRED');

    const multiLevel = await http
      .post('/v1/agreements')
      .set('Authorization', rehabAdmin)
      .send({ ...continuingCare(rehab, general), mode: 'MULTI_LEVEL' });
    expect(multiLevel.status).toBe(422);
    expect(multiLevel.body.code).toBe('ELDERLY_PARTY_INVALID');
  });
});
