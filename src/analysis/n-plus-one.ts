// Answers "does this query run once per element of something (N+1)?", with the exemptions a
// reviewer grants: pagination loops, chunked `in` batches, retry and first-match loops,
// Prisma's batched findUnique, queries collected for `$transaction([...])`, literal lists.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { contains, findProperty, getCalleeMember, getKeyName, getMemberPath, getPropertyName, isFunctionNode, isLoopNode, skipTypeWrappers, type FunctionNode } from './ast.js';
import type { Iteration } from './iteration.js';
import type { BackendModel, LocatedDbCall } from './model.js';

export interface PerIterationQuery {
  /** The DB call, or the call of a local function that reaches one. */
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  iteration: Iteration;
  query: LocatedDbCall;
  /** Set when the query is reached through a function of this file. */
  via: FunctionNode | undefined;
  viaName: string | undefined;
}

const PAGINATION_KEYS = new Set(['cursor', 'skip', 'offset', 'after', 'before', 'page', 'pageToken', 'startAfter']);
const KEYSET_KEYS = new Set(['gt', 'gte', 'lt', 'lte']);
const CHUNK_NAME = /chunk|batch|page|slice/i;
const RETRY_NAME = /attempt|retry|retries|tries|try/i;
const PROMISE_COMBINATORS = new Set(['all', 'allSettled']);

export function findPerIterationQueries(model: BackendModel): PerIterationQuery[] {
  const found: PerIterationQuery[] = [];
  for (const query of model.dbCalls) {
    const iteration = model.iterationOf(query.node);
    if (!iteration || isExempt(model, query.node, iteration, query)) continue;
    found.push({ node: query.node, iteration, query, via: undefined, viaName: undefined });
  }
  for (const call of model.calls) {
    if (model.getDbCall(call)) continue;
    const target = model.resolveLocalFunction(call);
    if (!target) continue;
    const query = model.queryReachableFrom(target);
    if (!query) continue;
    const iteration = model.iterationOf(call);
    if (!iteration || contains(target, call) || isExempt(model, call, iteration, undefined)) continue;
    const callee = skipTypeWrappers(call.callee);
    const viaName = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
    found.push({ node: call, iteration, query, via: target, viaName });
  }
  return found.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

function isExempt(
  model: BackendModel,
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression,
  iteration: Iteration,
  query: LocatedDbCall | undefined,
): boolean {
  const args = node.type === AST_NODE_TYPES.CallExpression ? node.arguments : [];
  return (
    iteratesLiteralList(iteration) ||
    isChunked(args, iteration) ||
    isPagination(node, args, iteration) ||
    exitsAfter(node, iteration) ||
    isRetryLoop(node, iteration) ||
    (query !== undefined && isBatchedFindUnique(node, iteration, query)) ||
    (query?.library === 'prisma' && isCollectedForTransaction(model, node, iteration))
  );
}

// ---------------------------------------------------------------- literal lists

function iteratesLiteralList(iteration: Iteration): boolean {
  if (iteration.kind === 'loop') {
    const loop = iteration.node;
    return (loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) && skipTypeWrappers(loop.right).type === AST_NODE_TYPES.ArrayExpression || (loop.type === AST_NODE_TYPES.ForInStatement && skipTypeWrappers(loop.right).type === AST_NODE_TYPES.ObjectExpression);
  }
  const member = getCalleeMember(iteration.node);
  return !!member && skipTypeWrappers(member.object).type === AST_NODE_TYPES.ArrayExpression;
}

// ---------------------------------------------------------------- chunking

/** `where: { id: { in: batch } }`, or a loop over chunks/batches. */
function isChunked(args: readonly TSESTree.Node[], iteration: Iteration): boolean {
  if (args.some((argument) => hasKey(argument, (key) => key === 'in' || key === 'hasSome' || key === 'hasEvery'))) return true;
  return iterationNames(iteration).some((name) => CHUNK_NAME.test(name));
}

/** The loop variable and collection names of an iteration. */
function iterationNames(iteration: Iteration): string[] {
  const names: string[] = [];
  if (iteration.kind === 'loop') {
    const loop = iteration.node;
    if (loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) {
      collectNames(loop.left, names);
      collectNames(loop.right, names);
    }
  } else {
    for (const param of iteration.callback.params) collectNames(param, names);
    const member = getCalleeMember(iteration.node);
    if (member) collectNames(member.object, names);
  }
  return names;
}

function collectNames(node: TSESTree.Node, out: string[]): void {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier) out.push(value.name);
  else if (value.type === AST_NODE_TYPES.VariableDeclaration) for (const d of value.declarations) collectNames(d.id, out);
  else if (value.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(value);
    if (name) out.push(name);
  } else if (value.type === AST_NODE_TYPES.CallExpression) {
    // chunk(ids, 100), _.chunk(...)
    const callee = skipTypeWrappers(value.callee);
    const path = getMemberPath(callee);
    if (path) out.push(path);
  }
}

/** Whether any object literal within `node` has a key matching `test`. */
function hasKey(node: TSESTree.Node, test: (key: string) => boolean, depth = 0): boolean {
  if (depth > 6) return false;
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
  for (const property of value.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = getKeyName(property);
    if (key !== undefined && test(key)) return true;
    if (hasKey(property.value, test, depth + 1)) return true;
  }
  return false;
}

// ---------------------------------------------------------------- pagination

function isPagination(node: TSESTree.Node, args: readonly TSESTree.Node[], iteration: Iteration): boolean {
  if (iteration.kind !== 'loop') return false;
  const loop = iteration.node;
  if (args.some((argument) => hasKey(argument, (key) => PAGINATION_KEYS.has(key)))) return true;
  // fetchPage(cursor), loadNext(offset)
  if (args.some((argument) => {
    const value = skipTypeWrappers(argument);
    return value.type === AST_NODE_TYPES.Identifier && /^(?:cursor|offset|page|pageToken|nextCursor|lastId|after|skip)$/i.test(value.name);
  })) return true;
  const isOpenLoop = loop.type === AST_NODE_TYPES.WhileStatement || loop.type === AST_NODE_TYPES.DoWhileStatement || (loop.type === AST_NODE_TYPES.ForStatement && !isIndexLoop(loop));
  if (!isOpenLoop) return false;
  if (args.some((argument) => hasKey(argument, (key) => KEYSET_KEYS.has(key)))) return true;
  // The loop ends on what the query returned: while (batch.length), if (!rows.length) break.
  const result = resultName(node);
  if (!result) return false;
  const pattern = new RegExp(`\\b(?:${result})\\b`);
  if ('test' in loop && loop.test && pattern.test(textOf(loop.test))) return true;
  return hasExitConditionOn(loop.body, pattern);
}

/** `for (let i = 0; i < xs.length; i++)`: a collection loop in disguise. */
function isIndexLoop(loop: TSESTree.ForStatement): boolean {
  return !!loop.test && /\.length\b|\.size\b/.test(textOf(loop.test));
}

/** The identifier names in an expression, space-separated: enough to ask "does this test read `rows`?". */
function textOf(node: TSESTree.Node): string {
  const parts: string[] = [];
  const visit = (n: TSESTree.Node): void => {
    if (n.type === AST_NODE_TYPES.Identifier) parts.push(n.name);
    forEachChild(n, visit);
  };
  visit(node);
  return parts.join(' ');
}

/** The variable a call's result is stored in: `const rows = await prisma.x.findMany()`. */
function resultName(node: TSESTree.Node): string | undefined {
  let current: TSESTree.Node = node;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.AwaitExpression || current.parent.type === AST_NODE_TYPES.TSAsExpression)) current = current.parent;
  const parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.Identifier) return parent.left.name;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.ObjectPattern) {
    const names: string[] = [];
    for (const property of parent.id.properties) if (property.type === AST_NODE_TYPES.Property) collectNames(property.value, names);
    return names.length ? names.join('|') : undefined;
  }
  return undefined;
}

function hasExitConditionOn(body: TSESTree.Node, pattern: RegExp): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || isFunctionNode(node) || isLoopNode(node)) return;
    if (node.type === AST_NODE_TYPES.IfStatement && pattern.test(textOf(node.test)) && containsExit(node.consequent)) {
      found = true;
      return;
    }
    forEachChild(node, visit);
  };
  visit(body);
  return found;
}

function containsExit(node: TSESTree.Node): boolean {
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found || isFunctionNode(n)) return;
    if (n.type === AST_NODE_TYPES.BreakStatement || n.type === AST_NODE_TYPES.ReturnStatement) {
      found = true;
      return;
    }
    if (isLoopNode(n)) return;
    forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function forEachChild(node: TSESTree.Node, visit: (child: TSESTree.Node) => void): void {
  for (const [name, value] of Object.entries(node)) {
    if (name === 'parent' || !value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && typeof item.type === 'string') visit(item as TSESTree.Node);
    } else if (typeof (value as TSESTree.Node).type === 'string') {
      visit(value as TSESTree.Node);
    }
  }
}

// ---------------------------------------------------------------- retry and first-match

/**
 * First-match and retry loops leave after the query: a `break`, or a `return` of something
 * other than an error response, after the call in the same loop body.
 */
function exitsAfter(node: TSESTree.Node, iteration: Iteration): boolean {
  if (iteration.kind === 'callback') {
    // xs.find(async ...) / xs.some(...) stop at the first match by design; a callback cannot break.
    return false;
  }
  const body = iteration.node.body;
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found || isFunctionNode(n)) return;
    if (n !== body && isLoopNode(n)) return; // exits of inner loops leave only those
    if (n.range[0] >= node.range[1]) {
      if (n.type === AST_NODE_TYPES.BreakStatement && !n.label) {
        found = true;
        return;
      }
      if (n.type === AST_NODE_TYPES.ReturnStatement && !isErrorResponse(n.argument)) {
        found = true;
        return;
      }
    }
    forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/** `NextResponse.json({ error }, { status: 404 })`, `res.status(400).json(...)`, `notFound()`. */
function isErrorResponse(node: TSESTree.Node | null | undefined): boolean {
  if (!node) return false;
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found || isFunctionNode(n)) return;
    if (n.type === AST_NODE_TYPES.Property) {
      const name = getKeyName(n);
      if (name === 'error' || name === 'errors') found = true;
      if (name === 'status' && n.value.type === AST_NODE_TYPES.Literal && typeof n.value.value === 'number' && n.value.value >= 400) found = true;
    }
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const member = getCalleeMember(n);
      const name = member ? getPropertyName(member) : n.callee.type === AST_NODE_TYPES.Identifier ? n.callee.name : undefined;
      if (name === 'status' || name === 'sendStatus') {
        const status = n.arguments[0];
        if (status?.type === AST_NODE_TYPES.Literal && typeof status.value === 'number' && status.value >= 400) found = true;
      }
      if (name === 'notFound' || name === 'badRequest' || name === 'unauthorized' || name === 'forbidden') found = true;
    }
    forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** `for (let attempt = 0; attempt < 3; attempt++) { try { ... } catch { await sleep() } }`. */
function isRetryLoop(node: TSESTree.Node, iteration: Iteration): boolean {
  if (iteration.kind !== 'loop') return false;
  const loop = iteration.node;
  const names: string[] = [];
  if (loop.type === AST_NODE_TYPES.ForStatement && loop.init) collectNames(loop.init, names);
  if ((loop.type === AST_NODE_TYPES.WhileStatement || loop.type === AST_NODE_TYPES.DoWhileStatement || loop.type === AST_NODE_TYPES.ForStatement) && loop.test) {
    names.push(...textOf(loop.test).split(' '));
  }
  if (!names.some((name) => RETRY_NAME.test(name))) return false;
  // The call sits in a try block of the loop.
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current !== loop) {
    if (current.type === AST_NODE_TYPES.TryStatement) return true;
    current = current.parent;
  }
  return false;
}

// ---------------------------------------------------------------- Prisma batching

/** Prisma batches findUnique calls started in the same tick: `Promise.all(ids.map(id => prisma.user.findUnique(...)))`. */
function isBatchedFindUnique(node: TSESTree.Node, iteration: Iteration, query: LocatedDbCall): boolean {
  if (query.library !== 'prisma' || query.method !== 'findUnique' || iteration.kind !== 'callback' || iteration.method !== 'map') return false;
  if (!flowsInto(iteration.node, (call) => {
    const member = getCalleeMember(call);
    return !!member && getMemberPath(member.object) === 'Promise' && PROMISE_COMBINATORS.has(getPropertyName(member) ?? '');
  })) return false;
  // No await before the call inside the callback: otherwise calls start in different ticks.
  let awaitedBefore = false;
  const visit = (n: TSESTree.Node): void => {
    if (awaitedBefore || (isFunctionNode(n) && n !== iteration.callback)) return;
    if (n.type === AST_NODE_TYPES.AwaitExpression && n.range[1] <= node.range[0]) {
      awaitedBefore = true;
      return;
    }
    forEachChild(n, visit);
  };
  visit(iteration.callback.body);
  return !awaitedBefore;
}

/** Whether a value (an array built by `.map`) is passed to a call matching `test`, directly or through a variable. */
function flowsInto(value: TSESTree.Node, test: (call: TSESTree.CallExpression) => boolean): boolean {
  let current: TSESTree.Node = value;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.TSAsExpression || current.parent.type === AST_NODE_TYPES.SpreadElement || current.parent.type === AST_NODE_TYPES.ArrayExpression)) {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) return test(parent);
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    const name = parent.id.name;
    // Look for a later call in the same block that receives the variable.
    const block = parent.parent?.parent;
    if (!block || !('body' in block) || !Array.isArray(block.body)) return false;
    let found = false;
    const visit = (n: TSESTree.Node): void => {
      if (found) return;
      if (n.type === AST_NODE_TYPES.CallExpression && test(n) && n.arguments.some((a) => {
        const arg = skipTypeWrappers(a.type === AST_NODE_TYPES.SpreadElement ? a.argument : a);
        return arg.type === AST_NODE_TYPES.Identifier && arg.name === name;
      })) {
        found = true;
        return;
      }
      forEachChild(n, visit);
    };
    for (const statement of block.body as TSESTree.Node[]) if (statement.range[0] > parent.range[1]) visit(statement);
    return found;
  }
  return false;
}

// ---------------------------------------------------------------- $transaction arrays

function isTransactionCall(call: TSESTree.CallExpression): boolean {
  const member = getCalleeMember(call);
  return !!member && getPropertyName(member) === '$transaction';
}

/** `$transaction(ids.map(id => prisma.x.update(...)))` or `ops.push(prisma.x.update(...))` then `$transaction(ops)`. */
function isCollectedForTransaction(model: BackendModel, node: TSESTree.Node, iteration: Iteration): boolean {
  void model;
  if (isAwaited(node)) return false;
  if (iteration.kind === 'callback' && iteration.method === 'map' && flowsInto(iteration.node, isTransactionCall)) return true;
  // ops.push(prisma.x.update(...))
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node) {
    const member = getCalleeMember(parent);
    if (member && getPropertyName(member) === 'push') {
      const target = skipTypeWrappers(member.object);
      if (target.type !== AST_NODE_TYPES.Identifier) return false;
      const declaration = findDeclaration(target);
      return !!declaration && flowsInto(declaration, isTransactionCall);
    }
  }
  return false;
}

function isAwaited(node: TSESTree.Node): boolean {
  let current = node.parent;
  while (current && (current.type === AST_NODE_TYPES.TSAsExpression || current.type === AST_NODE_TYPES.ChainExpression)) current = current.parent;
  return current?.type === AST_NODE_TYPES.AwaitExpression;
}

/** The initialiser of the `const ops = []` an identifier refers to, by walking outward. */
function findDeclaration(identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  let current: TSESTree.Node | undefined = identifier.parent;
  while (current) {
    if ('body' in current && Array.isArray(current.body)) {
      for (const statement of current.body as TSESTree.Node[]) {
        if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
        for (const declarator of statement.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === identifier.name && declarator.init) return declarator.init;
        }
      }
    }
    current = current.parent;
  }
  return undefined;
}

// ---------------------------------------------------------------- the fix

/** A concrete fix for a per-iteration query, for the message. */
export function suggestBatchFix(query: LocatedDbCall): string {
  if (query.library === 'redis') return 'read or write all keys in one round trip with mget/mset or a pipeline';
  if (query.library === 'sql') return 'run one query for the whole set (WHERE id = ANY($1) / IN (...)) and group the rows in memory';
  const field = firstWhereField(query.node) ?? 'id';
  switch (query.method) {
    case 'create':
      return 'insert the rows in one createMany (or createManyAndReturn) call';
    case 'update':
    case 'upsert':
      return `update them with one updateMany({ where: { ${field}: { in: ids } } }) when the data is the same, or batch the writes in one $transaction([...])`;
    case 'delete':
      return `delete them with one deleteMany({ where: { ${field}: { in: ids } } })`;
    case 'createMany':
    case 'updateMany':
    case 'deleteMany':
      return 'merge the iterations into one call over the whole set';
    case 'count':
    case 'aggregate':
      return `compute them in one groupBy({ by: ['${field}'], where: { ${field}: { in: ids } } })`;
    default:
      return `load all rows at once with where: { ${field}: { in: ids } } and group them in memory, or use include on the parent query`;
  }
}

function firstWhereField(node: TSESTree.Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const where = findProperty(node.arguments[0], 'where');
  if (!where) return undefined;
  const value = skipTypeWrappers(where.value);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  for (const property of value.properties) {
    if (property.type === AST_NODE_TYPES.Property) {
      const name = getKeyName(property);
      if (name && !['AND', 'OR', 'NOT'].includes(name)) return name;
    }
  }
  return undefined;
}
