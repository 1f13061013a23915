import { Controller, Get, Header, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Public } from '@yiyang/auth';

export const METRICS = Symbol('METRICS');

/** Seconds buckets of the messaging stages (a relay batch's step, one event's handling): 1 ms … 2.5 s. */
const STAGE_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** One Prometheus registry per service instance, with the platform's own metrics. */
export class PlatformMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly outboxPublished = new Counter({
    name: 'outbox_published_total',
    help: 'events published by the outbox relay',
    registers: [this.registry],
  });
  readonly consumed = new Counter({
    name: 'events_consumed_total',
    help: 'consumed events by outcome (applied, duplicate, ignored, dead-lettered) and type',
    labelNames: ['outcome', 'type'] as const,
    registers: [this.registry],
  });

  readonly outboxStage = new Histogram({
    name: 'outbox_relay_stage_seconds',
    help: 'time per outbox relay batch stage: read (unsent rows), send (to Kafka, acknowledged), mark (as sent)',
    labelNames: ['stage'] as const,
    buckets: STAGE_BUCKETS,
    registers: [this.registry],
  });
  readonly handling = new Histogram({
    name: 'event_handling_seconds',
    help: 'time a consumer took to apply one event (its transaction included), by type',
    labelNames: ['type'] as const,
    buckets: STAGE_BUCKETS,
    registers: [this.registry],
  });

  constructor(serviceName: string) {
    this.registry.setDefaultLabels({ service: serviceName });
    collectDefaultMetrics({ register: this.registry });
  }
}

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(METRICS) private readonly metrics: PlatformMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  }
}

@ApiExcludeController()
@Public()
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: PlatformMetrics) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
