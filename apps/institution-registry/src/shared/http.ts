import { HttpCode, Post, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { Principal, Roles, primaryRole } from '@yiyang/auth';
import { AuditedActor } from '@yiyang/platform';

/**
 * Who acted: the caller and their primary role (all an event records), with their institution and
 * display name for the audit trail.
 */
export const actorOf = (principal: Principal): AuditedActor => ({
  userId: principal.sub,
  role: primaryRole(principal),
  institutionId: principal.institutionId ?? null,
  name: principal.name ?? null,
});

/** Documents the If-Match header a change needs (the version the caller last read). */
export const IfMatchHeader = () =>
  applyDecorators(ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "3"' }));

/** A registrar's status change `POST /v1/institutions/:id/<action>` (If-Match), answered 200 with the institution. */
export const StatusChange = (action: string) => applyDecorators(Post(`:id/${action}`), HttpCode(200), Roles('registrar'), IfMatchHeader());

/** A change to one account, `POST /v1/accounts/:id/<action>`, answered 200 with the account. */
export const AccountChange = (action: string) => applyDecorators(Post(`:id/${action}`), HttpCode(200));
