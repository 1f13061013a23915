import 'reflect-metadata';
import { runService } from '@yiyang/platform';
import { loadNotificationConfig } from './config';
import { NotificationModule } from './notification.module';

void runService(() => {
  const config = loadNotificationConfig();
  return { config, module: NotificationModule.register(config) };
});
