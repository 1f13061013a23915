import { isBinaryUpload } from '@yiyang/http';

/** A request as the JSON-only middleware sees it: method, URL and what `req.is` answers for its Content-Type. */
const req = (method: string, url: string, contentType: string) => ({
  method,
  url,
  originalUrl: url,
  is: (types: string | string[]) => ((Array.isArray(types) ? types : [types]).includes(contentType) ? contentType : false),
});

describe('isBinaryUpload (the JSON-only middleware lets these through)', () => {
  it('is a POST of a PDF, JPEG or PNG to a documents or attachments collection', () => {
    const id = '11111111-1111-4111-8111-111111111111';
    expect(isBinaryUpload(req('POST', `/v1/agreements/${id}/documents`, 'application/pdf'))).toBe(true);
    expect(isBinaryUpload(req('POST', `/v1/referrals/${id}/attachments`, 'image/jpeg'))).toBe(true);
    expect(isBinaryUpload(req('POST', `/v1/agreements/${id}/documents?x=1`, 'image/png'))).toBe(true);
  });

  it('is nothing else: other routes, other methods, other types', () => {
    const id = '11111111-1111-4111-8111-111111111111';
    expect(isBinaryUpload(req('POST', `/v1/agreements/${id}/submit`, 'application/pdf'))).toBe(false);
    expect(isBinaryUpload(req('POST', `/v1/agreements/${id}/documents/1`, 'application/pdf'))).toBe(false);
    expect(isBinaryUpload(req('PUT', `/v1/agreements/${id}/documents`, 'application/pdf'))).toBe(false);
    expect(isBinaryUpload(req('POST', `/v1/agreements/${id}/documents`, 'text/html'))).toBe(false);
    expect(isBinaryUpload(req('POST', `/v1/agreements/${id}/documents`, 'application/json'))).toBe(false);
    expect(isBinaryUpload(req('POST', `/v1/documents-archive`, 'application/pdf'))).toBe(false);
  });
});
