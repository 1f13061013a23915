export * from './tokens';
export * from './logger';
export * from './unit-of-work';
export * from './outbox-relay.service';
export * from './consumer-factory';
export * from './platform.module';
export * from './bootstrap';
export * from './scheduled-job';
