import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { PlatformModule } from '@yiyang/platform';
import type { Logger } from 'pino';
import { REGISTRY_CONFIG, RegistryConfig } from './config';
import { InstitutionCapabilityRow, InstitutionRow } from './persistence/institution.entity';
import { Institutions1763800001000 } from './persistence/migrations/1763800001000-institutions';
import { NameSearchAndOperations1764500000000 } from './persistence/migrations/1764500000000-name-search-and-operations';
import { InstitutionRepository } from './persistence/institution.repository';
import { InstitutionStore } from './shared/institution-store';
import { RegisterInstitutionController } from './register-institution/register-institution.controller';
import { GetInstitutionController } from './get-institution/get-institution.controller';
import { SearchInstitutionsController } from './search-institutions/search-institutions.controller';
import { UpdateInstitutionController } from './update-institution/update-institution.controller';
import { UpdateOperationsController } from './update-operations/update-operations.controller';
import { ChangeStatusController } from './change-status/change-status.controller';
import { LicenceExpiryJob } from './licence-expiry/licence-expiry.job';
import { Accounts } from './shared/accounts';
import { CreateAccountController } from './create-account/create-account.controller';
import { ListAccountsController } from './list-accounts/list-accounts.controller';
import { ChangeAccountStatusController } from './change-account-status/change-account-status.controller';
import { RevokedInstitutionStaffConsumer } from './revoked-institution-staff/revoked-institution-staff.consumer';

@Module({})
export class RegistryModule {
  static register(config: RegistryConfig, overrides: { clock?: Clock; logger?: Logger } = {}): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        PlatformModule.forRoot({
          config,
          title: 'Yiyang Connect — institution registry',
          description: 'Hospitals, health centres, clinics and nursing homes: licences, filings, capabilities, location and status.',
          entities: [InstitutionRow, InstitutionCapabilityRow],
          migrations: [Institutions1763800001000, NameSearchAndOperations1764500000000],
          publishes: [Topics.institution],
          // its own topic: a revocation, once committed and published, disables the institution's staff accounts
          consumes: [Topics.institution],
          ...overrides,
        }),
      ],
      controllers: [
        RegisterInstitutionController,
        SearchInstitutionsController,
        GetInstitutionController,
        UpdateInstitutionController,
        UpdateOperationsController,
        ChangeStatusController,
        CreateAccountController,
        ListAccountsController,
        ChangeAccountStatusController,
        RevokedInstitutionStaffConsumer,
      ],
      providers: [{ provide: REGISTRY_CONFIG, useValue: config }, InstitutionRepository, InstitutionStore, LicenceExpiryJob, Accounts],
    };
  }
}
