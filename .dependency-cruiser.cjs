/** Layer rules, checked by `npm run lint:deps` (part of `npm test`). */
const FRAMEWORKS = '^node_modules/(@nestjs|typeorm|kafkajs|mysql2|express|nestjs-pino|pino|prom-client)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'modules form no cycles',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain code knows nothing of Nest, TypeORM, Kafka or HTTP',
      from: { path: '^apps/[^/]+/src/domain/' },
      to: {
        path: [FRAMEWORKS, '^apps/[^/]+/src/(?!domain/)', '^libs/(database|messaging|http|auth|platform|testing)/'],
        // a domain test may use the given / when / then helper (plain TypeScript over the kernel)
        pathNot: '^libs/testing/src/aggregates\\.ts$',
      },
    },
    {
      name: 'kernel-is-pure',
      severity: 'error',
      comment: 'the kernel is plain TypeScript',
      from: { path: '^libs/kernel/' },
      to: { path: [FRAMEWORKS, '^libs/(?!kernel/)'] },
    },
    {
      name: 'contracts-are-plain',
      severity: 'error',
      comment: 'event contracts depend on nothing but zod',
      from: { path: '^libs/contracts/' },
      to: { path: [FRAMEWORKS, '^libs/(?!contracts/)'] },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-stay-apart',
      severity: 'error',
      comment: 'a service never imports another service: they talk through Kafka (end-to-end tests may start another service)',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/[^/]+/test/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'production-code-does-not-use-test-helpers',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['/test/', '\\.spec\\.ts$', '^libs/testing/'] },
      to: { path: '^libs/testing/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
