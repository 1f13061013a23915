/**
 * npm run console:api [-- --check]
 *
 * Writes apps/console/src/api/<service>.d.ts and common.d.ts (openapi-typescript) from each service's OpenAPI document,
 * built from the service's own Nest modules: no database, broker or running service is needed.
 *
 *  1. The services' sources are compiled with the TypeScript compiler and the @nestjs/swagger compiler
 *     plugin (the options nest-cli.json gives it), exactly as `nest build` does, into a folder of this
 *     run's own under node_modules/.cache/yiyang-console-api/ (decorator metadata needs a real compiler,
 *     not esbuild; two runs at once never share one), removed when the run ends.
 *  2. Each service's module is created in Nest's preview mode (modules, controllers and their metadata,
 *     no provider constructed: nothing connects anywhere) and its document built with the same
 *     DocumentBuilder settings as libs/http/src/openapi.ts.
 *  3. Responses the service leaves undocumented are typed from the controller's return type, every
 *     operation gets its problem+json error response, and what repeats is named once in `components`
 *     (response-schemas.ts). The health probes are left out: the console never calls them.
 *  4. openapi-typescript turns the document into types, and what the four services' types say alike
 *     (the problem answer, the page parameters, the response object's shape) is written once into
 *     src/api/common.d.ts, which each service's file imports (shared-types.ts).
 *
 * --check writes nothing and exits 1 when a checked-in file differs from what would be generated (CI).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { completeDocument, shareRepeats } from './response-schemas';
import { shareAcrossServices } from './shared-types';

const ROOT = join(__dirname, '..', '..', '..');
const OUT = join(ROOT, 'apps', 'console', 'src', 'api');
const CACHES = join(ROOT, 'node_modules', '.cache', 'yiyang-console-api');
mkdirSync(CACHES, { recursive: true });
/** this run's compiled services (inside node_modules, so that they resolve the project's packages) */
const CACHE = mkdtempSync(join(CACHES, 'run-'));
const KEEP_JSON = process.env.CONSOLE_API_KEEP_JSON === '1';

/** The services the console calls: the name of its folder under /api/, and where its module and config live. */
export const API_SERVICES = [
  {
    api: 'registry',
    app: 'institution-registry',
    module: 'registry.module',
    moduleExport: 'RegistryModule',
    loadConfig: 'loadRegistryConfig',
  },
  { api: 'contract', app: 'contract', module: 'contract.module', moduleExport: 'ContractModule', loadConfig: 'loadContractConfig' },
  { api: 'referral', app: 'referral', module: 'referral.module', moduleExport: 'ReferralModule', loadConfig: 'loadReferralConfig' },
  {
    api: 'notification',
    app: 'notification',
    module: 'notification.module',
    moduleExport: 'NotificationModule',
    loadConfig: 'loadNotificationConfig',
  },
] as const;

const say = (msg: string) => process.stderr.write(`[console:api] ${msg}\n`);

/** Compiles the services' modules (and everything they import) to CommonJS with the swagger plugin. */
function compileServices(): ts.Program {
  const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (configFile.error) throw new Error(ts.flattenDiagnosticMessageText(configFile.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    outDir: CACHE,
    rootDir: ROOT,
    noEmit: false,
    noEmitOnError: false,
    sourceMap: false,
    declaration: false,
    incremental: false,
    types: ['node'],
  };
  const rootNames = API_SERVICES.flatMap((s) => [
    join(ROOT, 'apps', s.app, 'src', `${s.module}.ts`),
    join(ROOT, 'apps', s.app, 'src', 'config.ts'),
  ]);
  const program = ts.createProgram({ rootNames, options });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swaggerPlugin = require('@nestjs/swagger/plugin') as { before: (o: object, p: ts.Program) => ts.TransformerFactory<ts.SourceFile> };
  const result = program.emit(undefined, undefined, undefined, false, {
    before: [swaggerPlugin.before({ classValidatorShim: true, introspectComments: true }, program)],
  });
  if (result.emitSkipped) throw new Error('the services did not compile');
  return program;
}

/** `@yiyang/<lib>` → the compiled libs/<lib>/src (the root tsconfig's paths). */
function resolveAliasesTo(dir: string): void {
  const moduleWithResolve = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = moduleWithResolve._resolveFilename;
  moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]) {
    const m = /^@yiyang\/([a-z-]+)$/.exec(request);
    return original.call(this, m ? join(dir, 'libs', m[1], 'src') : request, ...rest);
  };
}

async function documentOf(service: (typeof API_SERVICES)[number]): Promise<object> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { DocumentBuilder, SwaggerModule } = require('@nestjs/swagger') as typeof import('@nestjs/swagger');
  const moduleFile = require(join(CACHE, 'apps', service.app, 'src', service.module)) as Record<
    string,
    { register(config: unknown): object }
  >;
  const configFile = require(join(CACHE, 'apps', service.app, 'src', 'config')) as Record<string, (env: Record<string, string>) => unknown>;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // a fixed environment, so the document never depends on the caller's (nothing is contacted in preview mode)
  const config = configFile[service.loadConfig]({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'development',
    OIDC_ISSUER: 'http://127.0.0.1:8180/realms/yiyang',
    // documents: a store is named, never contacted
    S3_ENDPOINT: 'http://127.0.0.1:8280',
    S3_ACCESS_KEY_ID: 'preview',
    S3_SECRET_ACCESS_KEY: 'preview',
  });
  const dynamicModule = moduleFile[service.moduleExport].register(config) as {
    imports?: { providers?: { provide?: unknown; useValue?: { title?: string; description?: string } }[] }[];
  };
  // the service's title and description, as the platform module received them (SERVICE_DEFINITION)
  const definition = dynamicModule.imports
    ?.flatMap((m) => m.providers ?? [])
    .find((p) => p.useValue?.title && p.useValue.description)?.useValue;
  const app = await NestFactory.create(dynamicModule as never, { preview: true, logger: false, abortOnError: false });
  const builder = new DocumentBuilder()
    .setTitle(definition?.title ?? service.app)
    .setDescription(`${definition?.description ?? ''}\n\nErrors are RFC 9457 application/problem+json with a machine-readable \`code\`.`)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT (RS256)' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app as never, builder);
  for (const path of Object.keys(document.paths)) if (path.startsWith('/health/')) delete document.paths[path];
  return document;
}

async function typesOf(document: object): Promise<string> {
  // openapi-typescript is an ES module (Node 20.19+ can require it; the dynamic import works everywhere)
  const { default: openapiTS, astToString } = (await import('openapi-typescript')) as unknown as {
    default: (doc: object, options?: object) => Promise<ts.Node[]>;
    astToString: (ast: ts.Node[]) => string;
  };
  const ast = await openapiTS(document, { alphabetize: true });
  return `/* Generated by \`npm run console:api\` from the service's OpenAPI document. Do not edit by hand. */\n\n${astToString(ast)}`;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const started = Date.now();
  const program = compileServices();
  say(`compiled the services with the swagger plugin in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  resolveAliasesTo(CACHE);
  const generated: Record<string, string> = {};
  for (const service of API_SERVICES) {
    const document = await documentOf(service);
    const completed = completeDocument(
      document,
      program,
      `${join(ROOT, 'apps', service.app, 'src')}/`,
      join(ROOT, 'libs', 'http', 'src', 'problem.filter.ts'),
    );
    if (completed > 0)
      say(`${service.api}: ${completed} responses typed from their controller's return type (the service does not document them)`);
    shareRepeats(document);
    generated[service.api] = await typesOf(document);
    if (KEEP_JSON && !check) writeFileSync(join(CACHES, `${service.api}.openapi.json`), JSON.stringify(document, null, 2));
  }
  // what the services' types say alike, once: src/api/common.d.ts, imported by each service's file
  const { files, common } = shareAcrossServices(generated);
  const drifted: string[] = [];
  for (const [name, types] of [...Object.entries(files), ['common', common] as const]) {
    const file = join(OUT, `${name}.d.ts`);
    if (check) {
      const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (current !== types) drifted.push(relative(ROOT, file));
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, types);
      say(`wrote ${relative(ROOT, file)}`);
    }
  }
  if (drifted.length > 0) {
    say(`out of date with the services' OpenAPI: ${drifted.join(', ')} — run \`npm run console:api\` and commit the result`);
    process.exit(1);
  }
  if (check) say('the generated API types match the services');
  process.exit(0);
}

process.on('exit', () => rmSync(CACHE, { recursive: true, force: true }));

main().catch((err: unknown) => {
  say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
