/**
 * Agreements as the suites outside the contract service need them (its tests, the abuse suite, chaos,
 * bench and the demo): countersigning needs the signed paper uploaded first (AGREEMENT_DOCUMENT_REQUIRED),
 * so every one of them files, uploads this small valid PDF, submits and countersigns the same way.
 * Only node:crypto: the scripts under test/ and deploy/ import this file directly.
 */
import { createHash } from 'node:crypto';

/**
 * A small, valid one-page A4 PDF standing for a signed agreement (PDF 1.4, Helvetica, a cross-reference
 * table with exact offsets): a PDF reader opens it, and the contract service's sniffer accepts it.
 * `title` is printed on the page (ASCII; anything else is replaced by "?").
 */
export function signedAgreementPdf(title = 'Cooperation agreement - signed copy'): Buffer {
  const text = title.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
  const content = `BT /F1 16 Tf 72 770 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A request as the suites' own HTTP clients send it: a JSON body, raw bytes (a Buffer), or none. */
export interface AgreementRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * The upload of a signed paper to an agreement at `version`: POST /v1/agreements/{id}/documents with the
 * bytes as the body, their SHA-256 in X-Content-SHA256 and the (percent-encoded) file name.
 */
export function signedCopyUpload(
  agreementId: string,
  version: number,
  o: { bytes?: Buffer; fileName?: string } = {},
): AgreementRequest & { body: Buffer } {
  const bytes = o.bytes ?? signedAgreementPdf();
  return {
    method: 'POST',
    path: `/v1/agreements/${agreementId}/documents`,
    headers: {
      'content-type': 'application/pdf',
      'if-match': `"${version}"`,
      'x-content-sha256': createHash('sha256').update(bytes).digest('hex'),
      'x-file-name': encodeURIComponent(o.fileName ?? '合作协议(签章).pdf'),
    },
    body: bytes,
  };
}

/** A filing the platform accepts between an elderly-care institution and a hospital: MULTI_LEVEL, two-way referral, 2026–2030. */
export function simpleAgreementFiling(elderlyInstitutionId: string, medicalInstitutionId: string) {
  return {
    elderlyInstitutionId,
    medicalInstitutionId,
    mode: 'MULTI_LEVEL',
    services: [{ code: 'TWO_WAY_REFERRAL' }],
    fees: [],
    responsibilities: { elderlyParty: ['场地'], medicalParty: ['巡诊'] },
    breachLiability: '赔偿',
    term: { effectiveFrom: '2026-01-01', effectiveTo: '2030-12-31' },
  };
}

/** Sends one request with the caller's token (the suite's client: supertest, fetch, node:http) and answers status and JSON body. */
export type SendAgreementRequest = (
  step: string,
  request: AgreementRequest & { token: string },
) => Promise<{ status: number; body: Record<string, unknown> }>;

/**
 * Files an agreement, uploads its signed paper while it is a DRAFT (no event), submits it and has the
 * medical party countersign it (ACTIVE at once when its term has begun). Each step must answer 2xx;
 * otherwise the step, the status and the answer are thrown. Answers the agreement as countersigned.
 */
export async function signAgreement(
  send: SendAgreementRequest,
  tokens: { elderly: string; medical: string },
  filing: object,
): Promise<{ id: string; version: number; status: string }> {
  const step = async (name: string, request: AgreementRequest & { token: string }) => {
    const res = await send(name, request);
    if (res.status < 200 || res.status >= 300) throw new Error(`${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number; status: string };
  };
  const filed = await step('file', { method: 'POST', path: '/v1/agreements', headers: {}, token: tokens.elderly, body: filing });
  const { id } = filed;
  const uploaded = await step('upload the signed paper', { ...signedCopyUpload(id, filed.version), token: tokens.elderly });
  const submitted = await step('submit', {
    method: 'POST',
    path: `/v1/agreements/${id}/submit`,
    headers: { 'if-match': `"${uploaded.version}"` },
    token: tokens.elderly,
  });
  const signed = await step('countersign', {
    method: 'POST',
    path: `/v1/agreements/${id}/countersign`,
    headers: { 'if-match': `"${submitted.version}"` },
    token: tokens.medical,
  });
  return { id, version: signed.version, status: signed.status };
}
