import { Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@yiyang/auth';
import { Clock, ValidationError } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { InboxRepository } from '../persistence/inbox.repository';
import { inboxOwner, notificationView, prefersEnglish } from '../shared/owner';
import { LANGUAGE_HEADER } from '../shared/http';

/** Marks a notification read (a regulator's read marks are their own); anyone else's is a 404. */
@ApiTags('inbox')
@Controller('v1/inbox')
export class MarkNotificationReadController {
  constructor(
    private readonly inbox: InboxRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiHeader(LANGUAGE_HEADER)
  @Post(':id/read')
  @HttpCode(200)
  async read(@Param('id') id: string, @CurrentPrincipal() p: Principal, @Headers('accept-language') lang?: string) {
    if (!/^\d{1,19}$/.test(id)) throw new ValidationError([{ field: 'id', message: 'must be a notification id' }]);
    return notificationView(await this.inbox.markRead(inboxOwner(p), id, this.clock.now()), prefersEnglish(lang));
  }
}
