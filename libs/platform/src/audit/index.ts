export * from './audit-tables';
export * from './audit-writer';
export * from './audit-query';
export * from './audit-reader';
export * from './audit-options';
export * from './audit.dto';
export * from './audit.controller';
