import { ConfigError } from './load-config';
import { loadPlatformConfig } from './platform-config';

const defaults = { port: 3001, database: 'yiyang_registry', serviceName: 'institution-registry' };

describe('loadPlatformConfig', () => {
  it('fills defaults from SPEC §7 when nothing is set', () => {
    const config = loadPlatformConfig(defaults, {});
    expect(config.PORT).toBe(3001);
    expect(config.DB_NAME).toBe('yiyang_registry');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
  });

  it('stops with a sentence naming a malformed variable', () => {
    expect(() => loadPlatformConfig(defaults, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadPlatformConfig(defaults, { PORT: 'eighty' })).toThrow(/PORT is invalid .*HTTP port of the service/);
  });

  it('names every bad variable at once', () => {
    try {
      loadPlatformConfig(defaults, { DB_PORT: '70000', LOG_LEVEL: 'chatty', DB_CREATE_DATABASE: 'maybe' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const names = (err as ConfigError).problems.map((p) => p.split(' ')[0]);
      expect(names.sort()).toEqual(['DB_CREATE_DATABASE', 'DB_PORT', 'LOG_LEVEL']);
    }
  });

  it('reads lists and booleans', () => {
    const config = loadPlatformConfig(defaults, { KAFKA_BROKERS: 'a:1, b:2', DB_MIGRATE: 'false' });
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.DB_MIGRATE).toBe(false);
  });
});
