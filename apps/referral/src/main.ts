import 'reflect-metadata';
import { runService } from '@yiyang/platform';
import { loadReferralConfig } from './config';
import { ReferralModule } from './referral.module';

void runService(() => {
  const config = loadReferralConfig();
  return { config, module: ReferralModule.register(config) };
});
