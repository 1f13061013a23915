import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { Topics } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { PlatformModule } from '@yiyang/platform';
import type { Logger } from 'pino';
import { REGISTRY_CONFIG, RegistryConfig } from './config';
import { InstitutionCapabilityRow, InstitutionRow } from './persistence/institution.entity';
import { Institutions1763800001000 } from './persistence/migrations/1763800001000-institutions';
import { InstitutionRepository } from './persistence/institution.repository';
import { InstitutionStore } from './shared/institution-store';
import { Accounts } from './shared/accounts';
import { AccountSwitch } from './shared/account-switch';
import { InstitutionChanges } from './shared/institution-changes';
import { RegisterInstitutionController } from './register-institution/register-institution.controller';
import { RegisterInstitutionHandler } from './register-institution/register-institution.handler';
import { GetInstitutionController } from './get-institution/get-institution.controller';
import { SearchInstitutionsController } from './search-institutions/search-institutions.controller';
import { UpdateInstitutionController } from './update-institution/update-institution.controller';
import { UpdateOperationsController } from './update-operations/update-operations.controller';
import { UpdateOperationsHandler } from './update-operations/update-operations.handler';
import { SuspendInstitutionController } from './suspend-institution/suspend-institution.controller';
import { ReinstateInstitutionController } from './reinstate-institution/reinstate-institution.controller';
import { RevokeInstitutionController } from './revoke-institution/revoke-institution.controller';
import { LicenceExpiryJob } from './licence-expiry/licence-expiry.job';
import { CreateAccountController } from './create-account/create-account.controller';
import { CreateAccountHandler } from './create-account/create-account.handler';
import { ListAccountsController } from './list-accounts/list-accounts.controller';
import { ListAccountsHandler } from './list-accounts/list-accounts.handler';
import { DisableAccountController } from './disable-account/disable-account.controller';
import { EnableAccountController } from './enable-account/enable-account.controller';
import { RevokedInstitutionStaffConsumer } from './revoked-institution-staff/revoked-institution-staff.consumer';
import { ImportInstitutionsController } from './import-institutions/import-institutions.controller';
import { ImportInstitutionsHandler } from './import-institutions/import-institutions.handler';
import { CsvBodyMiddleware } from './import-institutions/csv-body.middleware';

@Module({})
export class RegistryModule implements NestModule {
  /** A bulk import carries its CSV file as the body: read (at most 5 MB) before the route runs. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsvBodyMiddleware).forRoutes({ path: 'v1/institutions/imports', method: RequestMethod.POST });
  }

  static register(config: RegistryConfig, overrides: { clock?: Clock; logger?: Logger } = {}): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        PlatformModule.forRoot({
          config,
          title: 'Yiyang Connect — institution registry',
          description: 'Hospitals, health centres, clinics and nursing homes: licences, filings, capabilities, location and status.',
          entities: [InstitutionRow, InstitutionCapabilityRow],
          migrations: [Institutions1763800001000],
          publishes: [Topics.institution],
          // its own topic: a revocation, once committed and published, disables the institution's staff accounts
          consumes: [Topics.institution],
          // the registrar reads the registry's whole audit trail
          audit: { readAll: ['registrar'] },
          ...overrides,
        }),
      ],
      controllers: [
        RegisterInstitutionController,
        ImportInstitutionsController,
        SearchInstitutionsController,
        GetInstitutionController,
        UpdateInstitutionController,
        UpdateOperationsController,
        SuspendInstitutionController,
        ReinstateInstitutionController,
        RevokeInstitutionController,
        CreateAccountController,
        ListAccountsController,
        DisableAccountController,
        EnableAccountController,
        RevokedInstitutionStaffConsumer,
      ],
      providers: [
        { provide: REGISTRY_CONFIG, useValue: config },
        InstitutionRepository,
        InstitutionStore,
        InstitutionChanges,
        Accounts,
        AccountSwitch,
        RegisterInstitutionHandler,
        ImportInstitutionsHandler,
        UpdateOperationsHandler,
        LicenceExpiryJob,
        CreateAccountHandler,
        ListAccountsHandler,
      ],
    };
  }
}
