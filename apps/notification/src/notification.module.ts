import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '@yiyang/contracts';
import { loadFieldCipher } from '@yiyang/config';
import { Clock } from '@yiyang/kernel';
import { PlatformModule } from '@yiyang/platform';
import { NOTIFICATION_CONFIG, NotificationConfig } from './config';
import { Notification1763800005000 } from './persistence/migrations/1763800005000-notification';
import { Counters } from './persistence/counters';
import { FindingsRepository } from './persistence/findings.repository';
import { InboxRepository } from './persistence/inbox.repository';
import { ReadModels } from './persistence/read-models';
import { FIELD_CIPHER, SubscriptionsRepository } from './persistence/subscriptions.repository';
import { EventProcessor } from './events/event-processor';
import { FindingPublisher } from './events/finding-publisher';
import { PlatformEventsConsumer } from './events/platform-events.consumer';
import { InboxController } from './inbox/inbox.controller';
import { StreamController } from './stream/stream.controller';
import { StreamHub } from './stream/stream-hub';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { DeliveryWorker } from './subscriptions/delivery.worker';
import { FindingsController } from './compliance/findings.controller';
import { CoverJob } from './compliance/cover.job';
import { StatisticsController } from './statistics/statistics.controller';

@Module({})
export class NotificationModule {
  static register(config: NotificationConfig, overrides: { clock?: Clock; logger?: Logger } = {}): DynamicModule {
    const cipher = loadFieldCipher({
      keys: config.NOTIFICATION_DATA_KEYS,
      currentKeyId: config.NOTIFICATION_DATA_KEY_ID,
      devKeyFile: '.local/keys/notification-data.keys',
      allowDevKey: config.DATA_DEV_KEY,
      names: { keys: 'NOTIFICATION_DATA_KEYS', keyId: 'NOTIFICATION_DATA_KEY_ID' },
    });
    return {
      module: NotificationModule,
      imports: [
        PlatformModule.forRoot({
          config,
          title: 'Yiyang Connect — notification',
          description: 'Inboxes, live streams, signed webhooks, compliance findings and statistics for institutions and regulators.',
          entities: [],
          migrations: [Notification1763800005000],
          publishes: [Topics.compliance],
          consumes: [Topics.institution, Topics.agreement, Topics.referral],
          ...overrides,
        }),
      ],
      controllers: [
        InboxController,
        StreamController,
        SubscriptionsController,
        FindingsController,
        StatisticsController,
        PlatformEventsConsumer,
      ],
      providers: [
        { provide: NOTIFICATION_CONFIG, useValue: config },
        { provide: FIELD_CIPHER, useValue: cipher },
        ReadModels,
        Counters,
        InboxRepository,
        FindingsRepository,
        SubscriptionsRepository,
        FindingPublisher,
        EventProcessor,
        StreamHub,
        DeliveryWorker,
        CoverJob,
      ],
    };
  }
}
