export * from './topics';
export * from './event-types';
export * from './catalogue';
export * from './institution/vocabulary';
export * from './institution/events';
export * from './agreement/vocabulary';
export * from './agreement/events';
