// Answers "is this expression a database or Redis client, and why?".
// Provenance (imports, `new`, aliases, the `$transaction` callback) comes first; names are
// the fallback; a binding whose initialiser is plainly something else (an object literal,
// a `new Map()`) is never a client, whatever it is called.
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  getCalleeName,
  getKeyName,
  getPropertyName,
  getStaticString,
  isFunctionNode,
  type FunctionNode,
  skipAwaitAndWrappers,
  skipTypeWrappers,
} from './ast.js';
import type { BackendSettings } from './settings.js';
import { TypeOracle } from './types.js';

export type ClientKind = 'prisma' | 'sql' | 'redis' | 'db';

export interface ClientInfo {
  kind: ClientKind;
  /** Why this is a client, for messages and `--explain`. */
  reason: string;
  /** The `tx` of an interactive `$transaction(async (tx) => …)`. */
  isTransactionClient: boolean;
  /** The `$transaction` callback that owns this client, when it is one. */
  transactionCallback?: TSESTree.Node;
}

/** Constructors and factories that create a client, by package. */
export interface ClientFactory {
  kind: ClientKind;
  /** Human name used in messages: `new PrismaClient()`, `new Pool()`. */
  label: string;
  /** Holds a connection or a pool: creating it per request leaks connections. */
  pooled: boolean;
}

const PRISMA_NAME = /^(?:prisma|db)(?:Client|Read|Write|Reader|Writer|Replica|Primary|ReadOnly|ReadReplica|Service|Tx|Transaction|Admin)?$/;
const DEFAULT_CLIENT_NAMES = new Set(['prisma', 'db', 'tx', 'trx', 'prismaClient']);
const REDIS_NAME = /^(?:redis|redisClient|redisConnection|ioredis|redisCache)$/;
const SQL_NAME = /^(?:pool|pgPool|dbPool|knex|sequelize|pgClient|mysqlPool|connectionPool)$/;
/** Module specifiers that hold an app's own client: `@/lib/prisma`, `~/server/db`, `./prisma.client`. */
const DB_MODULE = /(?:^|[/.@_-])(?:prisma|db|database|drizzle)(?:[/._-]|$)/i;
const PRISMA_TYPE = /Prisma(?:Client|Service|Tx|TransactionClient)|TransactionClient|PrismaClient/;

const SQL_PACKAGES = /^(?:pg|pg-pool|mysql2(?:\/promise)?|mysql|knex|sequelize|postgres|@vercel\/postgres|@neondatabase\/serverless|drizzle-orm(?:\/.*)?|typeorm|better-sqlite3|kysely)$/;
const REDIS_PACKAGES = /^(?:redis|ioredis|@redis\/client|@upstash\/redis(?:\/.*)?|@vercel\/kv)$/;

/** Which `new X()` / `x()` creates a client, judged by the callee and where it was imported from. */
export function classifyFactory(
  callee: string,
  importSource: string | undefined,
  isNew: boolean,
): ClientFactory | undefined {
  if (callee === 'PrismaClient' && isNew) return { kind: 'prisma', label: 'new PrismaClient()', pooled: true };
  if (!importSource) {
    // Without an import the name alone must be unmistakable.
    if (isNew && (callee === 'IORedis')) return { kind: 'redis', label: `new ${callee}()`, pooled: true };
    return undefined;
  }
  if (/^(?:pg|pg-pool)$/.test(importSource)) {
    if (isNew && (callee === 'Pool' || callee === 'Client')) return { kind: 'sql', label: `new ${callee}()`, pooled: true };
  }
  if (/^mysql2?(?:\/promise)?$/.test(importSource)) {
    if (callee === 'createPool' || callee === 'createConnection' || callee === 'createPoolCluster') {
      return { kind: 'sql', label: `${callee}()`, pooled: true };
    }
  }
  if (importSource === 'redis' || importSource === '@redis/client') {
    if (callee === 'createClient' || callee === 'createCluster') return { kind: 'redis', label: `${callee}()`, pooled: true };
  }
  if (importSource === 'ioredis') {
    if (isNew && (callee === 'Redis' || callee === 'Cluster' || callee === 'IORedis' || callee === 'default')) {
      return { kind: 'redis', label: `new ${callee === 'default' ? 'Redis' : callee}()`, pooled: true };
    }
  }
  // Upstash and Vercel KV talk HTTP: a client per request costs little, but it is still a client.
  if (/^@upstash\/redis/.test(importSource) || importSource === '@vercel/kv') {
    if ((isNew && callee === 'Redis') || callee === 'fromEnv' || callee === 'createClient') {
      return { kind: 'redis', label: isNew ? 'new Redis()' : `${callee}()`, pooled: false };
    }
  }
  if (importSource === 'postgres' && !isNew) return { kind: 'sql', label: 'postgres()', pooled: true };
  if (importSource === 'knex' && (callee === 'knex' || callee === 'Knex' || callee === 'default')) {
    return { kind: 'sql', label: 'knex()', pooled: true };
  }
  if (importSource === 'sequelize' && isNew && callee === 'Sequelize') return { kind: 'sql', label: 'new Sequelize()', pooled: true };
  if (/^drizzle-orm\//.test(importSource) && callee === 'drizzle') return { kind: 'sql', label: 'drizzle()', pooled: false };
  if (importSource === '@neondatabase/serverless') {
    if (isNew && (callee === 'Pool' || callee === 'Client')) return { kind: 'sql', label: `new ${callee}()`, pooled: true };
    if (callee === 'neon') return { kind: 'sql', label: 'neon()', pooled: false };
  }
  if (importSource === '@vercel/postgres' && (callee === 'createPool' || callee === 'createClient')) {
    return { kind: 'sql', label: `${callee}()`, pooled: true };
  }
  if (importSource === 'typeorm' && isNew && callee === 'DataSource') return { kind: 'sql', label: 'new DataSource()', pooled: true };
  return undefined;
}

/** Kind suggested by a name alone, or undefined when the name says nothing. */
export function clientKindFromName(name: string, settings: BackendSettings): ClientKind | undefined {
  if (settings.clientNames.has(name)) return 'db';
  if (name === 'prisma' || name === 'prismaClient' || name === 'tx') return 'prisma';
  if (DEFAULT_CLIENT_NAMES.has(name)) return name === 'trx' ? 'sql' : 'db';
  if (PRISMA_NAME.test(name)) return name.startsWith('prisma') ? 'prisma' : 'db';
  if (REDIS_NAME.test(name)) return 'redis';
  if (SQL_NAME.test(name)) return 'sql';
  return undefined;
}

export interface ImportInfo {
  source: string;
  /** `default`, `*`, or the exported name. */
  imported: string;
}

/** Resolves what binding an identifier refers to and whether it is a client. Memoised per file. */
export class ClientResolver {
  private readonly variableCache = new Map<TSESLint.Scope.Variable, ClientInfo | null>();
  private readonly nodeCache = new WeakMap<TSESTree.Node, ClientInfo | null>();
  private readonly resolving = new Set<TSESLint.Scope.Variable>();
  private typeOracle: TypeOracle | null | undefined;

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly settings: BackendSettings,
  ) {}

  /** Type information, when the file is linted with it (typescript-eslint `projectService`/`project`); created once per file. */
  get types(): TypeOracle | undefined {
    if (this.typeOracle === undefined) this.typeOracle = TypeOracle.create(this.sourceCode) ?? null;
    return this.typeOracle ?? undefined;
  }

  /** With type information: the expression's type is a Prisma model delegate (`findMany`, `findUnique`, `create`). */
  isTypedDelegate(expression: TSESTree.Node): boolean {
    return this.types?.isDelegate(skipAwaitAndWrappers(expression)) ?? false;
  }

  findVariable(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    try {
      return ASTUtils.findVariable(this.sourceCode.getScope(identifier), identifier);
    } catch {
      return null;
    }
  }

  /** The function declared in this file that an identifier names: `function f() {}` or `const f = () => {}`. */
  functionOf(identifier: TSESTree.Identifier): FunctionNode | undefined {
    const def = this.findVariable(identifier)?.defs[0];
    if (!def) return undefined;
    if (def.type === 'FunctionName' && isFunctionNode(def.node as TSESTree.Node)) return def.node as FunctionNode;
    if (def.type === 'Variable') {
      const init = (def.node as TSESTree.VariableDeclarator).init;
      const value = init ? skipTypeWrappers(init) : undefined;
      return value && isFunctionNode(value) ? value : undefined;
    }
    return undefined;
  }

  /** An object literal, written in place or held in a `const` declared once in scope. */
  constObjectOf(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined {
    if (!node || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const value = skipTypeWrappers(node);
    if (value.type === AST_NODE_TYPES.ObjectExpression) return value;
    if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.findVariable(value);
    const def = variable?.defs[0];
    if (!variable || def?.type !== 'Variable' || variable.defs.length !== 1) return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.id !== def.name || !declarator.init || (declarator.parent as TSESTree.VariableDeclaration).kind !== 'const') return undefined;
    const init = skipTypeWrappers(declarator.init);
    return init.type === AST_NODE_TYPES.ObjectExpression ? init : undefined;
  }

  /** Where an identifier was imported from, following no aliases. */
  getImport(identifier: TSESTree.Identifier): ImportInfo | undefined {
    const variable = this.findVariable(identifier);
    const def = variable?.defs[0];
    if (!def || def.type !== 'ImportBinding') return undefined;
    return importInfoOf(def.node as TSESTree.Node, def.parent as TSESTree.Node | null);
  }

  /** CommonJS: `const { Pool } = require('pg')` → Pool from 'pg'; `const pg = require('pg')` → '*'. */
  private getRequire(identifier: TSESTree.Identifier): ImportInfo | undefined {
    const def = this.findVariable(identifier)?.defs[0];
    if (def?.type !== 'Variable') return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    const init = declarator.init && skipTypeWrappers(declarator.init);
    if (init?.type !== AST_NODE_TYPES.CallExpression || init.arguments.length !== 1) return undefined;
    const callee = skipTypeWrappers(init.callee);
    const source = init.arguments[0] && getStaticString(init.arguments[0]);
    if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require' || source === undefined) return undefined;
    if (declarator.id.type === AST_NODE_TYPES.Identifier) return { source, imported: '*' };
    const key = destructuredKey(def.name);
    return key ? { source, imported: key } : undefined;
  }

  /** Is the expression a client? Looks through `await`, casts, `.$extends()` and `$replica()`. */
  classify(expression: TSESTree.Node): ClientInfo | undefined {
    const node = skipAwaitAndWrappers(expression);
    const cached = this.nodeCache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.classifyWithTypes(node) ?? null;
    this.nodeCache.set(node, result);
    return result ?? undefined;
  }

  /**
   * With type information the type decides: a Prisma client type makes a client whatever the
   * name, a type that is plainly something else (a Map, an array, a string) is none whatever the
   * name. A type that says nothing (any, an unknown class) leaves it to provenance and names.
   */
  private classifyWithTypes(node: TSESTree.Node): ClientInfo | undefined {
    const untyped = this.classifyUncached(node);
    const types = this.types;
    if (!types) return untyped;
    const verdict = types.clientVerdict(node);
    if (!verdict) return untyped;
    if (verdict.kind === 'none') return undefined;
    if (untyped?.kind === 'prisma') return untyped;
    if (untyped?.kind === 'db') return { ...untyped, kind: 'prisma' };
    return { kind: 'prisma', reason: `typed as ${verdict.typeName}`, isTransactionClient: verdict.transaction };
  }

  private classifyUncached(node: TSESTree.Node): ClientInfo | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return this.classifyIdentifier(node);
      case AST_NODE_TYPES.MemberExpression:
        return this.classifyMember(node);
      case AST_NODE_TYPES.CallExpression: {
        // prisma.$extends(...), prisma.$replica(), getPrisma()
        const callee = skipTypeWrappers(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const name = getPropertyName(callee);
          if (name === '$extends' || name === '$replica' || name === '$primary' || name === 'withExtensions') {
            return this.classify(callee.object);
          }
          // const client = await pool.connect()
          if (name === 'connect' || name === 'getConnection') {
            const pool = this.classify(callee.object);
            if (pool?.kind === 'sql') return { kind: 'sql', reason: `a connection checked out of ${pool.reason.replace(/^created with /, '')}`, isTransactionClient: false };
          }
        }
        const factory = this.factoryOf(node);
        return factory ? { kind: factory.kind, reason: `created with ${factory.label}`, isTransactionClient: false } : undefined;
      }
      case AST_NODE_TYPES.NewExpression: {
        const factory = this.factoryOf(node);
        return factory ? { kind: factory.kind, reason: `created with ${factory.label}`, isTransactionClient: false } : undefined;
      }
      case AST_NODE_TYPES.LogicalExpression:
        // globalForPrisma.prisma ?? new PrismaClient()
        return this.classify(node.right) ?? this.classify(node.left);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.classify(node.consequent) ?? this.classify(node.alternate);
      default:
        return undefined;
    }
  }

  /** The factory a `new X()` or `x()` call stands for, when it creates a client. */
  factoryOf(node: TSESTree.NewExpression | TSESTree.CallExpression): ClientFactory | undefined {
    const callee = skipTypeWrappers(node.callee);
    const isNew = node.type === AST_NODE_TYPES.NewExpression;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const imported = this.getImport(callee) ?? this.getRequire(callee);
      const name = imported && imported.imported !== '*' ? imported.imported : callee.name;
      return classifyFactory(name === 'default' ? callee.name : name, imported?.source, isNew) ??
        (imported?.imported === 'default' ? classifyFactory('default', imported.source, isNew) : undefined);
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      // pg.Pool, mysql.createPool, Redis.fromEnv
      const property = getPropertyName(callee);
      const object = skipTypeWrappers(callee.object);
      if (property && object.type === AST_NODE_TYPES.Identifier) {
        const imported = this.getImport(object) ?? this.getRequire(object);
        return classifyFactory(property, imported?.source, isNew);
      }
    }
    return undefined;
  }

  private classifyIdentifier(identifier: TSESTree.Identifier): ClientInfo | undefined {
    const variable = this.findVariable(identifier);
    if (!variable) {
      // An undeclared global (common in snippets and tests): the name decides.
      const kind = clientKindFromName(identifier.name, this.settings);
      return kind ? { kind, reason: `named \`${identifier.name}\``, isTransactionClient: false } : undefined;
    }
    return this.classifyVariable(variable);
  }

  classifyVariable(variable: TSESLint.Scope.Variable): ClientInfo | undefined {
    const cached = this.variableCache.get(variable);
    if (cached !== undefined) return cached ?? undefined;
    if (this.resolving.has(variable)) return undefined; // alias cycle
    this.resolving.add(variable);
    let result: ClientInfo | undefined;
    try {
      result = this.classifyVariableUncached(variable);
    } finally {
      this.resolving.delete(variable);
    }
    this.variableCache.set(variable, result ?? null);
    return result;
  }

  private classifyVariableUncached(variable: TSESLint.Scope.Variable): ClientInfo | undefined {
    const def = variable.defs[0];
    const name = variable.name;
    const byName = clientKindFromName(name, this.settings);
    if (!def) return byName ? { kind: byName, reason: `named \`${name}\``, isTransactionClient: false } : undefined;

    switch (def.type) {
      case 'ImportBinding': {
        const info = importInfoOf(def.node as TSESTree.Node, def.parent as TSESTree.Node | null);
        if (!info) return undefined;
        if (info.source === '@prisma/client' || /\/generated\/prisma|\.prisma\/client/.test(info.source)) {
          // `Prisma`, `PrismaClient` and the model types live here, never an instance.
          return undefined;
        }
        if (REDIS_PACKAGES.test(info.source)) {
          if (info.imported === 'kv' || info.imported === 'redis') {
            return { kind: 'redis', reason: `imported from '${info.source}'`, isTransactionClient: false };
          }
          return undefined;
        }
        if (info.source === '@vercel/postgres' && (info.imported === 'sql' || info.imported === 'db')) {
          return { kind: 'sql', reason: `imported from '${info.source}'`, isTransactionClient: false };
        }
        if (SQL_PACKAGES.test(info.source)) return undefined; // classes and helpers, not instances
        const importedKind = info.imported === 'default' || info.imported === '*' ? undefined : clientKindFromName(info.imported, this.settings);
        const kind = byName ?? importedKind;
        if (kind) return { kind, reason: `imported from '${info.source}'`, isTransactionClient: false };
        if (info.imported === 'default' && DB_MODULE.test(info.source)) {
          return { kind: 'db', reason: `default export of '${info.source}'`, isTransactionClient: false };
        }
        return undefined;
      }
      case 'Variable': {
        const declarator = def.node as TSESTree.VariableDeclarator;
        if (declarator.id.type === AST_NODE_TYPES.Identifier) {
          if (!declarator.init) {
            return this.classifyAssignedLater(variable) ?? (byName ? { kind: byName, reason: `named \`${name}\``, isTransactionClient: false } : undefined);
          }
          const init = skipAwaitAndWrappers(declarator.init);
          const fromInit = this.classify(init) ?? this.classifyCreatedIn(init);
          if (fromInit) return fromInit;
          if (isPlainlyNotAClient(init) || this.isForeignInstance(init)) return undefined;
          return byName ? { kind: byName, reason: `named \`${name}\``, isTransactionClient: false } : undefined;
        }
        // const { db } = ctx; const { prisma: client } = await import(...)
        const key = destructuredKey(def.name);
        const keyKind = key ? clientKindFromName(key, this.settings) : undefined;
        const kind = byName ?? keyKind;
        return kind ? { kind, reason: `destructured as \`${key ?? name}\``, isTransactionClient: false } : undefined;
      }
      case 'Parameter':
        return this.classifyParameter(def.name as TSESTree.Identifier, def.node as TSESTree.Node, byName);
      default:
        return undefined;
    }
  }

  /**
   * `new Dexie('drafts')`, or `new DraftsDb()` where `class DraftsDb extends Dexie`: an instance of a
   * class from a package that is no database client, so a name like `db` does not make it one.
   */
  private isForeignInstance(init: TSESTree.Node): boolean {
    if (init.type !== AST_NODE_TYPES.NewExpression) return false;
    const callee = skipTypeWrappers(init.callee);
    return callee.type === AST_NODE_TYPES.Identifier && this.isForeignClass(callee, 0);
  }

  private isForeignClass(identifier: TSESTree.Identifier, depth: number): boolean {
    if (depth > 3) return false;
    const imported = this.getImport(identifier);
    if (imported) return isForeignPackage(imported.source);
    const def = this.findVariable(identifier)?.defs[0];
    if (def?.type !== 'ClassName') return false;
    const superClass = (def.node as TSESTree.ClassDeclaration).superClass;
    const parent = superClass ? skipTypeWrappers(superClass) : undefined;
    return parent?.type === AST_NODE_TYPES.Identifier && this.isForeignClass(parent, depth + 1);
  }

  /** `let prisma; if (...) prisma = new PrismaClient()`. */
  private classifyAssignedLater(variable: TSESLint.Scope.Variable): ClientInfo | undefined {
    for (const reference of variable.references) {
      if (!reference.isWrite() || !reference.writeExpr) continue;
      const info = this.classify(reference.writeExpr) ?? this.classifyCreatedIn(reference.writeExpr);
      if (info) return info;
    }
    return undefined;
  }

  /** `remember('prisma', () => new PrismaClient())`, `cache(() => new Pool())`: a client made inside a wrapper. */
  private classifyCreatedIn(init: TSESTree.Node): ClientInfo | undefined {
    if (init.type !== AST_NODE_TYPES.CallExpression) return undefined;
    for (const argument of init.arguments) {
      if (!isFunctionNode(argument)) continue;
      const body = argument.body;
      if (body.type !== AST_NODE_TYPES.BlockStatement) {
        const info = this.classify(body);
        if (info) return info;
      } else {
        for (const statement of body.body) {
          if (statement.type === AST_NODE_TYPES.ReturnStatement && statement.argument) {
            const info = this.classify(statement.argument);
            if (info) return info;
          }
        }
      }
    }
    return undefined;
  }

  private classifyParameter(
    identifier: TSESTree.Identifier,
    fn: TSESTree.Node,
    byName: ClientKind | undefined,
  ): ClientInfo | undefined {
    // The first parameter of prisma.$transaction(async (tx) => ...).
    if (isFunctionNode(fn) && fn.params[0] === identifier && fn.parent?.type === AST_NODE_TYPES.CallExpression) {
      const call = fn.parent;
      const callee = skipTypeWrappers(call.callee);
      if (
        call.arguments[0] === fn &&
        callee.type === AST_NODE_TYPES.MemberExpression &&
        getPropertyName(callee) === '$transaction' &&
        this.classify(callee.object)
      ) {
        return { kind: 'prisma', reason: 'the client of this `$transaction` callback', isTransactionClient: true, transactionCallback: fn };
      }
      // knex.transaction(async (trx) => ...), sequelize.transaction(async (t) => ...)
      if (call.arguments[0] === fn && callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'transaction') {
        const outer = this.classify(callee.object);
        if (outer && outer.kind !== 'redis') {
          return { kind: outer.kind, reason: 'the client of this transaction callback', isTransactionClient: true, transactionCallback: fn };
        }
      }
    }
    const annotation = identifier.typeAnnotation?.typeAnnotation;
    if (annotation && typeMentionsPrismaClient(annotation)) {
      return { kind: 'prisma', reason: 'typed as a Prisma client', isTransactionClient: /Transaction|Tx/.test(typeText(annotation)) };
    }
    if (identifier.parent?.type === AST_NODE_TYPES.Property) {
      // ({ ctx: { db } }) or ({ prisma })
      const key = destructuredKey(identifier);
      const kind = byName ?? (key ? clientKindFromName(key, this.settings) : undefined);
      return kind ? { kind, reason: `destructured as \`${key ?? identifier.name}\``, isTransactionClient: false } : undefined;
    }
    return byName ? { kind: byName, reason: `a parameter named \`${identifier.name}\``, isTransactionClient: false } : undefined;
  }

  private classifyMember(node: TSESTree.MemberExpression): ClientInfo | undefined {
    const name = getPropertyName(node);
    if (name === undefined) return undefined;
    const object = skipTypeWrappers(node.object);
    // this.prisma in a class: the field's initialiser or type decides before the name does.
    if (object.type === AST_NODE_TYPES.ThisExpression) {
      const field = findClassField(node, name);
      if (field) {
        if (field.value) {
          const info = this.classify(field.value);
          if (info) return info;
          if (isPlainlyNotAClient(skipAwaitAndWrappers(field.value))) return undefined;
        }
        if (field.type && typeMentionsPrismaClient(field.type)) {
          return { kind: 'prisma', reason: `this.${name} is typed as a Prisma client`, isTransactionClient: false };
        }
      }
    }
    // prisma.client (a wrapper exposing the client)
    if (name === 'client' && this.classify(object)) return this.classify(object);
    const kind = clientKindFromName(name, this.settings);
    return kind ? { kind, reason: `the \`${name}\` member`, isTransactionClient: false } : undefined;
  }
}

function importInfoOf(specifier: TSESTree.Node, declaration: TSESTree.Node | null): ImportInfo | undefined {
  if (!declaration || declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const source = declaration.source.value;
  switch (specifier.type) {
    case AST_NODE_TYPES.ImportDefaultSpecifier:
      return { source, imported: 'default' };
    case AST_NODE_TYPES.ImportNamespaceSpecifier:
      return { source, imported: '*' };
    case AST_NODE_TYPES.ImportSpecifier:
      return {
        source,
        imported: specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value),
      };
    default:
      return undefined;
  }
}

/** For `{ db }` or `{ prisma: client }` patterns, the key the value was taken from. */
function destructuredKey(identifier: TSESTree.Node): string | undefined {
  let node = identifier;
  if (node.parent?.type === AST_NODE_TYPES.AssignmentPattern) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === node) return getKeyName(parent);
  return undefined;
}

/** A third-party package that is no database or Redis client library (`dexie`, `lowdb`); the app's own modules never are. */
function isForeignPackage(source: string): boolean {
  if (/^(?:[.~#/]|@\/)/.test(source)) return false;
  return !(/prisma/i.test(source) || SQL_PACKAGES.test(source) || REDIS_PACKAGES.test(source) || DB_MODULE.test(source));
}

/** Initialisers that can never be a client, so no name can make them one. */
function isPlainlyNotAClient(init: TSESTree.Node): boolean {
  switch (init.type) {
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.UnaryExpression:
      return true;
    case AST_NODE_TYPES.NewExpression: {
      const name = getCalleeName(init);
      return name !== undefined && /^(?:Map|Set|WeakMap|WeakSet|Array|Object|URL|URLSearchParams|Date|Headers|FormData|Response|Request|Error|LRUCache|LRU|EventEmitter)$/.test(name);
    }
    default:
      return false;
  }
}

function typeText(node: TSESTree.Node): string {
  switch (node.type) {
    case AST_NODE_TYPES.TSTypeReference:
      return entityName(node.typeName);
    case AST_NODE_TYPES.TSTypeQuery:
      return node.exprName.type === AST_NODE_TYPES.TSImportType ? '' : `typeof ${entityName(node.exprName)}`;
    case AST_NODE_TYPES.TSUnionType:
    case AST_NODE_TYPES.TSIntersectionType:
      return node.types.map(typeText).join('|');
    default:
      return '';
  }
}

function entityName(node: TSESTree.EntityName): string {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.ThisExpression) return 'this';
  return `${entityName(node.left)}.${node.right.name}`;
}

function typeMentionsPrismaClient(node: TSESTree.TypeNode): boolean {
  const text = typeText(node);
  return PRISMA_TYPE.test(text) || /^typeof (?:prisma|db)$/.test(text);
}

interface ClassField {
  value: TSESTree.Node | null;
  type: TSESTree.TypeNode | undefined;
}

/** The declaration of `this.<name>` in the enclosing class: a field, or a constructor parameter property. */
function findClassField(node: TSESTree.Node, name: string): ClassField | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== AST_NODE_TYPES.ClassBody) {
    // Arrow functions keep `this`; regular functions outside a class body rebind it.
    current = current.parent;
  }
  if (!current) return undefined;
  for (const member of current.body) {
    if (member.type === AST_NODE_TYPES.PropertyDefinition && getKeyName(member) === name) {
      return { value: member.value, type: member.typeAnnotation?.typeAnnotation };
    }
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
      for (const param of member.value.params) {
        if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
        const inner = param.parameter;
        const id = inner.type === AST_NODE_TYPES.AssignmentPattern ? inner.left : inner;
        if (id.type === AST_NODE_TYPES.Identifier && id.name === name) {
          return { value: null, type: id.typeAnnotation?.typeAnnotation };
        }
      }
    }
  }
  return undefined;
}
