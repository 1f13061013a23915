import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { raw } from 'express';
import type { Logger } from 'pino';
import { Topics } from '@yiyang/contracts';
import { loadDataKeyRing, loadFieldCipher, serviceDataKeys } from '@yiyang/config';
import { DIRECTORY_MIGRATIONS, DirectoryRepository, DirectoryRow } from '@yiyang/directory';
import { Clock } from '@yiyang/kernel';
import { PlatformModule } from '@yiyang/platform';
import { MAX_DOCUMENT_BYTES, ObjectStore, storageReadinessGate } from '@yiyang/storage';
import { REFERRAL_CONFIG, ReferralConfig } from './config';
import { AgreementCoverageRow, ReferralAttachmentRow, ReferralHistoryRow, ReferralRow } from './persistence/referral.entity';
import { Referrals1763800004000 } from './persistence/migrations/1763800004000-referrals';
import { FIELD_CIPHER, ReferralMapper } from './persistence/referral.mapper';
import { ReferralRepository } from './persistence/referral.repository';
import { CoverageRepository } from './persistence/coverage.repository';
import { ReferralStore } from './shared/referral-store';
import { ReferralSteps } from './shared/referral-step.route';
import { ReadModelsConsumer } from './agreement-coverage/read-models.consumer';
import { RequestReferralController } from './request-referral/request-referral.controller';
import { DeskQueueController } from './desk-queue/desk-queue.controller';
import { GetReferralController } from './get-referral/get-referral.controller';
import { RequestReferralHandler } from './request-referral/request-referral.handler';
import { ReceiveReferralController } from './receive-referral/receive-referral.controller';
import { ReleaseReferralController } from './release-referral/release-referral.controller';
import { AcceptReferralController } from './accept-referral/accept-referral.controller';
import { RejectReferralController } from './reject-referral/reject-referral.controller';
import { ReturnReferralController } from './return-referral/return-referral.controller';
import { CancelReferralController } from './cancel-referral/cancel-referral.controller';
import { ArriveReferralController } from './arrive-referral/arrive-referral.controller';
import { CompleteReferralController } from './complete-referral/complete-referral.controller';
import { CompleteReferralHandler } from './complete-referral/complete-referral.handler';
import { ReferralDeadlinesJob } from './schedule/referral-deadlines.job';
import { OrphanAttachmentsJob } from './schedule/orphan-attachments.job';
import { ATTACHMENT_STORE, AttachmentVault } from './shared/attachment-vault';
import { AddAttachmentController } from './add-attachment/add-attachment.controller';
import { AddAttachmentHandler } from './add-attachment/add-attachment.handler';
import { ListAttachmentsController } from './list-attachments/list-attachments.controller';
import { DownloadAttachmentController } from './download-attachment/download-attachment.controller';
import { ReferralView } from './shared/referral-view';
import { PrintReferralFormController } from './print-referral-form/print-referral-form.controller';
import { PrintReferralFormHandler } from './print-referral-form/print-referral-form.handler';
import { ReferralLists1764500000400 } from './persistence/migrations/1764500000400-referral-lists';
import { ReferralListsRepository } from './persistence/referral-lists.repository';
import { ListReferralsController } from './list-referrals/list-referrals.controller';
import { ListReferralsHandler } from './list-referrals/list-referrals.handler';
import { RESIDENT_INDEX, residentIndex } from './shared/resident-index';
import { ResidentIndexBackfill } from './schedule/resident-index.backfill';

/** An attachment's body: raw bytes of any type, read up to a little over the 20 MB the upload check allows (413 beyond). */
const ATTACHMENT_BODY_LIMIT = MAX_DOCUMENT_BYTES + 64 * 1024;

@Module({})
export class ReferralModule implements NestModule {
  static register(config: ReferralConfig, overrides: { clock?: Clock; logger?: Logger } = {}): DynamicModule {
    const dataKeys = serviceDataKeys('REFERRAL', config);
    const cipher = loadFieldCipher(dataKeys);
    return {
      module: ReferralModule,
      imports: [
        PlatformModule.forRoot({
          config,
          title: 'Yiyang Connect — referral',
          description: 'Two-way referrals (双向转诊) between elderly-care and medical institutions under cooperation agreements.',
          entities: [ReferralRow, ReferralHistoryRow, ReferralAttachmentRow, AgreementCoverageRow, DirectoryRow],
          migrations: [...DIRECTORY_MIGRATIONS, Referrals1763800004000, ReferralLists1764500000400],
          publishes: [Topics.referral],
          consumes: [Topics.institution, Topics.agreement],
          ...overrides,
        }),
      ],
      // the list routes (queue, outgoing, the list) come before GET :id
      controllers: [
        DeskQueueController,
        ListReferralsController,
        RequestReferralController,
        GetReferralController,
        ReceiveReferralController,
        ReleaseReferralController,
        AcceptReferralController,
        RejectReferralController,
        ReturnReferralController,
        CancelReferralController,
        ArriveReferralController,
        CompleteReferralController,
        AddAttachmentController,
        ListAttachmentsController,
        DownloadAttachmentController,
        PrintReferralFormController,
        ReadModelsConsumer,
      ],
      providers: [
        { provide: REFERRAL_CONFIG, useValue: config },
        { provide: FIELD_CIPHER, useValue: cipher },
        { provide: RESIDENT_INDEX, useValue: residentIndex(loadDataKeyRing(dataKeys)) },
        { provide: ATTACHMENT_STORE, useFactory: () => ObjectStore.fromSettings(config.storage) },
        AttachmentVault,
        AddAttachmentHandler,
        OrphanAttachmentsJob,
        ReferralMapper,
        ReferralRepository,
        CoverageRepository,
        DirectoryRepository,
        ReferralStore,
        ReferralView,
        ReferralListsRepository,
        ListReferralsHandler,
        ResidentIndexBackfill,
        ReferralSteps,
        PrintReferralFormHandler,
        RequestReferralHandler,
        CompleteReferralHandler,
        ReferralDeadlinesJob,
      ],
    };
  }

  constructor(private readonly vault: AttachmentVault) {}

  /**
   * An attachment's raw body (not JSON): parsed on that route only. The readiness probe answers 503
   * while the object store does not (2 s at most), before the platform's checks.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(raw({ type: () => true, limit: ATTACHMENT_BODY_LIMIT }))
      .forRoutes({ path: 'v1/referrals/:id/attachments', method: RequestMethod.POST });
    consumer
      .apply(storageReadinessGate(() => this.vault.store.ping(this.vault.bucket)))
      .forRoutes({ path: 'health/ready', method: RequestMethod.GET });
  }
}
