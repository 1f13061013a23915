export * from './directory.entity';
export * from './directory.repository';
export * from './migrations/1763800000100-institution-directory';
