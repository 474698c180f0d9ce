// Answers "is this call a database or Redis call?" for Prisma delegates and raw queries,
// SQL drivers and Redis commands. Receivers must be clients (see clients.ts): a method name
// alone never makes a DB call, so `map.delete(k)`, `set.add(x)` and `app.delete('/x')` are not.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { getMemberPath, getPropertyName, getStaticString, skipTypeWrappers } from './ast.js';
import type { ClientInfo, ClientResolver } from './clients.js';

export type DbLibrary = 'prisma' | 'sql' | 'redis';
export type DbAccess = 'read' | 'write' | 'raw' | 'command';

export interface DbCall {
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  library: DbLibrary;
  client: ClientInfo;
  /** Source text of the client expression as written: `prisma`, `ctx.db`, `this.prisma`. */
  clientText: string;
  /** Prisma model delegate (`post` in `prisma.post.findMany`), or the drizzle table. */
  model: string | undefined;
  method: string;
  access: DbAccess;
  /** `prisma.post.findMany`, `pool.query`, `redis.get`: how messages name the call. */
  label: string;
}

export const PRISMA_READ_METHODS: ReadonlySet<string> = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);
/**
 * Methods whose `where` is a filter over many rows. findUnique(OrThrow), update, upsert and
 * delete take a unique key instead: indexed by definition.
 */
export const PRISMA_FILTER_METHODS: ReadonlySet<string> = new Set([
  ...[...PRISMA_READ_METHODS].filter((method) => !method.startsWith('findUnique')),
  'updateMany',
  'updateManyAndReturn',
  'deleteMany',
]);
export const PRISMA_WRITE_METHODS: ReadonlySet<string> = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
]);
export const PRISMA_RAW_METHODS: ReadonlySet<string> = new Set([
  '$queryRaw',
  '$queryRawUnsafe',
  '$executeRaw',
  '$executeRawUnsafe',
  '$queryRawTyped',
  '$runCommandRaw',
]);
const SQL_METHODS: ReadonlySet<string> = new Set(['query', 'execute', 'raw', 'sql']);
const DRIZZLE_RELATIONAL_METHODS: ReadonlySet<string> = new Set(['findMany', 'findFirst']);

// node-redis v4 spells commands in camelCase (hGetAll), ioredis in lower case: compare lowercased.
const REDIS_READ_COMMANDS = new Set([
  'get', 'mget', 'getex', 'getdel', 'exists', 'ttl', 'pttl', 'type', 'strlen', 'getrange',
  'hget', 'hmget', 'hgetall', 'hexists', 'hkeys', 'hvals', 'hlen', 'hscan',
  'lrange', 'llen', 'lindex', 'smembers', 'sismember', 'smismember', 'scard', 'srandmember', 'sscan',
  'zrange', 'zrangebyscore', 'zrevrange', 'zrevrangebyscore', 'zscore', 'zrank', 'zrevrank', 'zcard', 'zcount', 'zscan',
  'keys', 'scan', 'pfcount', 'xrange', 'xread', 'xlen', 'geosearch', 'georadius',
]);
const REDIS_WRITE_COMMANDS = new Set([
  'set', 'setex', 'psetex', 'setnx', 'mset', 'msetnx', 'append', 'del', 'unlink', 'expire', 'pexpire', 'expireat', 'persist',
  'incr', 'incrby', 'incrbyfloat', 'decr', 'decrby', 'hset', 'hmset', 'hsetnx', 'hdel', 'hincrby', 'hincrbyfloat',
  'lpush', 'rpush', 'lpop', 'rpop', 'lrem', 'lset', 'ltrim', 'sadd', 'srem', 'spop', 'zadd', 'zrem', 'zincrby',
  'zremrangebyscore', 'zremrangebyrank', 'pfadd', 'xadd', 'xtrim', 'geoadd', 'publish', 'flushall', 'flushdb', 'rename',
  'eval', 'evalsha', 'getset',
]);

export function redisAccess(method: string): DbAccess | undefined {
  const lower = method.toLowerCase();
  if (REDIS_READ_COMMANDS.has(lower)) return 'read';
  if (REDIS_WRITE_COMMANDS.has(lower)) return 'write';
  return undefined;
}

function prismaAccess(method: string): DbAccess | undefined {
  if (PRISMA_READ_METHODS.has(method)) return 'read';
  if (PRISMA_WRITE_METHODS.has(method)) return 'write';
  return undefined;
}

/** Hook for schema-aware analysis: when a schema is known, only its models are delegates. */
export interface ModelOracle {
  /** true/false when the schema knows; undefined when there is no schema. */
  isModel(delegate: string): boolean | undefined;
}

export function classifyDbCall(
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression,
  resolver: ClientResolver,
  getText: (node: TSESTree.Node) => string,
  models?: ModelOracle,
): DbCall | undefined {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    // prisma.$queryRaw`select ...`
    const tag = skipTypeWrappers(node.tag);
    if (tag.type === AST_NODE_TYPES.MemberExpression) {
      const method = getPropertyName(tag);
      if (method === undefined || !PRISMA_RAW_METHODS.has(method)) return undefined;
      const client = resolver.classify(tag.object);
      if (!client || (client.kind !== 'prisma' && client.kind !== 'db')) return undefined;
      const clientText = getMemberPath(tag.object) ?? getText(tag.object);
      return { node, library: 'prisma', client, clientText, model: undefined, method, access: 'raw', label: `${clientText}.${method}` };
    }
    // postgres.js / @vercel/postgres: sql`select ...`
    const client = resolver.classify(node.tag);
    if (client?.kind !== 'sql') return undefined;
    const clientText = getText(node.tag);
    return { node, library: 'sql', client, clientText, model: undefined, method: 'sql', access: 'raw', label: `${clientText}\`…\`` };
  }

  const callee = skipTypeWrappers(node.callee);

  // knex('users').where(...): a builder started by calling the client itself.
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const first = node.arguments[0];
    if (!first || getStaticString(first) === undefined) return undefined;
    const client = resolver.classify(callee);
    if (!client || (client.kind !== 'sql' && client.kind !== 'db')) return undefined;
    // A Prisma client is never callable; a name-only `db('users')` is knex by convention.
    if (client.reason.startsWith('created with new PrismaClient')) return undefined;
    return { node, library: 'sql', client, clientText: callee.name, model: getStaticString(first), method: callee.name, access: 'raw', label: `${callee.name}('${getStaticString(first)}')` };
  }

  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  if (method === undefined) return undefined;
  const receiver = skipTypeWrappers(callee.object);

  // <client>.$queryRaw`...`, <client>.$executeRawUnsafe(...)
  if (PRISMA_RAW_METHODS.has(method)) {
    const client = resolver.classify(receiver);
    if (!client || (client.kind !== 'prisma' && client.kind !== 'db')) return undefined;
    const clientText = getText(receiver);
    return { node, library: 'prisma', client, clientText, model: undefined, method, access: 'raw', label: `${clientText}.${method}` };
  }

  // <client>.<model>.<method>(...)
  const access = prismaAccess(method);
  if (access && receiver.type === AST_NODE_TYPES.MemberExpression) {
    const model = getPropertyName(receiver);
    if (model !== undefined && !model.startsWith('$')) {
      const clientNode = skipTypeWrappers(receiver.object);
      // drizzle's relational API: db.query.users.findMany()
      if (clientNode.type === AST_NODE_TYPES.MemberExpression && getPropertyName(clientNode) === 'query' && DRIZZLE_RELATIONAL_METHODS.has(method)) {
        const client = resolver.classify(clientNode.object);
        if (client && client.kind !== 'redis' && client.kind !== 'prisma') {
          const clientText = getText(clientNode.object);
          return { node, library: 'sql', client, clientText, model, method, access, label: `${clientText}.query.${model}.${method}` };
        }
      }
      const knownModel = models?.isModel(model);
      if (knownModel === false) return undefined;
      // Prisma delegates are lowerCamelCase (`prisma.user`); `db.User.update()` is a Sequelize model.
      if (knownModel === undefined && /^[A-Z]/.test(model)) return undefined;
      // With type information: `db.user` typed as a Map, an array, a string... is no delegate, whatever `db` is called.
      if (resolver.types?.clientVerdict(receiver)?.kind === 'none') return undefined;
      // With type information, a receiver typed as a model delegate makes the call whatever the client is called.
      const client = resolver.classify(clientNode) ?? typedDelegateClient(receiver, resolver);
      if (client && client.kind !== 'redis' && client.kind !== 'sql') {
        const clientText = getMemberPath(clientNode) ?? getText(clientNode);
        return { node, library: 'prisma', client, clientText, model, method, access, label: `${clientText}.${model}.${method}` };
      }
    }
  }

  // Delegate alias: const users = prisma.user; users.findMany()
  if (access && receiver.type === AST_NODE_TYPES.Identifier) {
    const delegate = resolveDelegateAlias(receiver, resolver);
    if (delegate) {
      return { node, library: 'prisma', client: delegate.client, clientText: delegate.clientText, model: delegate.model, method, access, label: `${receiver.name}.${method}` };
    }
    // function f(users: Prisma.UserDelegate) { users.findMany() }
    const typed = typedDelegateClient(receiver, resolver);
    if (typed) return { node, library: 'prisma', client: typed, clientText: receiver.name, model: undefined, method, access, label: `${receiver.name}.${method}` };
  }

  // pool.query(...), connection.execute(...), knex.raw(...), sequelize.query(...)
  if (SQL_METHODS.has(method)) {
    const client = resolver.classify(receiver);
    if (client && (client.kind === 'sql' || (client.kind === 'db' && method !== 'sql'))) {
      const clientText = getText(receiver);
      return { node, library: 'sql', client, clientText, model: undefined, method, access: 'raw', label: `${clientText}.${method}` };
    }
    return undefined;
  }

  // redis.get(...), this.redis.hset(...)
  const redisCommand = redisAccess(method);
  if (redisCommand) {
    const client = resolver.classify(receiver);
    if (client?.kind === 'redis') {
      const clientText = getMemberPath(receiver) ?? getText(receiver);
      return { node, library: 'redis', client, clientText, model: undefined, method, access: redisCommand, label: `${clientText}.${method}` };
    }
  }
  return undefined;
}

/** With type information only: a receiver whose type is a Prisma model delegate. */
function typedDelegateClient(receiver: TSESTree.Node, resolver: ClientResolver): ClientInfo | undefined {
  if (!resolver.types || !resolver.isTypedDelegate(receiver)) return undefined;
  return { kind: 'prisma', reason: 'typed as a Prisma model delegate', isTransactionClient: false };
}

function resolveDelegateAlias(
  identifier: TSESTree.Identifier,
  resolver: ClientResolver,
): { client: ClientInfo; clientText: string; model: string } | undefined {
  const variable = resolver.findVariable(identifier);
  const def = variable?.defs[0];
  if (!def || def.type !== 'Variable') return undefined;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  const init = skipTypeWrappers(declarator.init);
  if (init.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const model = getPropertyName(init);
  if (model === undefined || model.startsWith('$')) return undefined;
  const client = resolver.classify(init.object);
  if (!client || client.kind === 'redis' || client.kind === 'sql') return undefined;
  return { client, clientText: getMemberPath(init.object) ?? 'client', model };
}

/** A `$transaction(...)` call: interactive (callback) or batch (array). */
export interface TransactionCall {
  node: TSESTree.CallExpression;
  client: ClientInfo;
  clientText: string;
  callback: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | undefined;
}

export function classifyTransactionCall(
  node: TSESTree.CallExpression,
  resolver: ClientResolver,
  getText: (node: TSESTree.Node) => string,
): TransactionCall | undefined {
  const callee = skipTypeWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== '$transaction') return undefined;
  const client = resolver.classify(callee.object);
  if (!client) return undefined;
  const first = node.arguments[0];
  const callback =
    first && (first.type === AST_NODE_TYPES.ArrowFunctionExpression || first.type === AST_NODE_TYPES.FunctionExpression) ? first : undefined;
  return { node, client, clientText: getText(callee.object), callback };
}
