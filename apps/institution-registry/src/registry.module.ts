import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@yiyang/contracts';
import { Clock } from '@yiyang/kernel';
import { PlatformModule } from '@yiyang/platform';
import type { Logger } from 'pino';
import { REGISTRY_CONFIG, RegistryConfig } from './config';
import { InstitutionCapabilityRow, InstitutionRow } from './persistence/institution.entity';
import { Institutions1763800001000 } from './persistence/migrations/1763800001000-institutions';
import { InstitutionRepository } from './persistence/institution.repository';
import { InstitutionStore } from './shared/institution-store';
import { RegisterInstitutionController } from './register-institution/register-institution.controller';
import { GetInstitutionController } from './get-institution/get-institution.controller';
import { SearchInstitutionsController } from './search-institutions/search-institutions.controller';
import { UpdateInstitutionController } from './update-institution/update-institution.controller';
import { ChangeStatusController } from './change-status/change-status.controller';
import { LicenceExpiryJob } from './licence-expiry/licence-expiry.job';

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
          migrations: [Institutions1763800001000],
          publishes: [Topics.institution],
          consumes: [],
          ...overrides,
        }),
      ],
      controllers: [
        RegisterInstitutionController,
        SearchInstitutionsController,
        GetInstitutionController,
        UpdateInstitutionController,
        ChangeStatusController,
      ],
      providers: [{ provide: REGISTRY_CONFIG, useValue: config }, InstitutionRepository, InstitutionStore, LicenceExpiryJob],
    };
  }
}
