import request from 'supertest';
import { EventTypes } from '@yiyang/contracts';
import { ManualClock } from '@yiyang/kernel';
import { sha256Hex } from '@yiyang/storage';
import { STORE_DOWN, asBytes, bearer, expectNotReadyWhileStoreDown, hospital, nursingHome, query } from '@yiyang/testing';
import { jpeg, pdf, png, zip } from '../../../libs/storage/test/documents';
import { RegistryUnderTest, startRegistry } from '../../institution-registry/test/registry-app';
import { DocumentSweep } from '../src/schedule/document-sweep.job';
import { DocumentStore } from '../src/shared/document-store';
import { ContractUnderTest, activeAgreement, agreementBody, registeredWith, startContract } from './contract-app';

const clock = new ManualClock(new Date('2026-11-22T02:00:00Z'));
let registry: RegistryUnderTest;
let contract: ContractUnderTest;
let http: ReturnType<typeof request>;
let home: string;
let hosp: string;
let elderly: string;
let medical: string;

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const registered = (body: Record<string, unknown>) => registeredWith(registry, contract, body);

/** A DRAFT of the test's two parties (each test its own: a pair may file any number of drafts). */
async function drafted(): Promise<string> {
  const filed = await http.post('/v1/agreements').set('Authorization', elderly).send(agreementBody(home, hosp));
  expect(filed.status).toBe(201);
  return (filed.body as { id: string }).id;
}

const upload = (id: string, bytes: Buffer, version: number, type = 'application/pdf', token = elderly) =>
  http
    .post(`/v1/agreements/${id}/documents`)
    .set('Authorization', token)
    .set('If-Match', `"${version}"`)
    .set('Content-Type', type)
    .send(bytes);

const documentRows = async (id: string) =>
  query<{ version: number; object_key: string }>(
    contract.database,
    'SELECT version, object_key FROM agreement_documents WHERE agreement_id = ?',
    [id],
  );
const eventsOf = async (id: string) =>
  (await query<{ event_type: string }>(contract.database, 'SELECT event_type FROM outbox WHERE aggregate_id = ? ORDER BY id', [id])).map(
    (r) => r.event_type,
  );

beforeAll(async () => {
  registry = await startRegistry('documents_registry', { clock });
  contract = await startContract('contract_documents', clock);
  http = contract.http;
  home = await registered(nursingHome({ name: '鼓楼颐养院' }));
  hosp = await registered(hospital({ name: '台江医院' }));
  elderly = bearer({ roles: ['elderly-admin'], institutionId: home, sub: 'home-admin', name: '李院长' });
  medical = bearer({ roles: ['medical-admin'], institutionId: hosp, sub: 'hosp-admin', name: '王主任' });
});

afterAll(async () => {
  await contract?.close();
  await registry?.close();
});

describe('the signed agreement document', () => {
  it('is uploaded as the raw body, versioned, listed newest first and streamed back as a safe download', async () => {
    const id = await drafted();
    const first = pdf();
    const res = await upload(id, first, 1)
      .set('X-Content-SHA256', sha256Hex(first))
      .set('X-File-Name', encodeURIComponent('../合作协议(签章).html'));
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/agreements/${id}/documents/1`);
    expect(res.headers.etag).toBe('"2"');
    const body = res.body as Body;
    expect(body.status).toBe('DRAFT');
    expect(body.attachedDocument).toMatchObject({
      version: 1,
      sha256: sha256Hex(first),
      mediaType: 'application/pdf',
      sizeBytes: first.length,
      fileName: '合作协议(签章).html.pdf',
    });
    expect((body.history as Body[]).at(-1)).toMatchObject({ action: 'attach-document', from: 'DRAFT', to: 'DRAFT' });
    // the agreement's document is the upload's: its safe name and the SHA-256 of its bytes, not what the filing declared
    expect(body.document).toEqual({ fileName: '合作协议(签章).html.pdf', sha256: sha256Hex(first) });
    // a DRAFT's document, like its edits, publishes nothing
    expect(await eventsOf(id)).toEqual([]);

    await http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderly).set('If-Match', '2').expect(200);
    const scan = png(1200, 1600);
    const second = await upload(id, scan, 3, 'image/jpeg'); // the declared type is ignored: the bytes are a PNG
    expect(second.status).toBe(201);
    expect((second.body as Body).attachedDocument).toMatchObject({ version: 2, mediaType: 'image/png', fileName: 'document.png' });
    expect((second.body as Body).status).toBe('SUBMITTED');
    expect(await eventsOf(id)).toEqual([EventTypes.agreement.submitted, EventTypes.agreement.documentAttached]);
    const [payload] = await query<{ payload: string }>(
      contract.database,
      'SELECT payload FROM outbox WHERE aggregate_id = ? AND event_type = ?',
      [id, EventTypes.agreement.documentAttached],
    );
    expect((JSON.parse(payload.payload) as Body).data).toMatchObject({
      version: 2,
      sha256: sha256Hex(scan),
      mediaType: 'image/png',
      sizeBytes: scan.length,
      agreement: { id, version: 4, status: 'SUBMITTED' },
    });

    const list = await http.get(`/v1/agreements/${id}/documents`).set('Authorization', medical).expect(200);
    expect((list.body as Body).items.map((d: Body) => d.version)).toEqual([2, 1]);

    const download = await asBytes(http.get(`/v1/agreements/${id}/documents/1`).set('Authorization', medical));
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, first)).toBe(0);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-length']).toBe(String(first.length));
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="[^"/\\]*"; filename\*=UTF-8''/);

    const link = await http.get(`/v1/agreements/${id}/documents/2/link`).set('Authorization', elderly).expect(200);
    const { url, expiresAt } = link.body as { url: string; expiresAt: string };
    expect(new Date(expiresAt).getTime() - clock.now().getTime()).toBeLessThanOrEqual(300_000);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await fetched.arrayBuffer()), scan)).toBe(0);
  });

  it('takes an Idempotency-Key: the same file again is replayed, another file with the key is refused', async () => {
    const id = await drafted();
    const first = await upload(id, pdf(), 1).set('Idempotency-Key', `doc-${id}`);
    expect(first.status).toBe(201);
    const again = await upload(id, pdf(), 1).set('Idempotency-Key', `doc-${id}`);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await upload(id, jpeg(), 1).set('Idempotency-Key', `doc-${id}`);
    expect(other.status).toBe(422);
    expect((other.body as Body).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await documentRows(id)).toHaveLength(1);
  });

  it('is read by either party and by regulators over either party; anyone else gets 404', async () => {
    const id = await drafted();
    await upload(id, jpeg(), 1).expect(201);
    for (const token of [elderly, medical, bearer({ roles: ['regulator'], division: '350103' })]) {
      await http.get(`/v1/agreements/${id}/documents`).set('Authorization', token).expect(200);
      await http.get(`/v1/agreements/${id}/documents/1/link`).set('Authorization', token).expect(200);
    }
    const outsiders = [
      bearer({ roles: ['regulator'], division: '44' }),
      bearer({ roles: ['elderly-admin'], institutionId: '33333333-3333-4333-8333-333333333333' }),
    ];
    for (const token of outsiders) {
      for (const path of ['', '/1', '/1/link']) {
        const res = await http.get(`/v1/agreements/${id}/documents${path}`).set('Authorization', token);
        expect(res.status).toBe(404);
        expect((res.body as Body).code).toBe('AGREEMENT_NOT_FOUND');
      }
    }
  });

  it('refuses bad uploads with a 4xx problem and writes nothing', async () => {
    const id = await drafted();
    const refused = async (res: request.Response, status: number, code: string) => {
      expect({ status: res.status, code: (res.body as Body).code }).toEqual({ status, code });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    };
    await refused(await upload(id, Buffer.alloc(0), 1), 400, 'DOCUMENT_EMPTY');
    await refused(await upload(id, Buffer.alloc(20 * 1024 * 1024 + 1, 0x25), 1), 413, 'DOCUMENT_TOO_LARGE');
    await refused(await upload(id, pdf(), 1, 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(
      await http.post(`/v1/agreements/${id}/documents`).set('Authorization', elderly).set('If-Match', '1').send({ file: 'x' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await refused(await upload(id, zip(), 1), 415, 'DOCUMENT_TYPE_NOT_ALLOWED');
    await refused(await upload(id, png(2, 2, { after: pdf() }), 1, 'image/png'), 400, 'DOCUMENT_REFUSED'); // polyglot
    await refused(await upload(id, jpeg(2, 2, { comment: '<script>alert(1)</script>' }), 1, 'image/jpeg'), 400, 'DOCUMENT_REFUSED');
    await refused(await upload(id, png(20_000, 20_000), 1, 'image/png'), 400, 'DOCUMENT_REFUSED'); // 400 megapixels
    await refused(await upload(id, pdf(), 1).set('X-Content-SHA256', sha256Hex(Buffer.from('other'))), 400, 'DOCUMENT_HASH_MISMATCH');
    await refused(await upload(id, pdf(), 1).set('X-Content-SHA256', 'not-a-hash'), 400, 'DOCUMENT_HASH_MALFORMED');
    await refused(await upload(id, pdf(), 1).set('X-File-Name', '%E4%B8'), 400, 'DOCUMENT_FILE_NAME_MALFORMED');
    await refused(await upload(id, pdf(), 1, 'application/pdf', medical), 403, 'WRONG_PARTY'); // the paper is the filer's side's
    const stranger = bearer({ roles: ['elderly-admin'], institutionId: '33333333-3333-4333-8333-333333333333' });
    await refused(await upload(id, pdf(), 1, 'application/pdf', stranger), 404, 'AGREEMENT_NOT_FOUND');
    await refused(await upload(id, pdf(), 7), 409, 'STALE_VERSION');
    await refused(
      await http.post(`/v1/agreements/${id}/documents`).set('Authorization', elderly).set('Content-Type', 'application/pdf').send(pdf()),
      428,
      'IF_MATCH_REQUIRED',
    );
    await refused(await http.get(`/v1/agreements/${id}/documents/first`).set('Authorization', elderly), 400, 'VALIDATION_FAILED');
    await refused(await http.get(`/v1/agreements/${id}/documents/9`).set('Authorization', elderly), 404, 'DOCUMENT_VERSION_NOT_FOUND');
    // a PDF body on a route that is not an upload is still not JSON
    await refused(
      await http
        .post(`/v1/agreements/${id}/submit`)
        .set('Authorization', elderly)
        .set('If-Match', '1')
        .set('Content-Type', 'application/pdf')
        .send(pdf()),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(await documentRows(id)).toEqual([]);
    const [row] = await query<{ version: number }>(contract.database, 'SELECT version FROM agreements WHERE id = ?', [id]);
    expect(row.version).toBe(1);
  });

  it('is needed to countersign; refused from the medical party even when it names the right role, and once in force', async () => {
    const id = await drafted();
    const medicalAsElderly = bearer({ roles: ['elderly-admin'], institutionId: hosp });
    const res = await upload(id, pdf(), 1, 'application/pdf', medicalAsElderly);
    expect(res.status).toBe(403);
    expect((res.body as Body).code).toBe('WRONG_PARTY');
    await http.post(`/v1/agreements/${id}/submit`).set('Authorization', elderly).set('If-Match', '1').expect(200);
    const early = await http.post(`/v1/agreements/${id}/countersign`).set('Authorization', medical).set('If-Match', '2');
    expect([early.status, (early.body as Body).code]).toEqual([422, 'DOCUMENT_REQUIRED']);
    await upload(id, pdf(), 2).expect(201);
    const signed = await http.post(`/v1/agreements/${id}/countersign`).set('Authorization', medical).set('If-Match', '3').expect(200);
    expect((signed.body as Body).status).toBe('ACTIVE');
    const late = await upload(id, jpeg(), (signed.body as { version: number }).version);
    expect(late.status).toBe(409);
    expect((late.body as Body).code).toBe('NO_PENDING_AMENDMENT');
    expect((await documentRows(id)).map((r) => r.version)).toEqual([1]);
  });

  it('an amendment is countersigned once its own signed paper is uploaded, which then becomes the document', async () => {
    // a later term than the other tests' agreements of this pair (no overlap): SIGNED, in force for amendments
    const term = { effectiveFrom: '2028-01-01', effectiveTo: '2028-12-31' };
    const signed = await activeAgreement(http, { elderly, medical }, agreementBody(home, hosp, term));
    expect(signed.status).toBe('SIGNED');
    const { elderlyInstitutionId: _e, medicalInstitutionId: _m, mode: _mo, term: _t, document: _d, ...content } = agreementBody(home, hosp);
    const proposed = await http
      .post(`/v1/agreements/${signed.id}/amend`)
      .set('Authorization', medical)
      .set('If-Match', `"${signed.version}"`)
      .send({ ...content, breachLiability: '另行约定' })
      .expect(200);
    const before = proposed.body as Body;
    expect(before.pendingAmendment).toMatchObject({ revision: 1, documentVersion: null });
    const early = await http
      .post(`/v1/agreements/${signed.id}/amendment/countersign`)
      .set('Authorization', elderly)
      .set('If-Match', `"${before.version}"`);
    expect([early.status, (early.body as Body).code]).toEqual([422, 'DOCUMENT_REQUIRED']);
    const paper = pdf('1 0 obj << /Type /Catalog >> endobj\n% amendment 1\n');
    const uploaded = await upload(signed.id, paper, before.version as number).set('X-File-Name', encodeURIComponent('补充协议.pdf'));
    expect(uploaded.status).toBe(201);
    const pending = uploaded.body as Body;
    expect(pending.status).toBe('SIGNED');
    expect(pending.document).toEqual(before.document); // the paper in force is unchanged until the amendment is countersigned
    expect(pending.pendingAmendment).toMatchObject({
      documentVersion: 2,
      content: { document: { fileName: '补充协议.pdf', sha256: sha256Hex(paper) } },
    });
    const amended = await http
      .post(`/v1/agreements/${signed.id}/amendment/countersign`)
      .set('Authorization', elderly)
      .set('If-Match', `"${pending.version}"`)
      .expect(200);
    expect((amended.body as Body).document).toEqual({ fileName: '补充协议.pdf', sha256: sha256Hex(paper) });
    expect((amended.body as Body).revision).toBe(1);
  });

  it('answers 503 with Retry-After when the object store is down, and writes nothing', async () => {
    const down = await startContract('contract_documents', clock, 2, {
      S3_ENDPOINT: 'http://127.0.0.1:1',
      S3_MAX_ATTEMPTS: '1',
      S3_CONNECT_TIMEOUT_MS: '200',
      S3_REQUEST_TIMEOUT_MS: '1000',
    });
    try {
      const id = await drafted();
      const res = await down.http
        .post(`/v1/agreements/${id}/documents`)
        .set('Authorization', elderly)
        .set('If-Match', '1')
        .set('Content-Type', 'application/pdf')
        .send(pdf());
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect((res.body as Body).code).toBe('STORAGE_UNAVAILABLE');
      expect(await documentRows(id)).toEqual([]);
      const [row] = await query<{ version: number }>(contract.database, 'SELECT version FROM agreements WHERE id = ?', [id]);
      expect(row.version).toBe(1);
    } finally {
      await down.close();
    }
  });

  it('makes the readiness probe answer 503 with Retry-After while the object store does not answer', async () => {
    const down = await startContract('contract_documents', clock, 3, STORE_DOWN);
    try {
      await expectNotReadyWhileStoreDown(down.http, http);
    } finally {
      await down.close();
    }
  });

  it('the sweep removes objects no document refers to, once old enough, and never a referenced one', async () => {
    const id = await drafted();
    await upload(id, pdf(), 1).expect(201);
    const [kept] = await documentRows(id);
    const documents = contract.app.get(DocumentStore);
    const orphan = `agreements/${id}/00000000-0000-4000-8000-000000000000`;
    await documents.put(orphan, pdf(), 'application/pdf', {});
    const sweep = contract.app.get(DocumentSweep);
    // not a day old yet: nothing goes
    expect(await sweep.runOnce()).toBe(0);
    expect(await documents.objects.head(documents.bucket, orphan)).not.toBeNull();
    // a moved cutoff: everything written so far counts as old
    expect(await sweep.runOnce(new Date(Date.now() + 60_000))).toBe(1);
    expect(await documents.objects.head(documents.bucket, orphan)).toBeNull();
    expect(await documents.objects.head(documents.bucket, kept.object_key)).not.toBeNull();
    await http.get(`/v1/agreements/${id}/documents/1`).set('Authorization', elderly).expect(200);
  });
});
