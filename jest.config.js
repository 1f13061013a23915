/** Unit tests (pure, no infrastructure) and integration tests (real Kafka and MariaDB, started when absent). */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const common = {
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  // diagnostics on; tsconfig.spec.json's isolatedModules makes ts-jest transpile each file alone, so they report syntax
  // errors only: types are checked by `npm run typecheck` (type-checking in ts-jest made the unit run ~3.5× slower from cold)
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  // the web console has its own runner (Vitest: npm run console:test)
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/console/'],
};

module.exports = {
  reporters: ['default', '<rootDir>/libs/testing/src/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,deploy,test}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/test/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
      testEnvironment: '<rootDir>/libs/testing/src/environment.js',
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/setup-integration.ts'],
    },
  ],
};
