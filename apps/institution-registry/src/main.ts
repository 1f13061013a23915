import 'reflect-metadata';
import { runService } from '@yiyang/platform';
import { loadRegistryConfig } from './config';
import { RegistryModule } from './registry.module';

void runService(() => {
  const config = loadRegistryConfig();
  return { config, module: RegistryModule.register(config) };
});
