import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { randomBytes, randomUUID } from 'node:crypto';
import { EventTypes } from '@yiyang/contracts';
import { CurrentPrincipal, Principal, Roles } from '@yiyang/auth';
import { PageQuery } from '@yiyang/http';
import { Clock, ValidationError, isValidJurisdiction, withinJurisdiction } from '@yiyang/kernel';
import { CLOCK } from '@yiyang/platform';
import { webhookUrlProblem } from '../domain/webhook';
import { Subscription, SubscriptionOwner, SubscriptionsRepository } from '../persistence/subscriptions.repository';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../config';

const ALL_TYPES: string[] = Object.values(EventTypes).flatMap((group) => Object.values(group));
const SHORT_TYPES = new Set(ALL_TYPES.map((t) => t.replace(/^yiyang\./, '').replace(/\.v\d+$/, '')));
const FAMILIES = new Set(Object.keys(EventTypes).map((k) => `${k}.*`));
const knownFilter = (f: string) => f === '*' || ALL_TYPES.includes(f) || SHORT_TYPES.has(f) || FAMILIES.has(f);

export class CreateSubscriptionDto {
  @IsString() @MaxLength(2000) url: string;
  /** shared secret for the signature; generated (and shown once) when absent */
  @IsOptional()
  @IsString()
  @Length(16, 200)
  @Matches(/^[\x21-\x7e]+$/, { message: 'secret must be visible ASCII characters' })
  secret?: string;
  /** e.g. referral.requested, referral.* , compliance.finding-raised, or * */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true }) eventTypes: string[];
  /** regulators only: a division prefix inside their jurisdiction */
  @IsOptional() @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'division must be 2, 4 or 6 digits' }) division?: string;
}

const subscriptionIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]) });

function ownerOf(p: Principal): SubscriptionOwner {
  if (p.roles.includes('regulator') && p.division) return { kind: 'regulator', jurisdiction: p.division };
  return { kind: 'institution', id: p.institutionId! };
}

const view = (s: Subscription) => ({
  id: s.id,
  url: s.url,
  eventTypes: s.eventTypes,
  division: s.divisionPrefix,
  status: s.status,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

/** Webhooks of an institution or a regulator: signed, retried, dead-lettered, logged per attempt. */
@ApiTags('subscriptions')
@Roles('elderly-admin', 'medical-admin', 'referral-desk', 'regulator')
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** → 201 with the secret, shown this once (it is stored encrypted and needed to sign). */
  @Post()
  async create(@Body() body: CreateSubscriptionDto, @CurrentPrincipal() p: Principal) {
    const owner = ownerOf(p);
    const errors: { field: string; message: string }[] = [];
    const urlProblem = webhookUrlProblem(body.url, this.config.WEBHOOK_ALLOW_PRIVATE);
    if (urlProblem) errors.push({ field: 'url', message: urlProblem });
    body.eventTypes.forEach(
      (t, i) => knownFilter(t) || errors.push({ field: `eventTypes.${i}`, message: 'is not a known event type, family (referral.*) or *' }),
    );
    if (body.division !== undefined) {
      if (owner.kind !== 'regulator') errors.push({ field: 'division', message: 'only regulators filter by division' });
      else if (!isValidJurisdiction(body.division) || !withinJurisdiction(body.division, owner.jurisdiction))
        errors.push({ field: 'division', message: 'must be a division inside your jurisdiction' });
    }
    if (errors.length) throw new ValidationError(errors);
    const secret = body.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const created = await this.subscriptions.create(
      {
        id: randomUUID(),
        owner,
        createdBy: p.sub,
        url: body.url,
        secret,
        eventTypes: [...new Set(body.eventTypes)],
        divisionPrefix: body.division ?? null,
      },
      this.clock.now(),
    );
    return { ...view(created), secret };
  }

  @Get()
  async list(@CurrentPrincipal() p: Principal) {
    return { items: (await this.subscriptions.list(ownerOf(p))).map(view), nextCursor: null };
  }

  @Get(':id')
  async get(@Param('id', subscriptionIdPipe) id: string, @CurrentPrincipal() p: Principal) {
    return view(await this.subscriptions.get(ownerOf(p), id));
  }

  @Post(':id/pause')
  @HttpCode(200)
  async pause(@Param('id', subscriptionIdPipe) id: string, @CurrentPrincipal() p: Principal) {
    return view(await this.subscriptions.setStatus(ownerOf(p), id, 'PAUSED', this.clock.now()));
  }

  /** Deliveries queued while paused are sent after resuming. */
  @Post(':id/resume')
  @HttpCode(200)
  async resume(@Param('id', subscriptionIdPipe) id: string, @CurrentPrincipal() p: Principal) {
    return view(await this.subscriptions.setStatus(ownerOf(p), id, 'ACTIVE', this.clock.now()));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', subscriptionIdPipe) id: string, @CurrentPrincipal() p: Principal) {
    await this.subscriptions.delete(ownerOf(p), id);
  }

  /** The delivery log, newest first: each delivery's status and every attempt (status code or error, duration). */
  @Get(':id/deliveries')
  async deliveries(@Param('id', subscriptionIdPipe) id: string, @Query() q: PageQuery, @CurrentPrincipal() p: Principal) {
    return this.subscriptions.deliveries(ownerOf(p), id, q.limit ?? 20, q.cursor);
  }
}
