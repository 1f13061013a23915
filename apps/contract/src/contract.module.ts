import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { storageReadinessGate } from '@yiyang/storage';
import type { Logger } from 'pino';
import { Topics } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { PlatformModule } from '@yiyang/platform';
import { CONTRACT_CONFIG, ContractConfig } from './config';
import { DIRECTORY_MIGRATIONS, DirectoryRepository, DirectoryRow } from '@yiyang/directory';
import {
  AgreementDocumentRow,
  AgreementHistoryRow,
  AgreementRevisionRow,
  AgreementRow,
  InstitutionNameRow,
} from './persistence/agreement.entity';
import { Contract1763800002000 } from './persistence/migrations/1763800002000-contract';
import { AgreementLists1764500000000 } from './persistence/migrations/1764500000000-agreement-lists';
import { AgreementRepository } from './persistence/agreement.repository';
import { AgreementStore } from './shared/agreement-store';
import { AgreementView } from './shared/agreement-view';
import { AgreementChanges } from './shared/agreement-changes';
import { FileAgreementController } from './file-agreement/file-agreement.controller';
import { FileAgreementHandler } from './file-agreement/file-agreement.handler';
import { EditDraftController } from './edit-draft/edit-draft.controller';
import { EditDraftHandler } from './edit-draft/edit-draft.handler';
import { SubmitAgreementController } from './submit-agreement/submit-agreement.controller';
import { WithdrawAgreementController } from './withdraw-agreement/withdraw-agreement.controller';
import { CopyAgreementController } from './copy-agreement/copy-agreement.controller';
import { CopyAgreementHandler } from './copy-agreement/copy-agreement.handler';
import { CountersignAgreementController } from './countersign-agreement/countersign-agreement.controller';
import { CountersignAgreementHandler } from './countersign-agreement/countersign-agreement.handler';
import { RejectAgreementController } from './reject-agreement/reject-agreement.controller';
import { TerminateAgreementController } from './terminate-agreement/terminate-agreement.controller';
import { RenewAgreementController } from './renew-agreement/renew-agreement.controller';
import { RenewAgreementHandler } from './renew-agreement/renew-agreement.handler';
import { ProposeAmendmentController } from './propose-amendment/propose-amendment.controller';
import { CountersignAmendmentController } from './countersign-amendment/countersign-amendment.controller';
import { CountersignAmendmentHandler } from './countersign-amendment/countersign-amendment.handler';
import { RejectAmendmentController } from './reject-amendment/reject-amendment.controller';
import { GetAgreementController } from './get-agreement/get-agreement.controller';
import { ListAgreementsController } from './list-agreements/list-agreements.controller';
import { ListAgreementsHandler } from './list-agreements/list-agreements.handler';
import { AgreementRevisionsController } from './agreement-revisions/agreement-revisions.controller';
import { InstitutionEventsConsumer } from './institution-directory/institution-events.consumer';
import { InstitutionNames } from './institution-directory/institution-names';
import { SanctionWatch } from './institution-directory/sanction-watch';
import { AgreementScheduler } from './schedule/agreement-scheduler.job';
import { DocumentSweep } from './schedule/document-sweep.job';
import { DocumentStore } from './shared/document-store';
import { DocumentBodyMiddleware } from './upload-document/document-body.middleware';
import { UploadDocumentController } from './upload-document/upload-document.controller';
import { UploadDocumentHandler } from './upload-document/upload-document.handler';
import { ReadDocumentsController } from './read-documents/read-documents.controller';
import { PrintAgreementSummaryController } from './print-agreement-summary/print-agreement-summary.controller';
import { PrintAgreementSummaryHandler } from './print-agreement-summary/print-agreement-summary.handler';

@Module({})
export class ContractModule implements NestModule {
  constructor(private readonly documents: DocumentStore) {}

  /**
   * Document uploads carry the file as their body: read (at most 20 MB) before the route runs. The
   * readiness probe answers 503 while the object store does not (2 s at most), before the platform's checks.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(DocumentBodyMiddleware).forRoutes({ path: 'v1/agreements/:id/documents', method: RequestMethod.POST });
    consumer
      .apply(storageReadinessGate(() => this.documents.objects.ping(this.documents.bucket)))
      .forRoutes({ path: 'health/ready', method: RequestMethod.GET });
  }

  static register(config: ContractConfig, overrides: { clock?: Clock; logger?: Logger } = {}): DynamicModule {
    return {
      module: ContractModule,
      imports: [
        PlatformModule.forRoot({
          config,
          title: 'Yiyang Connect — contract',
          description: 'Cooperation agreements (签约合作) between elderly-care and medical institutions.',
          entities: [AgreementRow, AgreementHistoryRow, AgreementRevisionRow, AgreementDocumentRow, InstitutionNameRow, DirectoryRow],
          migrations: [...DIRECTORY_MIGRATIONS, Contract1763800002000, AgreementLists1764500000000],
          publishes: [Topics.agreement],
          consumes: [Topics.institution],
          ...overrides,
        }),
      ],
      controllers: [
        FileAgreementController,
        ListAgreementsController,
        GetAgreementController,
        SubmitAgreementController,
        CountersignAgreementController,
        RejectAgreementController,
        TerminateAgreementController,
        RenewAgreementController,
        ProposeAmendmentController,
        CountersignAmendmentController,
        RejectAmendmentController,
        EditDraftController,
        WithdrawAgreementController,
        CopyAgreementController,
        AgreementRevisionsController,
        UploadDocumentController,
        ReadDocumentsController,
        PrintAgreementSummaryController,
        InstitutionEventsConsumer,
      ],
      providers: [
        { provide: CONTRACT_CONFIG, useValue: config },
        AgreementRepository,
        DirectoryRepository,
        InstitutionNames,
        AgreementStore,
        AgreementView,
        AgreementChanges,
        FileAgreementHandler,
        EditDraftHandler,
        CopyAgreementHandler,
        CountersignAgreementHandler,
        CountersignAmendmentHandler,
        ListAgreementsHandler,
        RenewAgreementHandler,
        SanctionWatch,
        AgreementScheduler,
        DocumentStore,
        UploadDocumentHandler,
        DocumentSweep,
        PrintAgreementSummaryHandler,
      ],
    };
  }
}
