import 'reflect-metadata';
import fc from 'fast-check';
import { createValidationPipe } from '@yiyang/http';
import { DomainError } from '@yiyang/kernel';
import { FileAgreementDto } from '../../apps/contract/src/shared/agreement.dto';
import { RequestReferralDto } from '../../apps/referral/src/request-referral/request-referral.dto';
import { CreateSubscriptionDto } from '../../apps/notification/src/create-subscription/create-subscription.dto';
import { RegisterInstitutionDto } from '../../apps/institution-registry/src/register-institution/register-institution.dto';

const pipe = createValidationPipe();
const DTOS = [FileAgreementDto, RequestReferralDto, CreateSubscriptionDto, RegisterInstitutionDto];

/** Any JSON a client could send: the pipe either hands the handler a DTO or refuses with a ValidationError (a 400), never anything else. */
async function outcome(dto: new () => object, body: unknown): Promise<'accepted' | 'refused'> {
  try {
    const value = await pipe.transform(body, { type: 'body', metatype: dto });
    if (!(value instanceof dto)) throw new Error('the pipe returned something other than the DTO');
    return 'accepted';
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'invalid' && err.errors.length > 0) return 'refused';
    throw err;
  }
}

describe('request validators (properties)', () => {
  it('refuse arbitrary JSON cleanly, field by field, and never throw anything but a validation error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...DTOS), fc.jsonValue(), async (dto, body) => (await outcome(dto, body)) === 'refused'),
      { numRuns: 300 },
    );
  });

  it('refuse objects with arbitrary extra or mistyped keys', async () => {
    const junkObject = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), { maxKeys: 8 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...DTOS), junkObject, async (dto, body) => (await outcome(dto, body)) === 'refused'),
      { numRuns: 300 },
    );
  });
});
