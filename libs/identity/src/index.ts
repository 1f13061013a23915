export * from './keycloak-admin';
export * from './dev-accounts';
