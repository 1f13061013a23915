export * from './errors';
export * from './ensure-database';
export * from './data-source';
export * from './transaction';
export * from './insert-rows';
