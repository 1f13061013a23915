import 'reflect-metadata';
import { runService } from '@yiyang/platform';
import { loadContractConfig } from './config';
import { ContractModule } from './contract.module';

void runService(() => {
  const config = loadContractConfig();
  return { config, module: ContractModule.register(config) };
});
