import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { PageQuery } from '@yiyang/http';
import { InboxRepository } from '../persistence/inbox.repository';
import { inboxOwner, notificationView, prefersEnglish } from '../shared/owner';
import { LANGUAGE_HEADER } from '../shared/http';

export class InboxQuery extends PageQuery {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

/** The caller's inbox. (The class keeps its name: the console's types name these operations InboxController_*.) */
@ApiTags('inbox')
@Controller('v1/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxRepository) {}

  /** The caller's notifications (an institution's, or a regulator's jurisdiction's), unread first, newest first; Chinese, or English with Accept-Language: en. */
  @ApiHeader(LANGUAGE_HEADER)
  @Get()
  async list(@Query() q: InboxQuery, @CurrentPrincipal() p: Principal, @Headers('accept-language') lang?: string) {
    const page = await this.inbox.list(inboxOwner(p), q.unread === true, q.limit ?? 20, q.cursor);
    return { items: page.items.map((row) => notificationView(row, prefersEnglish(lang))), nextCursor: page.nextCursor };
  }

  @Get('unread-count')
  async unreadCount(@CurrentPrincipal() p: Principal) {
    return { unread: await this.inbox.unreadCount(inboxOwner(p)) };
  }
}
