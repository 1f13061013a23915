import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { ValidationError } from '@yiyang/kernel';
import { InboxRepository, NotificationRow } from '../persistence/inbox.repository';
import { inboxOwner, notificationView, prefersEnglish } from '../shared/owner';
import { StreamHub } from './stream-hub';

@ApiTags('inbox')
@Controller('v1/stream')
export class StreamController {
  constructor(
    private readonly hub: StreamHub,
    private readonly inbox: InboxRepository,
  ) {}

  /**
   * Server-Sent Events of the caller's notifications (event `notification`, id = the notification id).
   * Reconnect with `Last-Event-ID` to receive everything after it first; without it the stream starts now.
   */
  @Get()
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  async stream(
    @CurrentPrincipal() p: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const owner = inboxOwner(p);
    if (lastEventId !== undefined && !/^\d{1,19}$/.test(lastEventId))
      throw new ValidationError([{ field: 'Last-Event-ID', message: 'must be a notification id' }]);
    const english = prefersEnglish(req.headers['accept-language']);
    res.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    let last = BigInt(lastEventId ?? this.hub.delivered);
    let backlogDone = false;
    const held: NotificationRow[] = [];
    const send = (row: NotificationRow) => {
      if (BigInt(row.id) <= last) return;
      last = BigInt(row.id);
      res.write(`id: ${row.id}\nevent: notification\ndata: ${JSON.stringify(notificationView(row, english))}\n\n`);
    };
    const disconnect = this.hub.connect({ owner, deliver: (row) => (backlogDone ? send(row) : held.push(row)), close: () => res.end() });
    // what the hub had fanned out before this stream joined comes from the table; the rest from the hub, in order
    const bound = BigInt(this.hub.delivered);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      disconnect();
    });
    res.write(': connected\n\n');
    if (lastEventId !== undefined) {
      for (;;) {
        const page = (await this.inbox.after(String(last), 500, owner)).filter((row) => BigInt(row.id) <= bound);
        if (page.length === 0) break;
        page.forEach(send);
      }
    }
    backlogDone = true;
    held.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)).forEach(send);
  }
}
