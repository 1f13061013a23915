export * from './clock';
export * from './domain-error';
export * from './uscc';
export * from './division';
export * from './geo';
export * from './cursor';
export * from './retry';
export * from './trace-context';
