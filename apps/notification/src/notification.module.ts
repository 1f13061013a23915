import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '@yiyang/contracts';
import { loadFieldCipher, serviceDataKeys } from '@yiyang/config';
import { Clock } from '@yiyang/kernel';
import { PlatformModule } from '@yiyang/platform';
import { NOTIFICATION_CONFIG, NotificationConfig } from './config';
import { Notification1763800005000 } from './persistence/migrations/1763800005000-notification';
import { StatisticsDaily1764510006000 } from './persistence/migrations/1764510006000-statistics-daily';
import { NotificationParties1764600000500 } from './persistence/migrations/1764600000500-notification-parties';
import { DailyCounters } from './persistence/daily-counters';
import { Counters } from './persistence/counters';
import { FindingsRepository } from './persistence/findings.repository';
import { InboxRepository } from './persistence/inbox.repository';
import { ReadModels } from './persistence/read-models';
import { FIELD_CIPHER, SubscriptionsRepository } from './persistence/subscriptions.repository';
import { AgreementEventsHandler } from './events/agreement-events.handler';
import { ComplianceState } from './shared/compliance-state';
import { EventOutcome } from './events/event-outcome';
import { InstitutionEventsHandler } from './events/institution-events.handler';
import { ReferralEventsHandler } from './events/referral-events.handler';
import { ReferralRefusedHandler } from './events/referral-refused.handler';
import { FindingPublisher } from './shared/finding-publisher';
import { PlatformEventsConsumer } from './events/platform-events.consumer';
import { InboxController } from './read-inbox/read-inbox.controller';
import { MarkNotificationReadController } from './mark-notification-read/mark-notification-read.controller';
import { StreamController } from './stream/stream.controller';
import { StreamHub } from './stream/stream-hub';
import { CreateSubscriptionController } from './create-subscription/create-subscription.controller';
import { CreateSubscriptionHandler } from './create-subscription/create-subscription.handler';
import { ReadSubscriptionsController } from './read-subscriptions/read-subscriptions.controller';
import { PauseResumeSubscriptionController } from './pause-resume-subscription/pause-resume-subscription.controller';
import { DeleteSubscriptionController } from './delete-subscription/delete-subscription.controller';
import { SubscriptionDeliveriesController } from './subscription-deliveries/subscription-deliveries.controller';
import { ReplayDeliveriesController } from './replay-deliveries/replay-deliveries.controller';
import { ReplayDeliveriesHandler } from './replay-deliveries/replay-deliveries.handler';
import { DeliveryWorker } from './deliver-webhooks/delivery.worker';
import { FindingsController } from './compliance/findings.controller';
import { CoverJob } from './compliance/cover.job';
import { StatisticsController } from './statistics/statistics.controller';
import { StatisticsReader } from './statistics/statistics.handler';
import { ReferralStatistics } from './statistics/referral-statistics';

@Module({})
export class NotificationModule {
  static register(config: NotificationConfig, overrides: { clock?: Clock; logger?: Logger } = {}): DynamicModule {
    const cipher = loadFieldCipher(serviceDataKeys('NOTIFICATION', config));
    return {
      module: NotificationModule,
      imports: [
        PlatformModule.forRoot({
          config,
          title: 'Yiyang Connect — notification',
          description: 'Inboxes, live streams, signed webhooks, compliance findings and statistics for institutions and regulators.',
          entities: [],
          migrations: [Notification1763800005000, StatisticsDaily1764510006000, NotificationParties1764600000500],
          publishes: [Topics.compliance],
          consumes: [Topics.institution, Topics.agreement, Topics.referral],
          // no aggregate of its own goes through the audited write path: no audit trail to serve
          audit: false,
          ...overrides,
        }),
      ],
      controllers: [
        InboxController,
        MarkNotificationReadController,
        StreamController,
        CreateSubscriptionController,
        ReadSubscriptionsController,
        PauseResumeSubscriptionController,
        DeleteSubscriptionController,
        SubscriptionDeliveriesController,
        ReplayDeliveriesController,
        FindingsController,
        StatisticsController,
        PlatformEventsConsumer,
      ],
      providers: [
        { provide: NOTIFICATION_CONFIG, useValue: config },
        { provide: FIELD_CIPHER, useValue: cipher },
        ReadModels,
        Counters,
        DailyCounters,
        ReferralStatistics,
        StatisticsReader,
        InboxRepository,
        FindingsRepository,
        SubscriptionsRepository,
        CreateSubscriptionHandler,
        ReplayDeliveriesHandler,
        FindingPublisher,
        ComplianceState,
        EventOutcome,
        InstitutionEventsHandler,
        AgreementEventsHandler,
        ReferralEventsHandler,
        ReferralRefusedHandler,
        StreamHub,
        DeliveryWorker,
        CoverJob,
      ],
    };
  }
}
