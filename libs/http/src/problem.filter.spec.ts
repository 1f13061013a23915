import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError, InvalidTransitionError, ValidationError } from '@yiyang/kernel';
import { toProblem } from './problem.filter';

describe('toProblem', () => {
  it.each([
    [new ValidationError([{ field: 'uscc', message: 'bad' }]), 400, 'VALIDATION_FAILED'],
    [new DomainError('UNAUTHENTICATED', 'unauthenticated', 'no token'), 401, 'UNAUTHENTICATED'],
    [new DomainError('ROLE_NOT_ALLOWED', 'forbidden', 'no'), 403, 'ROLE_NOT_ALLOWED'],
    [new DomainError('INSTITUTION_NOT_FOUND', 'not-found', 'gone'), 404, 'INSTITUTION_NOT_FOUND'],
    [new InvalidTransitionError('suspend', 'REVOKED'), 409, 'TRANSITION_NOT_ALLOWED'],
    [new DomainError('AGREEMENT_REQUIRED', 'rule', 'no agreement'), 422, 'AGREEMENT_REQUIRED'],
    [new DomainError('IF_MATCH_REQUIRED', 'precondition', 'version'), 428, 'IF_MATCH_REQUIRED'],
    [new BadRequestException('Unexpected token'), 400, 'MALFORMED_REQUEST'],
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND'],
    [Object.assign(new Error('too big'), { status: 413, type: 'entity.too.large' }), 413, 'BODY_TOO_LARGE'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' }), 503, 'TEMPORARILY_UNAVAILABLE'],
  ])('maps %p to %i %s', (error, status, code) => {
    const problem = toProblem(error);
    expect(problem).toMatchObject({ status, code, type: `urn:yiyang:problem:${code.toLowerCase().replace(/_/g, '-')}` });
  });

  it('lists field errors for validation', () => {
    expect(toProblem(new ValidationError([{ field: 'location.lat', message: 'too large' }])).errors).toEqual([
      { field: 'location.lat', message: 'too large' },
    ]);
  });

  it('never leaks the message of an unexpected error', () => {
    const problem = toProblem(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(problem.detail).not.toMatch(/secret/);
  });
});
