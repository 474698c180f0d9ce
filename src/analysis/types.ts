// Type-aware mode: when the file is linted with type information (typescript-eslint with
// `projectService` or `project`), the types decide whether an expression is a Prisma client or a
// model delegate, whatever it is called, and whether it is plainly something else (a Map, an array).
// They also let `no-query-in-loop` look into a function imported from another module.
//
// Everything here is best effort: a checker failure answers "don't know", and the untyped
// analysis carries on as if there were no types. The `typescript` module is loaded only when a
// program is present, so untyped users never pay for it (or need it installed).
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type * as ts from 'typescript';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type TS = typeof ts;

export interface TypedClientVerdict {
  kind: 'prisma';
  /** A transaction client: has `$queryRaw` but no `$transaction` (`Prisma.TransactionClient`). */
  transaction: boolean;
  /** The type's name, for messages. */
  typeName: string;
}

/** `none`: the type is known and is no client of any kind (a primitive, an array, a Map, a lib type). */
export type ClientVerdict = TypedClientVerdict | { kind: 'none' };

/** A query that a function declared in another module runs. */
export interface ExternalQuery {
  /** The name the linted file calls the function by. */
  functionName: string | undefined;
  /** Base name of the module that declares the function. */
  fileName: string;
  /** `dbRead.user.findUnique` as written there. */
  text: string;
  model: string | undefined;
  method: string;
  /** The function's only query is a `findUnique*` started before anything is awaited (Prisma batches those). */
  batchable: boolean;
  /** The function is not async and hands back the lazy query itself (usable in `$transaction([...])`). */
  returnsLazyQuery: boolean;
}

const READ_WRITE_METHODS = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy',
  'create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany',
]);
const RAW_METHODS = new Set(['$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe', '$queryRawTyped', '$runCommandRaw']);
const BATCHED_METHODS = new Set(['findUnique', 'findUniqueOrThrow']);
const CLIENT_TYPE_NAMES = new Set(['PrismaClient', 'TransactionClient', 'DefaultPrismaClient']);
/** How many calls deep an imported function is followed into the functions it calls. */
const MAX_FOLLOW_DEPTH = 3;
/** Nodes visited per function body: a generated or huge function is not worth the time. */
const MAX_NODES_PER_FUNCTION = 20_000;

let typescriptModule: TS | null | undefined;

/** The `typescript` that typescript-eslint itself uses (its SyntaxKind numbers must match the program's). */
function loadTypeScript(): TS | undefined {
  if (typescriptModule !== undefined) return typescriptModule ?? undefined;
  typescriptModule = null;
  const local = createRequire(import.meta.url);
  const attempts: (() => TS)[] = [
    () => createRequire(local.resolve('@typescript-eslint/typescript-estree'))('typescript') as TS,
    () => local('typescript') as TS,
  ];
  for (const attempt of attempts) {
    try {
      const candidate = attempt();
      if (candidate && typeof candidate.SyntaxKind === 'object') {
        typescriptModule = candidate;
        break;
      }
    } catch {
      // try the next place
    }
  }
  return typescriptModule ?? undefined;
}

interface TypedServices {
  program: ts.Program;
  esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): ts.Node | undefined };
}

/** Per declaration (and per program, whose checker gives the answer), for the whole process. */
const externalQueryCache = new WeakMap<ts.Program, WeakMap<ts.Node, ExternalScan | null>>();

interface ExternalScan {
  text: string;
  model: string | undefined;
  method: string;
  fileName: string;
  batchable: boolean;
  returnsLazyQuery: boolean;
}

export class TypeOracle {
  private readonly checker: ts.TypeChecker;
  private readonly verdicts = new WeakMap<TSESTree.Node, ClientVerdict | null>();
  private readonly delegates = new WeakMap<TSESTree.Node, boolean>();
  private readonly sourceFile: ts.SourceFile | undefined;

  private constructor(
    private readonly ts: TS,
    private readonly program: ts.Program,
    private readonly nodeMap: TypedServices['esTreeNodeToTSNodeMap'],
    sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    this.checker = program.getTypeChecker();
    const tsRoot = nodeMap.get(sourceCode.ast as TSESTree.Node);
    this.sourceFile = tsRoot?.getSourceFile();
  }

  /** The oracle of a file linted with type information, or undefined (untyped linting, or no usable `typescript`). */
  static create(sourceCode: Readonly<TSESLint.SourceCode>): TypeOracle | undefined {
    try {
      const services = sourceCode.parserServices as Partial<TypedServices> | undefined;
      if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
      const typescript = loadTypeScript();
      if (!typescript) return undefined;
      return new TypeOracle(typescript, services.program, services.esTreeNodeToTSNodeMap, sourceCode);
    } catch {
      return undefined;
    }
  }

  // ------------------------------------------------------------ clients and delegates

  /** What the type of an expression says about it being a client; undefined when the type says nothing (any, unknown, a type parameter, an unknown class). */
  clientVerdict(node: TSESTree.Node): ClientVerdict | undefined {
    const cached = this.verdicts.get(node);
    if (cached !== undefined) return cached ?? undefined;
    let verdict: ClientVerdict | undefined;
    try {
      const type = this.typeOf(node);
      verdict = type ? this.verdictOfType(type) : undefined;
    } catch {
      verdict = undefined;
    }
    this.verdicts.set(node, verdict ?? null);
    return verdict;
  }

  /** The expression's type is a Prisma model delegate (`findMany`, `findUnique` and `create` methods). */
  isDelegate(node: TSESTree.Node): boolean {
    const cached = this.delegates.get(node);
    if (cached !== undefined) return cached;
    let result = false;
    try {
      const type = this.typeOf(node);
      result = !!type && this.isDelegateType(type);
    } catch {
      result = false;
    }
    this.delegates.set(node, result);
    return result;
  }

  private typeOf(node: TSESTree.Node): ts.Type | undefined {
    const tsNode = this.nodeMap.get(node);
    if (!tsNode) return undefined;
    return this.tsTypeOf(tsNode);
  }

  private tsTypeOf(tsNode: ts.Node): ts.Type | undefined {
    const type = this.checker.getTypeAtLocation(tsNode);
    // `await getPrisma()`, `prismaPromise`: the client is what the promise holds.
    return this.checker.getAwaitedType(type) ?? type;
  }

  private verdictOfType(type: ts.Type): ClientVerdict | undefined {
    const client = this.clientShape(type, 0);
    if (client) return client;
    return this.isPlainlyNotAClient(type) ? { kind: 'none' } : undefined;
  }

  private clientShape(type: ts.Type, depth: number): TypedClientVerdict | undefined {
    const { TypeFlags } = this.ts;
    if (depth > 4 || type.flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.Never | TypeFlags.TypeParameter)) return undefined;
    if (type.isUnion()) {
      const parts = type.types.filter((part) => !(part.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)));
      if (parts.length === 0) return undefined;
      const verdicts = parts.map((part) => this.clientShape(part, depth + 1));
      if (verdicts.some((verdict) => !verdict)) return undefined;
      return { kind: 'prisma', transaction: verdicts.some((verdict) => verdict!.transaction), typeName: verdicts[0]!.typeName };
    }
    if (type.isIntersection()) {
      for (const part of type.types) {
        const verdict = this.clientShape(part, depth + 1);
        if (verdict) return verdict;
      }
    }
    const has = (name: string): boolean => !!this.checker.getPropertyOfType(type, name);
    const raw = has('$queryRaw') || has('$executeRaw');
    const transaction = has('$transaction');
    if (raw && transaction) return { kind: 'prisma', transaction: false, typeName: this.nameOf(type) ?? 'PrismaClient' };
    // Prisma.TransactionClient = Omit<PrismaClient, '$transaction' | '$connect' | ...>
    if (raw) return { kind: 'prisma', transaction: true, typeName: this.nameOf(type) ?? 'Prisma.TransactionClient' };
    // `PrismaClient` itself (the class, `typeof PrismaClient`) is no client instance.
    if (type.getConstructSignatures().length > 0) return undefined;
    const named = this.namedClient(type, 0);
    if (named) return { kind: 'prisma', transaction: named === 'TransactionClient', typeName: named };
    return undefined;
  }

  /** The type, or one of its base classes/interfaces, is declared as `PrismaClient` / `TransactionClient`. */
  private namedClient(type: ts.Type, depth: number): string | undefined {
    if (depth > 4) return undefined;
    for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
      if (symbol && CLIENT_TYPE_NAMES.has(symbol.getName())) return symbol.getName();
    }
    const { ObjectFlags, TypeFlags } = this.ts;
    if (type.flags & TypeFlags.Object && (type as ts.ObjectType).objectFlags & ObjectFlags.ClassOrInterface) {
      for (const base of this.checker.getBaseTypes(type as ts.InterfaceType) ?? []) {
        const name = this.namedClient(base, depth + 1);
        if (name) return name;
      }
    }
    return undefined;
  }

  private nameOf(type: ts.Type): string | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const name = symbol?.getName();
    return name && !name.startsWith('__') ? name : undefined;
  }

  private isDelegateType(type: ts.Type): boolean {
    const { TypeFlags } = this.ts;
    if (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return false;
    const target = type.isUnion() ? this.checker.getNonNullableType(type) : type;
    return ['findMany', 'findUnique', 'create'].every((name) => !!this.checker.getPropertyOfType(target, name));
  }

  /** Primitives, arrays, tuples, and types declared only in the default library (Map, Set, Date, Response...). */
  private isPlainlyNotAClient(type: ts.Type): boolean {
    const { TypeFlags } = this.ts;
    if (type.flags & (TypeFlags.Any | TypeFlags.Unknown | TypeFlags.TypeParameter | TypeFlags.Never)) return false;
    if (type.isUnion()) {
      const parts = type.types.filter((part) => !(part.flags & (TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void)));
      return parts.length > 0 && parts.every((part) => this.isPlainlyNotAClient(part));
    }
    const primitive =
      TypeFlags.StringLike | TypeFlags.NumberLike | TypeFlags.BooleanLike | TypeFlags.BigIntLike | TypeFlags.ESSymbolLike |
      TypeFlags.Null | TypeFlags.Undefined | TypeFlags.Void | TypeFlags.EnumLike;
    if (type.flags & primitive) return true;
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) return true;
    const symbol = type.getSymbol();
    const declarations = symbol?.getDeclarations();
    if (!declarations || declarations.length === 0) return false;
    return declarations.every((declaration) => this.program.isSourceFileDefaultLibrary(declaration.getSourceFile()));
  }

  // ------------------------------------------------------------ imported functions

  /**
   * The query run by the function a callee (`loadUser`, `users.load`) names, when that function is
   * declared in another module of the program (not a `.d.ts`, not a package).
   */
  externalQuery(callee: TSESTree.Node): ExternalQuery | undefined {
    try {
      let tsCallee = this.nodeMap.get(callee);
      if (!tsCallee) return undefined;
      if (this.ts.isPropertyAccessExpression(tsCallee)) tsCallee = tsCallee.name;
      const declaration = this.declarationOf(tsCallee);
      if (!declaration || declaration.getSourceFile() === this.sourceFile) return undefined;
      const scan = this.scanFunction(declaration, 0);
      if (!scan) return undefined;
      return { functionName: this.ts.isIdentifier(tsCallee) || this.ts.isPrivateIdentifier(tsCallee) ? tsCallee.text : undefined, ...scan };
    } catch {
      return undefined;
    }
  }

  /** The function declaration a callee resolves to, through import aliases; only in the program's own sources. */
  private declarationOf(tsCallee: ts.Node): ts.Node | undefined {
    let symbol = this.checker.getSymbolAtLocation(tsCallee);
    if (symbol && symbol.flags & this.ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration) return undefined;
    const file = declaration.getSourceFile();
    if (file.isDeclarationFile || this.program.isSourceFileFromExternalLibrary(file) || this.program.isSourceFileDefaultLibrary(file)) return undefined;
    return declaration;
  }

  private functionOf(declaration: ts.Node): ts.SignatureDeclaration | undefined {
    const t = this.ts;
    if (t.isFunctionDeclaration(declaration) || t.isMethodDeclaration(declaration) || t.isFunctionExpression(declaration) || t.isArrowFunction(declaration)) {
      return declaration;
    }
    let init: ts.Expression | undefined;
    if (t.isVariableDeclaration(declaration) || t.isPropertyDeclaration(declaration) || t.isPropertyAssignment(declaration)) init = declaration.initializer;
    while (init && (t.isParenthesizedExpression(init) || t.isAsExpression(init) || t.isSatisfiesExpression(init))) init = init.expression;
    return init && (t.isArrowFunction(init) || t.isFunctionExpression(init)) ? init : undefined;
  }

  private scanFunction(declaration: ts.Node, depth: number): ExternalScan | undefined {
    let perProgram = externalQueryCache.get(this.program);
    if (!perProgram) {
      perProgram = new WeakMap();
      externalQueryCache.set(this.program, perProgram);
    }
    const cached = perProgram.get(declaration);
    if (cached !== undefined) return cached ?? undefined;
    perProgram.set(declaration, null); // cycle guard: a recursive function is scanned once
    let result: ExternalScan | undefined;
    try {
      result = this.scanFunctionUncached(declaration, depth);
    } catch {
      result = undefined;
    }
    perProgram.set(declaration, result ?? null);
    return result;
  }

  private scanFunctionUncached(declaration: ts.Node, depth: number): ExternalScan | undefined {
    const t = this.ts;
    const fn = this.functionOf(declaration);
    const body = fn && 'body' in fn ? (fn.body as ts.Node | undefined) : undefined;
    if (!fn || !body) return undefined;
    const queries: { node: ts.Node; text: string; model: string | undefined; method: string }[] = [];
    let viaCall: ExternalScan | undefined;
    let firstAwaitEnd = Number.POSITIVE_INFINITY;
    let visited = 0;

    const visit = (node: ts.Node): void => {
      if (queries.length > 1 || visited++ > MAX_NODES_PER_FUNCTION) return;
      if (t.isAwaitExpression(node)) firstAwaitEnd = Math.min(firstAwaitEnd, node.getEnd());
      if (t.isCallExpression(node) || t.isTaggedTemplateExpression(node)) {
        const query = this.queryOf(node);
        if (query) queries.push({ node, ...query });
        else if (!viaCall && depth < MAX_FOLLOW_DEPTH && t.isCallExpression(node)) {
          const callee = t.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
          const target = this.declarationOf(callee);
          if (target && target !== declaration) viaCall = this.scanFunction(target, depth + 1);
        }
      }
      t.forEachChild(node, visit);
    };
    visit(body);

    const first = queries[0];
    if (!first) return viaCall ? { ...viaCall, batchable: false, returnsLazyQuery: false } : undefined;
    const isAsync = !!(t.canHaveModifiers(fn) ? t.getModifiers(fn) : undefined)?.some((modifier) => modifier.kind === t.SyntaxKind.AsyncKeyword);
    return {
      text: first.text,
      model: first.model,
      method: first.method,
      fileName: basename(declaration.getSourceFile().fileName),
      batchable: queries.length === 1 && !viaCall && BATCHED_METHODS.has(first.method) && firstAwaitEnd > first.node.getStart(),
      returnsLazyQuery: !isAsync && queries.length === 1 && !viaCall && this.isReturned(fn, first.node),
    };
  }

  /** `x.user.findMany(...)` / `x.$queryRaw\`...\`` on an expression typed as a Prisma client or delegate. */
  private queryOf(node: ts.CallExpression | ts.TaggedTemplateExpression): { text: string; model: string | undefined; method: string } | undefined {
    const t = this.ts;
    const callee = t.isCallExpression(node) ? node.expression : node.tag;
    if (!t.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const receiver = callee.expression;
    if (RAW_METHODS.has(method)) {
      const type = this.tsTypeOf(receiver);
      return type && this.clientShape(type, 0) ? { text: callee.getText(), model: undefined, method } : undefined;
    }
    if (!READ_WRITE_METHODS.has(method) || t.isTaggedTemplateExpression(node)) return undefined;
    const receiverType = this.tsTypeOf(receiver);
    if (!receiverType || !this.isDelegateType(receiverType)) return undefined;
    const model = t.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
    return { text: callee.getText(), model, method };
  }

  /** The function hands back `node` itself: `() => x.user.update(...)` or `return x.user.update(...)` at its top level. */
  private isReturned(fn: ts.SignatureDeclaration, node: ts.Node): boolean {
    const t = this.ts;
    let current: ts.Node = node;
    while (current.parent && (t.isParenthesizedExpression(current.parent) || t.isAsExpression(current.parent) || t.isSatisfiesExpression(current.parent))) current = current.parent;
    const parent = current.parent;
    if (t.isArrowFunction(fn) && fn.body === current) return true;
    return !!parent && t.isReturnStatement(parent) && parent.parent?.parent === fn;
  }
}
