import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { Principal, primaryRole } from '@yiyang/auth';
import { Actor } from '@yiyang/messaging';

/** Who an event records as having acted: the caller and their primary role. */
export const actorOf = (principal: Principal): Actor => ({ userId: principal.sub, role: primaryRole(principal) });

/** Documents the If-Match header a change needs (the version the caller last read). */
export const IfMatchHeader = () =>
  applyDecorators(ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "3"' }));
