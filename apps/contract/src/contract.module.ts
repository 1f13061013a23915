import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { PlatformModule } from '@yiyang/platform';
import { CONTRACT_CONFIG, ContractConfig } from './config';
import { DirectoryRepository, DirectoryRow, InstitutionDirectory1763800000100 } from '@yiyang/directory';
import { AgreementHistoryRow, AgreementRevisionRow, AgreementRow, InstitutionNameRow } from './persistence/agreement.entity';
import { Agreements1763800002000 } from './persistence/migrations/1763800002000-agreements';
import { AgreementRepository } from './persistence/agreement.repository';
import { AgreementStore } from './shared/agreement-store';
import { FileAgreementController } from './file-agreement/file-agreement.controller';
import { AgreementTransitionsController } from './agreement-transitions/agreement-transitions.controller';
import { GetAgreementController } from './get-agreement/get-agreement.controller';
import { ListAgreementsController } from './list-agreements/list-agreements.controller';
import { InstitutionEventsConsumer } from './institution-directory/institution-events.consumer';
import { AgreementScheduler } from './schedule/agreement-scheduler.job';
import { AgreementLifecycle1763800003000 } from './persistence/migrations/1763800003000-agreement-lifecycle';
import { RenewAgreementController } from './renew-agreement/renew-agreement.controller';
import { AmendAgreementController } from './amend-agreement/amend-agreement.controller';
import { SanctionWatch } from './institution-directory/sanction-watch';
import { InstitutionNames } from './institution-directory/institution-names';
import { DraftsRevisionsNames1763800004000 } from './persistence/migrations/1763800004000-drafts-revisions-names';
import { DraftAgreementController } from './draft-agreement/draft-agreement.controller';
import { AgreementRevisionsController } from './agreement-revisions/agreement-revisions.controller';
import { AgreementView } from './shared/agreement-view';

@Module({})
export class ContractModule {
  static register(config: ContractConfig, overrides: { clock?: Clock; logger?: Logger } = {}): DynamicModule {
    return {
      module: ContractModule,
      imports: [
        PlatformModule.forRoot({
          config,
          title: 'Yiyang Connect — contract',
          description: 'Cooperation agreements (签约合作) between elderly-care and medical institutions.',
          entities: [AgreementRow, AgreementHistoryRow, AgreementRevisionRow, InstitutionNameRow, DirectoryRow],
          migrations: [
            Agreements1763800002000,
            AgreementLifecycle1763800003000,
            DraftsRevisionsNames1763800004000,
            InstitutionDirectory1763800000100,
          ],
          publishes: [Topics.agreement],
          consumes: [Topics.institution],
          ...overrides,
        }),
      ],
      controllers: [
        FileAgreementController,
        ListAgreementsController,
        GetAgreementController,
        AgreementTransitionsController,
        RenewAgreementController,
        AmendAgreementController,
        DraftAgreementController,
        AgreementRevisionsController,
        InstitutionEventsConsumer,
      ],
      providers: [
        { provide: CONTRACT_CONFIG, useValue: config },
        AgreementRepository,
        DirectoryRepository,
        InstitutionNames,
        AgreementStore,
        AgreementView,
        SanctionWatch,
        AgreementScheduler,
      ],
    };
  }
}
