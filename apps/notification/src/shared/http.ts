import { applyDecorators } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@yiyang/auth';
import { SUBSCRIBER_ROLES } from './subscription';

/**
 * The class decorators every webhook subscription controller shares: its OpenAPI tag and who may use it.
 * (The route stays a literal `@Controller('v1/subscriptions')` on each class: the console's API generator
 * finds controllers by it.)
 */
export const SubscriptionsApi = () => applyDecorators(ApiTags('subscriptions'), Roles(...SUBSCRIBER_ROLES));

/** Accept-Language, optional: English with `en`, Chinese otherwise (OpenAPI would call an undeclared header required). */
export const LANGUAGE_HEADER = { name: 'accept-language', required: false, description: '`en` for English; Chinese otherwise' };
