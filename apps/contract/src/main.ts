import 'reflect-metadata';
import { runService } from '@yiyang/platform';
import { loadContractConfig } from './config';
import { ContractModule } from './contract.module';

void runService(() => ContractModule.register(loadContractConfig()));
