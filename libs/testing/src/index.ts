export * from './infra';
export * from './topic-reader';
export * from './tokens';
export * from './fixtures';
export * from './keycloak';
export * from './agreements';
export * from './storage-probe';
