export * from './principal';
export * from './tokens';
export * from './keys';
export * from './auth.guard';
