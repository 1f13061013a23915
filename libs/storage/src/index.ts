export * from './settings';
export * from './sniff';
export * from './names';
export * from './hash';
export * from './errors';
export * from './read-limited';
export * from './upload';
export * from './object-store';
