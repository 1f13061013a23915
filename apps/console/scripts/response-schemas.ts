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
 * operation id, `<ControllerClass>_<method>`.
 */
import ts from 'typescript';

type Schema = Record<string, unknown>;

interface Operation {
  operationId?: string;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
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

  /** Interfaces and type aliases of the project (not generic instantiations, not the libraries') get a name. */
  private componentName(type: ts.Type): string | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || (type.aliasTypeArguments?.length ?? 0) > 0 || ((type as ts.TypeReference).typeArguments?.length ?? 0) > 0)
      return undefined;
    if (this.named.has(type)) return this.named.get(type);
    const name = symbol.getName();
    if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) return undefined;
    const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? '';
    if (!/\/(apps|libs)\//.test(file) || file.includes('/node_modules/')) return undefined;
    let unique = name;
    for (let i = 2; this.used.has(unique); i++) unique = `${name}${i}`;
    return unique;
  }
}

/** The return types of every controller method in the service's sources, by Nest operation id. */
function returnTypesByOperation(program: ts.Program, appDir: string): Map<string, ts.Type> {
  const checker = program.getTypeChecker();
  const byOperation = new Map<string, ts.Type>();
  for (const source of program.getSourceFiles()) {
    if (!source.fileName.startsWith(appDir) || source.isDeclarationFile) continue;
    source.forEachChild(function visit(node) {
      if (ts.isClassDeclaration(node) && node.name) {
        const isController = ts
          .getDecorators(node)
          ?.some((d) => ts.isCallExpression(d.expression) && d.expression.expression.getText(source) === 'Controller');
        if (!isController) return;
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
  const writer = new SchemaWriter(program.getTypeChecker(), Object.keys(document.components?.schemas ?? {}));
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
      operation.responses.default ??= {
        description: 'RFC 9457 problem details',
        content: { 'application/problem+json': { schema: problem } },
      };
    }
  }
  document.components ??= {};
  document.components.schemas = { ...writer.components, ...(document.components.schemas ?? {}) };
  return completed;
}
