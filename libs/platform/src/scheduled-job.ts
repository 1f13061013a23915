import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * The timer, single-flight and shutdown handling every scheduled job shares. A job only says how
 * often it runs and what one run does; `runOnce()` must be safe with several replicas running it
 * (claim rows with SKIP LOCKED) and returns how many items it handled.
 */
export abstract class ScheduledJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  protected constructor(
    protected readonly logger: Logger,
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly runAtStart = false,
  ) {}

  abstract runOnce(): Promise<number>;

  onApplicationBootstrap(): void {
    if (this.intervalMs === 0) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    if (this.runAtStart) void this.tick();
  }

  /** Before the database closes: stop the timer and let a run in progress finish. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce();
    try {
      const count = await this.running;
      if (count > 0) this.logger.info({ job: this.name, count }, `${this.name}: handled ${count}`);
    } catch (err) {
      this.logger.warn({ job: this.name, err: (err as Error).message }, `${this.name} failed; will retry at the next interval`);
    } finally {
      this.running = undefined;
    }
  }
}
