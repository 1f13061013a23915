import { applyDecorators } from '@nestjs/common';
import { Transform, TransformFnParams } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';

/** A query parameter written `a, b,c` read as the list `['a', 'b', 'c']` (blanks dropped); anything else left as it came. */
export const commaList = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/**
 * An optional query parameter that is a comma-separated list of `codes` (`?status=REQUESTED,RECEIVED`):
 * each one of them, at most as many as there are.
 */
export const CommaListOf = (codes: readonly string[]): PropertyDecorator =>
  // listed as they would be stacked on the property, from the bottom one up (the order they apply in)
  applyDecorators(IsIn(codes, { each: true }), ArrayMaxSize(codes.length), IsArray(), Transform(commaList), IsOptional());
