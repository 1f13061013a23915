import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@yiyang/auth';
import { DirectoryRepository } from '@yiyang/directory';
import { agreementSummaryPdf, formNumber } from '@yiyang/forms';
import { Clock } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { AgreementRepository } from '../persistence/agreement.repository';
import { AgreementView } from '../shared/agreement-view';
import { summaryDisposition, toAgreementSummary } from './agreement-summary.mapper';

export interface PrintAgreementSummary {
  id: string;
  principal: Principal;
}

export interface PrintedSummary {
  pdf: Buffer;
  contentDisposition: string;
}

/**
 * Renders on the event loop one at a time (a form is 120–350 ms of CPU): printing queues behind itself
 * instead of several renders starving the request path together.
 */
class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The 协议摘要 as an A4 PDF for those who may read the agreement (either party's staff, regulators over
 * either party's division; others 404): both parties' names (institution_names) and USCCs (the
 * institution directory) as this service knows them, printed at the service clock's now.
 */
@Injectable()
export class PrintAgreementSummaryHandler {
  private readonly renders = new OneAtATime();

  constructor(
    private readonly view: AgreementView,
    private readonly repository: AgreementRepository,
    private readonly directory: DirectoryRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(q: PrintAgreementSummary): Promise<PrintedSummary> {
    const s = await this.view.readable(q.id, q.principal);
    const ids = [s.elderlyParty.institutionId, s.medicalParty.institutionId];
    // names as every agreement response shows them (institution_names); codes from the directory
    const [names, registered] = await Promise.all([this.repository.names(ids), this.directory.names(this.dataSource.manager, ids)]);
    const label = (id: string) => ({ name: names.get(id) ?? null, code: registered.get(id)?.uscc ?? null });
    const data = toAgreementSummary(s, { elderly: label(ids[0]), medical: label(ids[1]) }, this.clock.now());
    const pdf = await this.renders.run(() => agreementSummaryPdf(data));
    return { pdf, contentDisposition: summaryDisposition(formNumber(s.id)) };
  }
}
