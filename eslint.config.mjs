// @ts-check
/** ESLint (flat config): typescript-eslint's type-aware recommended rules over apps/, libs/, deploy/ and test/. */
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // the web console has its own tsconfig and toolchain (npm run console:*)
  { ignores: ['dist/**', 'node_modules/**', '.local/**', 'apps/console/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['{apps,libs,deploy,test}/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // fire-and-forget is allowed when it says so: `void promise`
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // a new member of a union must not be forgotten by a switch over it (STYLE.md: closed switches)
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // async without await is how a method keeps a Promise-returning contract (Nest guards, kafkajs eachMessage, terminus checks)
      '@typescript-eslint/require-await': 'off',
      // passing a caught value on as it is (catch (err) → reject(err)), as only-throw-error allows rethrowing
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // not enabled: consistent-type-imports, since emitDecoratorMetadata needs value imports of injected classes
    },
  },
  {
    files: ['libs/platform/src/batching-kafka-server.ts'],
    // kafkajs hands eachBatch's functions as closures and documents destructuring them
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      // supertest's res.body, Nest's getHttpServer(), TypeORM's query() and jest's asymmetric matchers are typed `any`: the assertions check them
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
