import { Controller, Get, Param, ParseIntPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { uuidParam } from '@yiyang/http';
import { Clock, NotFoundError, ValidationError } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { Inject } from '@nestjs/common';
import { MAX_PRESIGN_SECONDS, contentDisposition } from '@yiyang/storage';
import { AttachedDocument } from '../domain/agreement';
import { ErrorCodes } from '../domain/error-codes';
import { toDocumentResponse } from '../shared/agreement.response';
import { AgreementApi } from '../shared/agreement-api';
import { AgreementView } from '../shared/agreement-view';
import { DocumentStore } from '../shared/document-store';

/** A document version in a path: a whole number from 1 (400 otherwise). */
const versionParam = () =>
  new ParseIntPipe({
    exceptionFactory: () => new ValidationError([{ field: 'version', message: 'must be a whole number from 1' }]),
  });

@AgreementApi({ ifMatch: false })
@Controller('v1/agreements/:id/documents')
export class ReadDocumentsController {
  constructor(
    private readonly view: AgreementView,
    private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The versions of the signed document, newest first. Readers as for GET /v1/agreements/{id}; others get 404. */
  @Get()
  async list(@Param('id', uuidParam()) id: string, @CurrentPrincipal() p: Principal) {
    const s = await this.view.readable(id, p);
    return { agreementId: s.id, items: [...s.documents].reverse().map(toDocumentResponse) };
  }

  /** The bytes of one version, as a download (`Content-Disposition: attachment`, the type found in the bytes, nosniff). */
  @Get(':version')
  async download(
    @Param('id', uuidParam()) id: string,
    @Param('version', versionParam()) version: number,
    @CurrentPrincipal() p: Principal,
    @Res() res: Response,
  ) {
    const d = await this.find(id, version, p);
    const object = await this.documents.get(d.objectKey);
    res.status(200);
    res.setHeader('Content-Type', d.mediaType);
    res.setHeader('Content-Length', String(d.sizeBytes));
    res.setHeader('Content-Disposition', contentDisposition(d.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    object.body.on('error', () => res.destroy());
    object.body.pipe(res);
  }

  /** A link that downloads one version without credentials for five minutes, after the same access check. */
  @Get(':version/link')
  async link(@Param('id', uuidParam()) id: string, @Param('version', versionParam()) version: number, @CurrentPrincipal() p: Principal) {
    const d = await this.find(id, version, p);
    const url = await this.documents.link(d.objectKey, d.fileName, d.mediaType, MAX_PRESIGN_SECONDS);
    return { url, expiresAt: new Date(this.clock.now().getTime() + MAX_PRESIGN_SECONDS * 1000).toISOString() };
  }

  private async find(id: string, version: number, p: Principal): Promise<AttachedDocument> {
    const s = await this.view.readable(id, p);
    const d = version >= 1 ? s.documents.find((x) => x.version === version) : undefined;
    if (!d) throw new NotFoundError('document version', ErrorCodes.DOCUMENT_VERSION_NOT_FOUND);
    return d;
  }
}
