/**
 * Completes a service's OpenAPI document where the services do not (yet) declare it themselves:
 *
 * - a 2xx response without a schema gets one derived from the controller method's TypeScript return
 *   type (the type the method really returns, read with the compiler's type checker), so the console's
 *   types come from the service code and never from a hand-written copy;
 * - every operation gets a `default` response `application/problem+json` typed from libs/http's
 *   `Problem` (the shape the problem filter sends for every error).
 *
 * A response the service documents itself (`@ApiOkResponse({ type })`) is left as it is: once the
 * services declare their responses this pass changes nothing. Operations are matched by Nest's
 * operation id, `<ControllerClass>_<method>`, among the classes of the service's sources (whatever
 * decorator makes them controllers: Nest's `@Controller` or a project decorator that applies it).
 *
 * Then `shareRepeats` names what repeats, so the generated types are mostly references: a body whose
 * type the project names (an interface, or an alias such as `InstitutionResponse = ReturnType<…>`)
 * is one `components.schemas` entry wherever it stands (alone, in an array, in a page, in a Promise);
 * the problem answer is one `components.responses.Problem`; a parameter that several operations
 * declare alike is one `components.parameters` entry.
 */
import ts from 'typescript';

type Schema = Record<string, unknown>;

interface Body {
  $ref?: string;
  description?: string;
  required?: boolean;
  content?: Record<string, { schema?: Schema }>;
}

interface Operation {
  operationId?: string;
  requestBody?: Body;
  responses?: Record<string, Body>;
}

interface Parameter {
  name: string;
  in: string;
  $ref?: string;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation & { parameters?: Parameter[] }>>;
  components?: {
    schemas?: Record<string, Schema>;
    responses?: Record<string, unknown>;
    requestBodies?: Record<string, unknown>;
    parameters?: Record<string, Parameter>;
  };
}

/** Converts checker types to OpenAPI 3.0 schemas; named, non-generic project types become components. */
class SchemaWriter {
  readonly components: Record<string, Schema> = {};
  private readonly named = new Map<ts.Type, string>();
  private readonly used = new Set<string>();
  private readonly inProgress = new Set<ts.Type>();

  constructor(
    private readonly checker: ts.TypeChecker,
    reserved: Iterable<string>,
    /** names the project gives to types the checker sees as anonymous or generic (type aliases) */
    private readonly aliases: ReadonlyMap<ts.Type, string> = new Map(),
  ) {
    for (const name of reserved) this.used.add(name);
  }

  schemaOf(type: ts.Type): Schema {
    const c = this.checker;
    const f = type.flags;
    if (f & ts.TypeFlags.Any || f & ts.TypeFlags.Unknown) return {};
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean' };
    if (f & ts.TypeFlags.String || f & ts.TypeFlags.TemplateLiteral) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.BigInt) return { type: 'string' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.Null) return { nullable: true };
    if (type.isUnion()) return this.unionOf(type.types);
    if (c.isArrayType(type) || c.isTupleType(type)) {
      const [item] = c.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: item ? this.schemaOf(item) : {} };
    }
    if (f & ts.TypeFlags.Object) return this.objectOf(type);
    return {};
  }

  private unionOf(members: readonly ts.Type[]): Schema {
    const present = members.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = present.some((t) => t.flags & ts.TypeFlags.Null);
    const rest = present.filter((t) => !(t.flags & ts.TypeFlags.Null));
    const withNull = (s: Schema): Schema => (nullable ? { ...s, nullable: true } : s);
    if (rest.length === 0) return { nullable: true };
    if (rest.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return withNull({ type: 'boolean' });
    if (rest.every((t) => t.flags & ts.TypeFlags.StringLiteral)) {
      // sorted: the checker's union order follows type creation, which unrelated code can change (--check)
      return withNull({ type: 'string', enum: rest.map((t) => (t as ts.StringLiteralType).value).sort() });
    }
    if (rest.length === 1) {
      const only = this.schemaOf(rest[0]);
      return nullable ? (only.$ref ? { allOf: [only], nullable: true } : withNull(only)) : only;
    }
    const anyOf = rest.map((t) => this.schemaOf(t)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return withNull({ anyOf });
  }

  private objectOf(type: ts.Type): Schema {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    const name = this.componentName(type);
    if (name) {
      if (!this.named.has(type)) {
        this.named.set(type, name);
        this.used.add(name);
        this.components[name] = this.objectBody(type);
      }
      return { $ref: `#/components/schemas/${this.named.get(type)}` };
    }
    if (this.inProgress.has(type)) return { type: 'object' };
    this.inProgress.add(type);
    try {
      return this.objectBody(type);
    } finally {
      this.inProgress.delete(type);
    }
  }

  private objectBody(type: ts.Type): Schema {
    const c = this.checker;
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of c.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration ? c.getTypeOfSymbolAtLocation(property, declaration) : c.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue;
      const optional =
        (property.flags & ts.SymbolFlags.Optional) !== 0 ||
        (propertyType.isUnion() && propertyType.types.some((t) => t.flags & ts.TypeFlags.Undefined));
      properties[property.getName()] = this.schemaOf(propertyType);
      const doc = ts.displayPartsToString(property.getDocumentationComment(c)).trim();
      if (doc) properties[property.getName()] = { ...properties[property.getName()], description: doc };
      if (!optional) required.push(property.getName());
    }
    const schema: Schema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    const index = c.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index) schema.additionalProperties = this.schemaOf(index.type);
    return schema;
  }

  /**
   * Interfaces and type aliases of the project get a name: an alias names even an anonymous type
   * (`ReturnType<typeof toResponse>`) or a generic instantiation (`Page<X>`); otherwise generic
   * instantiations and the libraries' types stay inline.
   */
  private componentName(type: ts.Type): string | undefined {
    if (this.named.has(type)) return this.named.get(type);
    const alias = this.aliases.get(type);
    if (alias) return this.unique(alias);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || (type.aliasTypeArguments?.length ?? 0) > 0 || ((type as ts.TypeReference).typeArguments?.length ?? 0) > 0)
      return undefined;
    const name = symbol.getName();
    if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) return undefined;
    if (!isProjectFile(symbol.declarations?.[0]?.getSourceFile().fileName ?? '')) return undefined;
    return this.unique(name);
  }

  private unique(name: string): string {
    let unique = name;
    for (let i = 2; this.used.has(unique); i++) unique = `${name}${i}`;
    return unique;
  }
}

const isProjectFile = (file: string): boolean => /\/(apps|libs)\//.test(file) && !file.includes('/node_modules/');

/**
 * Names for the project's types the checker keeps no name for, by the type they stand for, so that
 * their bodies are not inlined wherever they are returned:
 * - non-generic type aliases of object types (`export type InstitutionResponse = ReturnType<typeof
 *   toResponse>`, `type AgreementPage = Page<AgreementView>`);
 * - the anonymous object a top-level mapping function builds (`toAgreementResponse` →
 *   `AgreementResponse`, `findingSnapshot` → `FindingSnapshot`), when no alias names it.
 * The service's own files come first, so its name wins over a library's.
 */
function projectAliases(program: ts.Program, appDir: string): Map<ts.Type, string> {
  const checker = program.getTypeChecker();
  const aliases = new Map<ts.Type, string>();
  const files = program
    .getSourceFiles()
    .filter((f) => !f.isDeclarationFile && isProjectFile(f.fileName))
    .sort((a, b) => Number(!a.fileName.startsWith(appDir)) - Number(!b.fileName.startsWith(appDir)));
  const nameable = (type: ts.Type): boolean => {
    if (!(type.flags & ts.TypeFlags.Object) || aliases.has(type) || type.getCallSignatures().length > 0) return false;
    if (checker.isArrayType(type) || checker.isTupleType(type)) return false;
    // a named interface or class keeps its own name
    const symbol = type.getSymbol();
    return !(symbol && /^[A-Z]/.test(symbol.getName()) && !((type as ts.TypeReference).typeArguments?.length ?? 0));
  };
  for (const source of files) {
    for (const statement of source.statements) {
      if (!ts.isTypeAliasDeclaration(statement) || statement.typeParameters) continue;
      if (!/^[A-Z][A-Za-z0-9]*$/.test(statement.name.text)) continue;
      const type = checker.getTypeAtLocation(statement.name);
      if (nameable(type)) aliases.set(type, statement.name.text);
    }
  }
  for (const source of files) {
    for (const [name, fn] of topLevelFunctions(source)) {
      if (fn.typeParameters) continue;
      const signature = checker.getSignatureFromDeclaration(fn);
      const type = signature && checker.getReturnTypeOfSignature(signature);
      if (!type || !nameable(type)) continue;
      if (!/^to[A-Z]|[a-z](Snapshot|View|Response|Summary)$/.test(name)) continue;
      aliases.set(
        type,
        name.replace(/^to(?=[A-Z])/, '').replace(/^[a-z]/, (c) => c.toUpperCase()),
      );
    }
  }
  return aliases;
}

/** `function name(…)` and `const name = (…) => …` at the top of a file. */
function topLevelFunctions(source: ts.SourceFile): [string, ts.SignatureDeclaration][] {
  const found: [string, ts.SignatureDeclaration][] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) found.push([statement.name.text, statement]);
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)))
        found.push([d.name.text, d.initializer]);
    }
  }
  return found;
}

/**
 * The return types of the methods of every decorated class in the service's sources, by Nest's
 * operation id (`<Class>_<method>`): only the document's operations are looked up, so whichever
 * decorator made the class a controller (`@Controller(…)` or a project one that applies it), it is found.
 */
function returnTypesByOperation(program: ts.Program, appDir: string): Map<string, ts.Type> {
  const checker = program.getTypeChecker();
  const byOperation = new Map<string, ts.Type>();
  for (const source of program.getSourceFiles()) {
    if (!source.fileName.startsWith(appDir) || source.isDeclarationFile) continue;
    source.forEachChild(function visit(node) {
      if (ts.isClassDeclaration(node) && node.name) {
        if (!ts.getDecorators(node)?.length) return;
        for (const member of node.members) {
          if (!ts.isMethodDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
          const signature = checker.getSignatureFromDeclaration(member);
          if (!signature) continue;
          const returned = checker.getReturnTypeOfSignature(signature);
          byOperation.set(`${node.name.text}_${member.name.text}`, checker.getAwaitedType(returned) ?? returned);
        }
      }
    });
  }
  return byOperation;
}

function problemType(program: ts.Program, problemFile: string): ts.Type {
  const source = program.getSourceFile(problemFile);
  const declaration = source?.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Problem',
  );
  if (!declaration) throw new Error(`no interface Problem in ${problemFile}`);
  return program.getTypeChecker().getTypeAtLocation(declaration);
}

const NOTHING = ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never;

/** Adds what the document lacks (see the file's comment); returns how many responses were completed. */
export function completeDocument(document: OpenApiDocument, program: ts.Program, appDir: string, problemFile: string): number {
  const writer = new SchemaWriter(
    program.getTypeChecker(),
    Object.keys(document.components?.schemas ?? {}),
    projectAliases(program, appDir),
  );
  const returns = returnTypesByOperation(program, appDir);
  const problem = writer.schemaOf(problemType(program, problemFile));
  let completed = 0;
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !operation.operationId) continue;
      operation.responses ??= {};
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^2\d\d$/.test(status) || status === '204' || response.content) continue;
        const type = operation.operationId ? returns.get(operation.operationId) : undefined;
        if (!type || type.flags & NOTHING) continue;
        response.content = { 'application/json': { schema: writer.schemaOf(type) } };
        completed++;
      }
      operation.responses.default ??= { $ref: '#/components/responses/Problem' } as never;
    }
  }
  document.components ??= {};
  document.components.schemas = { ...writer.components, ...(document.components.schemas ?? {}) };
  document.components.responses = {
    ...document.components.responses,
    Problem: { description: 'RFC 9457 problem details', content: { 'application/problem+json': { schema: problem } } },
  };
  return completed;
}

/**
 * Names what the operations repeat, so that each operation is mostly references:
 * - a page of a named schema (`{ items: X[], nextCursor }`, libs/http's Page) becomes the schema `XPage`;
 * - a success answer whose body is a named schema becomes `components.responses.X` (one per body and
 *   description), and a JSON request body naming a schema `components.requestBodies.X`;
 * - parameters that two or more operations declare alike (the path's `id`, `If-Match`, a page's `limit`
 *   and `cursor`) become one `components.parameters` entry each.
 */
export function shareRepeats(document: OpenApiDocument): void {
  document.components ??= {};
  const components = document.components;
  const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.values(item));
  /** the `$ref` that names `value` in components[kind], adding it (the same value once; another under `name2`…) */
  const refTo = <T>(kind: 'schemas' | 'responses' | 'requestBodies' | 'parameters', name: string, value: T): { $ref: string } => {
    const shelf = ((components as Record<string, Record<string, unknown> | undefined>)[kind] ??= {});
    const json = JSON.stringify(value);
    let unique = name;
    for (let i = 2; unique in shelf && JSON.stringify(shelf[unique]) !== json; i++) unique = `${name}${i}`;
    shelf[unique] = value;
    return { $ref: `#/components/${kind}/${unique}` };
  };
  const refName = (schema: Schema | undefined): string | undefined =>
    typeof schema?.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
  const pageOf = (schema: Schema | undefined): string | undefined => {
    const properties = schema?.properties as Record<string, Schema> | undefined;
    if (schema?.type !== 'object' || !properties || Object.keys(properties).sort().join() !== 'items,nextCursor') return undefined;
    const items = properties.items;
    return items.type === 'array' ? refName(items.items as Schema) : undefined;
  };

  for (const operation of operations) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const json = response.content?.['application/json'];
      if (!/^2\d\d$/.test(status) || !json || Object.keys(response.content ?? {}).length !== 1) continue;
      const page = pageOf(json.schema);
      if (page) json.schema = refTo('schemas', `${page}Page`, json.schema);
      const name = refName(json.schema);
      if (name) (operation.responses as Record<string, unknown>)[status] = refTo('responses', name, response);
    }
    const body = operation.requestBody;
    const bodySchema = body?.content?.['application/json']?.schema;
    if (body && !body.$ref && Object.keys(body.content ?? {}).length === 1 && refName(bodySchema))
      operation.requestBody = refTo('requestBodies', refName(bodySchema)!, body) as never;
  }

  const seen = new Map<string, number>();
  const keyOf = (p: Parameter) => JSON.stringify(p, Object.keys(p).sort());
  for (const p of operations.flatMap((o) => o.parameters ?? [])) seen.set(keyOf(p), (seen.get(keyOf(p)) ?? 0) + 1);
  const names = new Map<string, { $ref: string }>();
  for (const operation of operations) {
    operation.parameters = operation.parameters?.map((p) => {
      const key = keyOf(p);
      if (p.$ref || (seen.get(key) ?? 0) < 2) return p;
      if (!names.has(key)) {
        const name = `${p.name.replace(/(^|[^A-Za-z0-9]+)([a-z0-9])/gi, (_, __, c: string) => c.toUpperCase())}${p.in[0].toUpperCase()}${p.in.slice(1)}`;
        names.set(key, refTo('parameters', name, p));
      }
      return names.get(key) as Parameter;
    });
  }
}
