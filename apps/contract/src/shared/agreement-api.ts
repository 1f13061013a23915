import { HttpCode, Post, applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Role, Roles } from '@yiyang/auth';

/**
 * What the OpenAPI document says of every agreement controller: its tag and, for changes (`ifMatch`,
 * the default), the If-Match header they require. The route stays in the class's own `@Controller(…)`
 * (the console's API generator finds controllers by it).
 */
export function AgreementApi(options: { ifMatch?: boolean } = {}): ClassDecorator {
  const { ifMatch = true } = options;
  return applyDecorators(
    ApiTags('agreements'),
    ...(ifMatch
      ? [ApiHeader({ name: 'If-Match', required: true, description: 'the version of the agreement you last read, e.g. "2"' })]
      : []),
  );
}

/**
 * A step of one agreement's life (submit, reject, withdraw…): `POST <path>` answering 200 with the
 * agreement, for the roles named (by default an admin of either party; the aggregate decides which side).
 */
export function AgreementStep(path: string, ...roles: Role[]): MethodDecorator {
  return applyDecorators(Post(path), HttpCode(200), Roles(...(roles.length ? roles : (['elderly-admin', 'medical-admin'] as Role[]))));
}
