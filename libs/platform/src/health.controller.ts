import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '@yiyang/auth';
import { KafkaGateway } from '@yiyang/messaging';
import { OutboxRelayService } from './outbox-relay.service';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaGateway,
    private readonly relay: OutboxRelayService,
  ) {}

  /** The process is up. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Database and Kafka answer; 503 otherwise. Also reports the outbox relay's state. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { timeout: 2000 }),
        async () => {
          const indicator = this.indicators.check('kafka');
          try {
            await withTimeout(this.kafka.ping(), 2000);
            return indicator.up();
          } catch (err) {
            return indicator.down({ message: (err as Error).message });
          }
        },
        async () => {
          const { leader, published, consecutiveFailures, lastError } = this.relay.relay.status;
          return this.indicators.check('outbox').up({ leader, published, consecutiveFailures, lastError });
        },
      ]);
    } catch (err) {
      if (err instanceof ServiceUnavailableException) {
        res.status(503).setHeader('Retry-After', '5');
        return err.getResponse();
      }
      throw err;
    }
  }
}
