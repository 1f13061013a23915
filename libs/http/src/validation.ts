import { ValidationError as ClassValidationError, ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationError } from '@yiyang/kernel';

function flatten(errors: ClassValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Validates DTOs: unknown fields refused, every problem listed by field, `__proto__` and friends rejected. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationError(flatten(errors)),
  });
}

/** A route's `:id` (or another UUID parameter): anything else is 400 with the field named. */
export function uuidParam(field = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field, message: 'must be a UUID' }]) });
}
