// Answers "does this query run once per element of something (N+1)?", with the exemptions a
// reviewer grants: pagination and other query-paced loops (workers, tree walks), chunked `in`
// batches, retry and first-match loops, Prisma's batched findUnique, queries collected for
// `$transaction([...])`, loops over a fixed literal list.
//
// A call is reported at the innermost iteration it runs in that is not exempt: a first-match loop
// nested in a `for…of` over users still runs once per user.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  findProperty,
  getCalleeMember,
  getKeyName,
  getMemberPath,
  getPropertyName,
  isFunctionNode,
  isLoopNode,
  skipTypeWrappers,
  type FunctionNode,
  type LoopNode,
} from './ast.js';
import { ARRAY_CALLBACK_METHODS, findExecutionOwner, isConcurrentHelper, type Iteration } from './iteration.js';
import type { BackendModel, LocatedDbCall } from './model.js';
import type { ExternalQuery } from './types.js';
import { isTransactionCall, valueReachesCall, type CallTest } from './value-flow.js';

export interface PerIterationQuery {
  /** The DB call, the call of a local function that reaches one, or a local function passed as an iteration callback (`ids.map(loadUser)`). */
  node: TSESTree.Node;
  iteration: Iteration;
  query: LocatedDbCall;
  /** Set when the query is reached through a function of this file. */
  via: FunctionNode | undefined;
  viaName: string | undefined;
  /** With type information: the query runs in a function imported from this module (base name). */
  viaModule?: string;
  /** The iterations run concurrently (`Promise.all(xs.map(...))`, `pMap`): N queries at once. */
  concurrent: boolean;
}

/** One place where a query runs: what the exemptions look at. */
interface Site {
  model: BackendModel;
  /** The DB call, the local call, or the function reference. */
  node: TSESTree.Node;
  /** The arguments that go into the query (the call's arguments, a tagged template's expressions). */
  args: readonly TSESTree.Node[];
  query: LocatedDbCall;
  via: FunctionNode | undefined;
  /** With type information: the query runs in a function imported from another module. */
  external?: ExternalQuery;
}

const PAGINATION_KEYS = new Set(['skip', 'cursor', 'offset', 'after', 'before', 'page', 'pageToken', 'pageNumber', 'startAfter', 'startingAfter', 'starting_after', 'nextToken', 'continuationToken']);
const PAGINATION_VALUE_NAME = /^(?:cursor|nextCursor|prevCursor|offset|skip|page|pageToken|pageNumber|pageIndex|after|lastId|last[A-Z]\w*Id|startAfter|startingAfter)$/;
const KEYSET_KEYS = new Set(['gt', 'gte', 'lt', 'lte']);
const SET_FILTER_KEYS = new Set(['in', 'hasSome', 'hasEvery']);
/** A value named like a chunk of rows: `batch`, `chunk`, `idsChunk`, `userBatch`, `slice`, `page`. */
const CHUNK_NAME = /chunk|batch|slice|^page$/i;
/** A collection whose elements are chunks: `chunks`, `batches`, `chunk(ids, 100)`, `_.chunk(...)`, `splitIntoBatches(...)`. */
const CHUNK_COLLECTION = /(?:chunks|batches|slices|pages)$/i;
/** The rows a chunk object carries: `page.items`, `batch.ids`. */
const CHUNK_ROWS = /^(?:items|rows|ids|records|entries|data|results|nodes|docs|list|values|keys|members)$/;
const RETRY_WORDS = new Set(['attempt', 'attempts', 'retry', 'retries', 'try', 'tries']);
const CONCURRENT_COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);
/** A literal upper bound this small is a fixed count, not data: `for (let i = 0; i < 3; i++)`. */
const SMALL_FIXED_COUNT = 10;

export function findPerIterationQueries(model: BackendModel): PerIterationQuery[] {
  try {
    if (model.isTestOrSeed) return []; // tests and seeds are not production paths
    return collect(model);
  } catch {
    // An unexpected shape must never take down the lint run.
    return [];
  }
}


function collect(model: BackendModel): PerIterationQuery[] {
  const found: PerIterationQuery[] = [];
  const push = (site: Site, viaName: string | undefined, start: Iteration | undefined): void => {
    try {
      const iteration = reportedIteration(site, start);
      if (iteration) {
        found.push({
          node: site.node,
          iteration,
          query: site.query,
          via: site.via,
          viaName,
          ...(site.external ? { viaModule: site.external.fileName } : {}),
          concurrent: isConcurrent(model, iteration),
        });
      }
    } catch {
      // An unexpected shape around one call must not hide the others.
    }
  };

  for (const query of model.dbCalls) {
    const node = query.node;
    const args = node.type === AST_NODE_TYPES.CallExpression ? node.arguments : node.quasi.expressions;
    push({ model, node, args, query, via: undefined }, undefined, model.iterationOf(node));
  }

  for (const call of model.calls) {
    if (model.getDbCall(call)) continue;
    // helper(x), this.helper(x)
    // A recursive call in a loop (`for (const child of children) await loadTree(child.id)`) counts too.
    const target = model.resolveLocalFunction(call);
    if (target) {
      const query = model.queryReachableFrom(target);
      if (query) push({ model, node: call, args: call.arguments, query, via: target }, calleeName(call.callee), model.iterationOf(call));
      else if (model.resolver.types) {
        // With type information: a helper of this file that calls an imported function that queries.
        const iteration = model.iterationOf(call);
        const inner = iteration ? externalCallWithin(model, target) : undefined;
        if (inner) {
          push({ model, node: call, args: call.arguments, query: inner.query, via: target, external: inner.external }, calleeName(call.callee), iteration);
        }
      }
    } else if (model.resolver.types) {
      // With type information: loadUser(id) where loadUser, imported from another module, queries.
      // Only calls that run per iteration are worth a look into another module.
      const iteration = model.iterationOf(call);
      const external = iteration ? model.resolver.types.externalQuery(skipTypeWrappers(call.callee)) : undefined;
      if (external) {
        const query = externalQueryCall(model, call, external);
        push({ model, node: call, args: call.arguments, query, via: undefined, external }, external.functionName ?? calleeName(call.callee), iteration);
      }
    }
    // ids.map(loadUser), Promise.all(ids.map(this.load)) — the function itself runs per element.
    const reference = iterationCallbackReference(call);
    if (reference) {
      const fn = resolveFunctionReference(model, reference.node);
      const query = fn ? model.queryReachableFrom(fn) : undefined;
      if (fn && query) {
        const iteration: Iteration = { kind: 'callback', node: call, callback: fn, method: reference.method, description: `.${reference.method}() callback` };
        push({ model, node: reference.node, args: [], query, via: fn }, calleeName(reference.node), iteration);
      }
    }
  }
  return found.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * A stand-in for a query that runs in another module: located at the call of the imported
 * function in this file, labelled as written there.
 */
function externalQueryCall(model: BackendModel, call: TSESTree.CallExpression, external: ExternalQuery): LocatedDbCall {
  const dot = external.text.lastIndexOf('.');
  return {
    node: call,
    library: 'prisma',
    client: { kind: 'prisma', reason: `typed as a Prisma client in ${external.fileName}`, isTransactionClient: false },
    clientText: dot > 0 ? external.text.slice(0, dot) : external.text,
    model: external.model,
    method: external.method,
    access: /^(?:find|count|aggregate|groupBy)/.test(external.method) ? 'read' : external.method.startsWith('$') ? 'raw' : 'write',
    label: external.text,
    owner: findExecutionOwner(call, (fn) => model.handlers.has(fn)),
    transaction: undefined,
  };
}

const externalWithin = new WeakMap<FunctionNode, { query: LocatedDbCall; external: ExternalQuery } | null>();

/** The first call in a function of this file (not nested functions' own declarations) of an imported function that queries. */
function externalCallWithin(model: BackendModel, fn: FunctionNode): { query: LocatedDbCall; external: ExternalQuery } | undefined {
  const cached = externalWithin.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let found: { query: LocatedDbCall; external: ExternalQuery } | undefined;
  for (const call of model.callsWithin(fn.body)) {
    if (model.getDbCall(call) || model.resolveLocalFunction(call)) continue;
    const external = model.resolver.types?.externalQuery(skipTypeWrappers(call.callee));
    if (external) {
      found = { query: externalQueryCall(model, call, external), external };
      break;
    }
  }
  externalWithin.set(fn, found ?? null);
  return found;
}

/** The innermost iteration, from `start` outward, that does not exempt the query. */
function reportedIteration(site: Site, start: Iteration | undefined): Iteration | undefined {
  let iteration = start;
  let guard = 0;
  while (iteration && guard++ < 50) {
    if (!isExempt(site, iteration)) return iteration;
    iteration = site.model.iterationOf(iteration.node);
  }
  return undefined;
}

function isExempt(site: Site, iteration: Iteration): boolean {
  return (
    iteratesFixedList(site.model, iteration) ||
    isChunked(site, iteration) ||
    isPagination(site, iteration) ||
    isPacedLoop(site, iteration) ||
    exitsAfter(site.node, iteration) ||
    isRetryLoop(iteration) ||
    isBatchedFindUnique(site, iteration) ||
    isAutoPipelinedRedis(site, iteration) ||
    isCollectedForTransaction(site, iteration)
  );
}

function calleeName(node: TSESTree.Node): string | undefined {
  const callee = skipTypeWrappers(node);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(callee);
  return undefined;
}

function containsNode(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

// ---------------------------------------------------------------- function references

/** `xs.map(loadUser)`: the reference passed where an iteration callback goes. */
function iterationCallbackReference(call: TSESTree.CallExpression): { node: TSESTree.Identifier | TSESTree.MemberExpression; method: string } | undefined {
  const member = getCalleeMember(call);
  const method = member ? getPropertyName(member) : undefined;
  if (!method || !ARRAY_CALLBACK_METHODS.has(method)) return undefined;
  const first = call.arguments[0] ? skipTypeWrappers(call.arguments[0]) : undefined;
  if (first?.type === AST_NODE_TYPES.Identifier) return { node: first, method };
  if (first?.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(first.object).type === AST_NODE_TYPES.ThisExpression) return { node: first, method };
  // xs.map(this.load.bind(this))
  if (first?.type === AST_NODE_TYPES.CallExpression) {
    const bind = getCalleeMember(first);
    const target = bind && getPropertyName(bind) === 'bind' ? skipTypeWrappers(bind.object) : undefined;
    if (target?.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(target.object).type === AST_NODE_TYPES.ThisExpression) return { node: target, method };
  }
  return undefined;
}

/** The function of this file a reference names: a declaration, a `const f = () => …`, or a method of the enclosing class. */
function resolveFunctionReference(model: BackendModel, node: TSESTree.Identifier | TSESTree.MemberExpression): FunctionNode | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const def = model.resolver.findVariable(node)?.defs[0];
    if (!def) return undefined;
    if (def.type === 'FunctionName' && isFunctionNode(def.node as TSESTree.Node)) return def.node as FunctionNode;
    if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      const init = declarator.init ? skipTypeWrappers(declarator.init) : undefined;
      return init && isFunctionNode(init) ? init : undefined;
    }
    return undefined;
  }
  const name = getPropertyName(node);
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current.type !== AST_NODE_TYPES.ClassBody) current = current.parent;
  if (!current || !name) return undefined;
  for (const member of current.body) {
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method' && getKeyName(member) === name && member.value.type === AST_NODE_TYPES.FunctionExpression) return member.value;
    if (member.type === AST_NODE_TYPES.PropertyDefinition && getKeyName(member) === name && member.value) {
      const value = skipTypeWrappers(member.value);
      if (isFunctionNode(value)) return value;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- variables of an iteration

/** The node whose range holds what is declared per iteration: the loop, or the callback. */
function iterationScopeNode(iteration: Iteration): TSESTree.Node {
  return iteration.kind === 'loop' ? iteration.node : iteration.callback;
}

type VariableRole = 'perIteration' | 'loopCarried' | 'outer';

/** How a variable relates to an iteration: declared inside it, declared outside but reassigned inside it, or neither. */
function variableRole(model: BackendModel, identifier: TSESTree.Identifier, iteration: Iteration): VariableRole | undefined {
  const variable = model.resolver.findVariable(identifier);
  const def = variable?.defs[0];
  if (!variable || !def) return undefined;
  const scope = iterationScopeNode(iteration);
  if (containsNode(scope, def.name)) return 'perIteration';
  if (variable.references.some((reference) => containsNode(scope, reference.identifier) && ((reference.isWrite() && !reference.init) || isMutatedThrough(reference.identifier as TSESTree.Identifier)))) return 'loopCarried';
  return 'outer';
}

/** `offsets[i] += step`, `state.cursor = next`, `page.n++`: the variable's contents change here. */
function isMutatedThrough(identifier: TSESTree.Identifier): boolean {
  let current: TSESTree.Node = identifier;
  while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current) current = current.parent;
  if (current === identifier) return false;
  const parent = current.parent;
  return (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === current) || (parent?.type === AST_NODE_TYPES.UpdateExpression && parent.argument === current);
}

function variableOf(model: BackendModel, identifier: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
  return model.resolver.findVariable(identifier) ?? undefined;
}

/** Identifiers read in an expression, skipping nested functions, property keys and member names. */
function identifiersIn(node: TSESTree.Node, out: TSESTree.Identifier[] = [], depth = 0): TSESTree.Identifier[] {
  if (depth > 40) return out;
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      out.push(node);
      return out;
    case AST_NODE_TYPES.MemberExpression:
      identifiersIn(node.object, out, depth + 1);
      if (node.computed) identifiersIn(node.property, out, depth + 1);
      return out;
    case AST_NODE_TYPES.Property:
      if (node.computed) identifiersIn(node.key, out, depth + 1);
      identifiersIn(node.value, out, depth + 1);
      return out;
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.FunctionDeclaration:
      return out;
    default:
      forEachChild(node, (child) => identifiersIn(child, out, depth + 1));
      return out;
  }
}

function forEachChild(node: TSESTree.Node, visit: (child: TSESTree.Node) => void): void {
  for (const [name, value] of Object.entries(node)) {
    if (name === 'parent' || name === 'typeAnnotation' || name === 'typeArguments' || name === 'returnType' || !value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && typeof item.type === 'string') visit(item as TSESTree.Node);
    } else if (typeof (value as TSESTree.Node).type === 'string') {
      visit(value as TSESTree.Node);
    }
  }
}

// ---------------------------------------------------------------- fixed lists

/** `for (const role of ['admin', 'member'])`, `ROLES.map(...)` over a const literal, `for (let i = 0; i < 3; i++)`. */
function iteratesFixedList(model: BackendModel, iteration: Iteration): boolean {
  if (iteration.kind === 'loop') {
    const loop = iteration.node;
    if (loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) return isFixedCollection(model, loop.right);
    if (loop.type === AST_NODE_TYPES.ForStatement) return hasSmallLiteralBound(loop);
    return false;
  }
  const member = getCalleeMember(iteration.node);
  return !!member && isFixedCollection(model, member.object);
}

function isFixedCollection(model: BackendModel, node: TSESTree.Node, depth = 0): boolean {
  if (depth > 3) return false;
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return value.elements.every((element) => element !== null && element.type !== AST_NODE_TYPES.SpreadElement);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return value.properties.every((property) => property.type === AST_NODE_TYPES.Property);
  if (value.type === AST_NODE_TYPES.Identifier) {
    // const ROLES = ['admin', 'member'] as const
    const variable = variableOf(model, value);
    const def = variable?.defs[0];
    if (!variable || def?.type !== 'Variable' || (def.parent as TSESTree.VariableDeclaration | null)?.kind !== 'const') return false;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    if (!init) return false;
    const literal = skipTypeWrappers(init);
    if (literal.type === AST_NODE_TYPES.ArrayExpression && literal.elements.length === 0) return false; // filled later
    if (literal.type !== AST_NODE_TYPES.ArrayExpression && literal.type !== AST_NODE_TYPES.ObjectExpression) return false;
    // Filled elsewhere (`ROLES.push(...)`) means it is not fixed.
    const mutated = variable.references.some((reference) => {
      const parent = reference.identifier.parent;
      return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier && /^(?:push|unshift|splice)$/.test(getPropertyName(parent) ?? '');
    });
    return !mutated && isFixedCollection(model, literal, depth + 1);
  }
  // Object.keys(PLANS), Object.entries({ ... })
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const member = getCalleeMember(value);
    if (member && getMemberPath(member.object) === 'Object' && /^(?:keys|values|entries)$/.test(getPropertyName(member) ?? '') && value.arguments[0]) {
      return isFixedCollection(model, value.arguments[0], depth + 1);
    }
  }
  return false;
}

function hasSmallLiteralBound(loop: TSESTree.ForStatement): boolean {
  const test = loop.test ? skipTypeWrappers(loop.test) : undefined;
  if (test?.type !== AST_NODE_TYPES.BinaryExpression || (test.operator !== '<' && test.operator !== '<=')) return false;
  const bound = test.right;
  return bound.type === AST_NODE_TYPES.Literal && typeof bound.value === 'number' && bound.value <= SMALL_FIXED_COUNT;
}

// ---------------------------------------------------------------- chunking

/**
 * The query works on a whole chunk of the set, not on one element: `where: { id: { in: batch } }`,
 * `createMany({ data: batch })`, `$executeRaw\`… ANY(${batch})\``, `processBatch(batch)`.
 */
function isChunked(site: Site, iteration: Iteration): boolean {
  const { query, args } = site;
  // for (const batch of chunk(ids, 100)) { … }: whatever runs per iteration runs per chunk.
  if (iteratesChunks(site.model, iteration)) return true;
  if (query.library === 'prisma' && !site.via) {
    // where: { id: { in: batch } }: the list comes from this iteration, as a whole.
    const sets = collectKeyValues(args, (key) => SET_FILTER_KEYS.has(key));
    if (sets.some((value) => isWholeOfIteration(site.model, value, iteration, false))) return true;
    if (query.method === 'createMany' || query.method === 'createManyAndReturn') {
      const data = findProperty(args[0], 'data');
      if (data && isWholeOfIteration(site.model, data.value, iteration, false)) return true;
    }
  }
  // Any other call: a value that is a chunk of rows, by name.
  return valuePositions(args).some((value) => isWholeOfIteration(site.model, value, iteration, true));
}

/**
 * Values of object properties whose key matches, anywhere in the arguments — or, with
 * `topLevelOnly`, only among the arguments' own properties (through spreads and
 * `...(cursor ? { skip: 1, cursor } : {})`), so a `page` column inside `data` is not a page.
 */
function collectKeyValues(args: readonly TSESTree.Node[], test: (key: string) => boolean, options: { topLevelOnly?: boolean } = {}): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  const nested = !options.topLevelOnly;
  const visit = (node: TSESTree.Node, depth: number): void => {
    if (depth > (nested ? 8 : 3)) return;
    const value = skipTypeWrappers(node);
    if (value.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of value.properties) {
        if (property.type === AST_NODE_TYPES.SpreadElement) {
          visit(property.argument, depth + 1);
          continue;
        }
        const key = getKeyName(property);
        if (key !== undefined && test(key)) out.push(property.value);
        else if (nested) visit(property.value, depth + 1);
      }
    } else if (nested && value.type === AST_NODE_TYPES.ArrayExpression) {
      for (const element of value.elements) if (element) visit(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element, depth + 1);
    } else if (value.type === AST_NODE_TYPES.ConditionalExpression) {
      visit(value.consequent, depth + 1);
      visit(value.alternate, depth + 1);
    } else if (value.type === AST_NODE_TYPES.LogicalExpression) {
      visit(value.right, depth + 1);
    }
  };
  for (const argument of args) visit(argument, 0);
  return out;
}

/** The values a query receives: arguments, array elements, template expressions, arguments of calls inside them (`Prisma.join(batch)`), object property values. */
function valuePositions(args: readonly TSESTree.Node[]): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node, depth: number): void => {
    if (depth > 4) return;
    const value = skipTypeWrappers(node.type === AST_NODE_TYPES.SpreadElement ? node.argument : node);
    switch (value.type) {
      case AST_NODE_TYPES.ArrayExpression:
        for (const element of value.elements) if (element) visit(element, depth + 1);
        return;
      case AST_NODE_TYPES.TemplateLiteral:
        for (const expression of value.expressions) visit(expression, depth + 1);
        return;
      case AST_NODE_TYPES.TaggedTemplateExpression:
        for (const expression of value.quasi.expressions) visit(expression, depth + 1);
        return;
      case AST_NODE_TYPES.ObjectExpression:
        for (const property of value.properties) visit(property.type === AST_NODE_TYPES.Property ? property.value : property.argument, depth + 1);
        return;
      case AST_NODE_TYPES.CallExpression:
        out.push(value);
        for (const argument of value.arguments) if (!isFunctionNode(argument)) visit(argument, depth + 1);
        return;
      default:
        out.push(value);
    }
  };
  for (const argument of args) visit(argument, 0);
  return out;
}

/**
 * Whether a value is a whole chunk produced by this iteration rather than one element or a field of
 * one: `batch` (the loop variable or a list built in the body), `batch.map(...)`, `ids.slice(i, i + 100)`,
 * `[...batch]`. With `byName`, an identifier must also be named like a chunk, or be the element of a
 * collection of chunks (`for (const c of chunk(ids, 100))`).
 */
function isWholeOfIteration(model: BackendModel, node: TSESTree.Node, iteration: Iteration, byName: boolean, depth = 0): boolean {
  if (depth > 4) return false;
  const value = skipTypeWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Identifier: {
      if (variableRole(model, value, iteration) !== 'perIteration') return false;
      // The iteration's own binding (`batch` in `for (const batch of …)`, `(ids) => …`), or a list
      // built in the body from one (`const ids = batch.map(…)`, `const page = ids.slice(i, i + 100)`).
      // A list built from one element's fields (`const teamIds = user.teams.map(…)`) is not a chunk.
      if (!isIterationBinding(model, value, iteration)) {
        const def = variableOf(model, value)?.defs[0];
        const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
        if (!init || def?.name === value || !isWholeOfIteration(model, skipAwaitDeep(init), iteration, false, depth + 1)) return false;
      }
      if (!byName) return true;
      return CHUNK_NAME.test(value.name) || isElementOfChunkCollection(model, value, iteration);
    }
    case AST_NODE_TYPES.CallExpression: {
      const member = getCalleeMember(value);
      const method = member ? getPropertyName(member) : undefined;
      if (!member || !method) return false;
      // ids.slice(i, i + size): a window that moves with the iteration.
      if ((method === 'slice' || method === 'splice' || method === 'subarray') && value.arguments.some((argument) => identifiersIn(argument).some((id) => variableRole(model, id, iteration) !== 'outer' && variableRole(model, id, iteration) !== undefined))) return true;
      // batch.map(...), batch.filter(...), Array.from(batch)
      if (/^(?:map|filter|flatMap|slice|concat|toSorted)$/.test(method)) return isWholeOfIteration(model, member.object, iteration, byName, depth + 1);
      if (method === 'from' && getMemberPath(member.object) === 'Array' && value.arguments[0]) return isWholeOfIteration(model, value.arguments[0], iteration, byName, depth + 1);
      if (method === 'join' && value.arguments[0]) return isWholeOfIteration(model, value.arguments[0], iteration, byName, depth + 1); // Prisma.join(batch)
      return false;
    }
    case AST_NODE_TYPES.ArrayExpression:
      return value.elements.some((element) => element?.type === AST_NODE_TYPES.SpreadElement && isWholeOfIteration(model, element.argument, iteration, byName, depth + 1));
    case AST_NODE_TYPES.MemberExpression: {
      // batches[i]
      if (value.computed) {
        return identifiersIn(value.property).some((id) => variableRole(model, id, iteration) === 'perIteration') && CHUNK_COLLECTION.test(getMemberPath(value.object) ?? '');
      }
      // page.items, batch.rows: the rows of an element that is itself a chunk
      const object = skipTypeWrappers(value.object);
      return (
        object.type === AST_NODE_TYPES.Identifier &&
        CHUNK_NAME.test(object.name) &&
        CHUNK_ROWS.test(getPropertyName(value) ?? '') &&
        variableRole(model, object, iteration) === 'perIteration'
      );
    }
    case AST_NODE_TYPES.ConditionalExpression:
      return isWholeOfIteration(model, value.consequent, iteration, byName, depth + 1) || isWholeOfIteration(model, value.alternate, iteration, byName, depth + 1);
    default:
      return false;
  }
}

/** A chunking helper: `chunk(ids, 100)`, `_.chunk(...)`, `chunkArray(...)`, `splitIntoBatches(...)`, `R.splitEvery(...)`. */
const CHUNKING_FUNCTION = /^(?:chunk|chunks|chunkArray|chunkify|toChunks|batch|batches|splitEvery|splitIntoChunks|splitIntoBatches|createChunks|createBatches|inChunks|inBatches|partitionArray)$/i;

/** An iteration over the result of a chunking helper, directly or through a `const` holding it. */
function iteratesChunks(model: BackendModel, iteration: Iteration): boolean {
  let collection: TSESTree.Node | undefined;
  if (iteration.kind === 'loop') {
    // for (let i = 0; i < ids.length; i += BATCH_SIZE): steps a chunk at a time
    if (iteration.node.type === AST_NODE_TYPES.ForStatement) return stepsByChunk(iteration.node);
    if (iteration.node.type !== AST_NODE_TYPES.ForOfStatement) return false;
    collection = iteration.node.right;
  } else {
    collection = getCalleeMember(iteration.node)?.object;
  }
  if (!collection) return false;
  let value = skipAwaitDeep(collection);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const def = variableOf(model, value)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    if (!init || (def?.parent as TSESTree.VariableDeclaration | null)?.kind !== 'const') return false;
    value = skipAwaitDeep(init);
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(value.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
  return !!name && CHUNKING_FUNCTION.test(name);
}

/** A variable the iteration itself binds: the `for…of`/`for…in` variable, a `for` initialiser, a callback parameter (destructured or not). */
function isIterationBinding(model: BackendModel, identifier: TSESTree.Identifier, iteration: Iteration): boolean {
  const def = variableOf(model, identifier)?.defs[0];
  if (!def) return false;
  if (iteration.kind === 'callback') return def.type === 'Parameter' && iteration.callback.params.some((param) => containsNode(param, def.name));
  const loop = iteration.node;
  if (loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) return containsNode(loop.left, def.name);
  return loop.type === AST_NODE_TYPES.ForStatement && !!loop.init && containsNode(loop.init, def.name);
}

function stepsByChunk(loop: TSESTree.ForStatement): boolean {
  const update = loop.update ? skipTypeWrappers(loop.update) : undefined;
  if (update?.type !== AST_NODE_TYPES.AssignmentExpression || update.operator !== '+=') return false;
  const step = skipTypeWrappers(update.right);
  return !(step.type === AST_NODE_TYPES.Literal && step.value === 1);
}

/** `c` in `for (const c of chunk(ids, 100))` or `batches.map((c) => …)`. */
function isElementOfChunkCollection(model: BackendModel, identifier: TSESTree.Identifier, iteration: Iteration): boolean {
  let element: TSESTree.Node | undefined;
  let collection: TSESTree.Node | undefined;
  if (iteration.kind === 'loop') {
    const loop = iteration.node;
    if (loop.type !== AST_NODE_TYPES.ForOfStatement) return false;
    element = loop.left.type === AST_NODE_TYPES.VariableDeclaration ? loop.left.declarations[0]?.id : loop.left;
    collection = loop.right;
  } else {
    element = iteration.callback.params[0];
    collection = getCalleeMember(iteration.node)?.object;
  }
  if (element?.type !== AST_NODE_TYPES.Identifier || element.name !== identifier.name || !collection) return false;
  const variable = variableOf(model, identifier);
  if (variable?.defs[0]?.name !== element) return false;
  const value = skipAwaitDeep(collection);
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const name = getMemberPath(value.callee)?.split('.').pop();
    return !!name && CHUNKING_FUNCTION.test(name);
  }
  const name = getMemberPath(value)?.split('.').pop();
  return !!name && CHUNK_COLLECTION.test(name);
}

function skipAwaitDeep(node: TSESTree.Node): TSESTree.Node {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
  return current;
}

// ---------------------------------------------------------------- pagination

/**
 * The query reads one page of a set and the page moves with the iteration: `skip`/`cursor`/`offset`
 * that depend on the loop (`skip: page * 100`, `cursor: { id: lastId }` with `lastId` reassigned in
 * the loop), or keyset `where: { id: { gt: lastId } }`.
 */
function isPagination(site: Site, iteration: Iteration): boolean {
  return pagesWith(site.model, site.args, iteration);
}

function pagesWith(model: BackendModel, args: readonly TSESTree.Node[], iteration: Iteration): boolean {
  for (const value of collectKeyValues(args, (key) => PAGINATION_KEYS.has(key), { topLevelOnly: true })) {
    if (movesWithIteration(model, value, iteration)) return true;
  }
  // fetchPage(cursor), pool.query('… OFFSET $1', [offset])
  for (const value of valuePositions(args)) {
    if (value.type === AST_NODE_TYPES.Identifier && PAGINATION_VALUE_NAME.test(value.name) && movesWithIteration(model, value, iteration)) return true;
  }
  // Keyset: where: { id: { gt: lastId } } with lastId carried from the previous page.
  if (iteration.kind === 'loop') {
    for (const value of collectKeyValues(args, (key) => KEYSET_KEYS.has(key))) {
      if (identifiersIn(value).some((id) => isLoopCarriedOrCounter(model, id, iteration))) return true;
    }
  }
  return false;
}

/**
 * Whether a paging value changes from one iteration to the next: it reads a variable reassigned in
 * the loop (`cursor`, `offset`) or the iteration's own variable used as a value (`page * size`),
 * not a field of the element (`user.offset`).
 */
function movesWithIteration(model: BackendModel, node: TSESTree.Node, iteration: Iteration): boolean {
  for (const id of identifiersIn(node)) {
    const role = variableRole(model, id, iteration);
    if (role === 'loopCarried') return true;
    if (role === 'perIteration') {
      const parent = id.parent;
      const usedAsObject = parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === id;
      if (!usedAsObject || isLoopCarriedOrCounter(model, id, iteration)) return true;
    }
  }
  return false;
}

/** A variable reassigned in the loop, or a `for` statement's own counter. */
function isLoopCarriedOrCounter(model: BackendModel, identifier: TSESTree.Identifier, iteration: Iteration): boolean {
  const role = variableRole(model, identifier, iteration);
  if (role === 'loopCarried') return true;
  if (role !== 'perIteration' || iteration.kind !== 'loop' || iteration.node.type !== AST_NODE_TYPES.ForStatement) return false;
  const init = iteration.node.init;
  const def = variableOf(model, identifier)?.defs[0];
  return !!init && !!def && containsNode(init, def.name);
}

// ---------------------------------------------------------------- query-paced loops

/**
 * `while`, `do…while` and `for (;;)` loops that do not walk a collection: workers that poll a queue,
 * drains (`while (true) { const rows = …; if (!rows.length) break; }`), cursor walks, tree walks up
 * `parentId`. Each iteration depends on what the previous query returned, so there is no set to
 * batch. A loop whose test counts (`i < ids.length`, `queue.length`, `re.exec(text)`) walks a
 * collection, unless what it counts comes from the queries in it (`do { … } while (rows.length === 100)`).
 */
function isPacedLoop(site: Site, iteration: Iteration): boolean {
  if (iteration.kind !== 'loop') return false;
  const loop = iteration.node;
  if (loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) return false;
  if (!loop.test || !isCountedTest(loop.test)) return true;
  if (identifiersIn(loop.test).some((id) => isDataDriven(site.model, id, loop))) return true;
  return pagesThroughSomething(site.model, iteration);
}

const pagingLoops = new WeakMap<TSESTree.Node, boolean>();

/**
 * `while (hasMore && batches < MAX) { const rows = await api.list({ page }); … page++ }`: some call
 * in the loop (a DB query or an API) fetches a page that moves with the loop, so the loop runs
 * once per page and its other queries are per page too.
 */
function pagesThroughSomething(model: BackendModel, iteration: Iteration & { kind: 'loop' }): boolean {
  const loop = iteration.node;
  const cached = pagingLoops.get(loop);
  if (cached !== undefined) return cached;
  let result = false;
  for (const call of model.callsWithin(loop.body)) {
    if (call.arguments.length === 0 || model.iterationOf(call)?.node !== loop) continue;
    if (pagesWith(model, call.arguments, iteration)) {
      result = true;
      break;
    }
  }
  pagingLoops.set(loop, result);
  return result;
}

/** A test that walks a collection or counts: `i < n`, `xs.length`, `queue.size`, `(m = re.exec(s))`. */
function isCountedTest(test: TSESTree.Node): boolean {
  let counted = false;
  const visit = (node: TSESTree.Node): void => {
    if (counted || isFunctionNode(node)) return;
    if (node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '<' || node.operator === '<=' || node.operator === '>' || node.operator === '>=')) counted = true;
    else if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && (getPropertyName(node) === 'length' || getPropertyName(node) === 'size')) counted = true;
    else if (node.type === AST_NODE_TYPES.AssignmentExpression && skipTypeWrappers(node.right).type === AST_NODE_TYPES.CallExpression) counted = true; // iterator: (m = re.exec(s))
    if (!counted) forEachChild(node, visit);
  };
  visit(test);
  return counted;
}

/** Whether the value behind an identifier comes from the loop's own queries: declared in the body from an `await`, or reassigned in the loop from one. */
function isDataDriven(model: BackendModel, identifier: TSESTree.Identifier, loop: LoopNode): boolean {
  const variable = variableOf(model, identifier);
  const def = variable?.defs[0];
  if (!variable || !def) return false;
  const declaredInside = containsNode(loop.body, def.name);
  if (declaredInside) {
    const init = def.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    return !!init && containsAwaitOrCall(init);
  }
  return variable.references.some((reference) => {
    if (!reference.isWrite() || reference.init || !containsNode(loop, reference.identifier) || !reference.writeExpr) return false;
    const written = reference.writeExpr as TSESTree.Node;
    if (containsAwaitOrCall(written)) return true;
    // offset += rows.length; cursor = page.at(-1)?.id
    return identifiersIn(written).some((id) => {
      const source = variableOf(model, id)?.defs[0];
      return !!source && source.name !== def.name && containsNode(loop.body, source.name);
    });
  });
}

function containsAwaitOrCall(node: TSESTree.Node): boolean {
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found || isFunctionNode(n)) return;
    if (n.type === AST_NODE_TYPES.AwaitExpression) {
      found = true;
      return;
    }
    forEachChild(n, visit);
  };
  visit(node);
  return found;
}

// ---------------------------------------------------------------- retry and first-match

/**
 * First-match and retry loops leave after the query: a `break`, or a `return` of a found value,
 * after the call in the same loop body (`if (!taken) return slug`). A conditional bail-out is not
 * an early exit: `if (!product) return null` and `return NextResponse.json({ error }, { status: 404 })`
 * run the query for every element on the happy path.
 */
function exitsAfter(node: TSESTree.Node, iteration: Iteration): boolean {
  if (iteration.kind === 'callback') return false; // a callback cannot leave its iteration early
  const loop = iteration.node;
  let found = false;
  const visit = (n: TSESTree.Node, nestedLoop: boolean, inSwitch: boolean, conditional: boolean): void => {
    if (found || isFunctionNode(n)) return;
    // return await prisma.x.findUnique(...): the loop ends with this call's result
    if (n.type === AST_NODE_TYPES.ReturnStatement && n.argument && containsNode(n.argument, node) && !(conditional && isErrorResponse(n.argument))) {
      found = true;
      return;
    }
    if (n.range[0] >= node.range[1]) {
      if (n.type === AST_NODE_TYPES.BreakStatement && !nestedLoop && (!inSwitch || n.label)) {
        found = true;
        return;
      }
      if (n.type === AST_NODE_TYPES.ReturnStatement && !(conditional && isBailOut(n.argument))) {
        found = true;
        return;
      }
    }
    const childNested = nestedLoop || (n !== loop.body && isLoopNode(n));
    const childSwitch = n.type === AST_NODE_TYPES.SwitchStatement ? true : childNested ? false : inSwitch;
    const childConditional =
      conditional ||
      n.type === AST_NODE_TYPES.IfStatement ||
      n.type === AST_NODE_TYPES.SwitchStatement ||
      n.type === AST_NODE_TYPES.ConditionalExpression ||
      n.type === AST_NODE_TYPES.LogicalExpression ||
      n.type === AST_NODE_TYPES.CatchClause;
    forEachChild(n, (child) => visit(child, childNested, childSwitch, childConditional));
  };
  visit(loop.body, false, false, false);
  return found;
}

/** `return`, `return null`, `return false`, an error response: giving up, not a match. */
function isBailOut(argument: TSESTree.Node | null | undefined): boolean {
  if (!argument) return true;
  const value = skipTypeWrappers(argument);
  if (value.type === AST_NODE_TYPES.Literal && (value.value === null || value.value === false || value.value === 0 || value.value === '')) return true;
  if (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') return true;
  if (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === 'void') return true;
  return isErrorResponse(value);
}

/** `NextResponse.json({ error }, { status: 404 })`, `res.status(400).json(...)`, `{ success: false }`, `notFound()`. */
function isErrorResponse(node: TSESTree.Node): boolean {
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found || isFunctionNode(n)) return;
    if (n.type === AST_NODE_TYPES.Property) {
      const name = getKeyName(n);
      const value = skipTypeWrappers(n.value);
      if (name === 'error' || name === 'errors') found = true;
      if (name === 'status' && value.type === AST_NODE_TYPES.Literal && typeof value.value === 'number' && value.value >= 400) found = true;
      if ((name === 'success' || name === 'ok') && value.type === AST_NODE_TYPES.Literal && value.value === false) found = true;
    }
    if (n.type === AST_NODE_TYPES.NewExpression) {
      const callee = skipTypeWrappers(n.callee);
      if (callee.type === AST_NODE_TYPES.Identifier && /Error$|Exception$/.test(callee.name)) found = true;
    }
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const member = getCalleeMember(n);
      const name = member ? getPropertyName(member) : n.callee.type === AST_NODE_TYPES.Identifier ? n.callee.name : undefined;
      if (name === 'status' || name === 'sendStatus') {
        const status = n.arguments[0];
        if (status?.type === AST_NODE_TYPES.Literal && typeof status.value === 'number' && status.value >= 400) found = true;
      }
      if (name === 'notFound' || name === 'badRequest' || name === 'unauthorized' || name === 'forbidden' || name === 'redirect') found = true;
    }
    forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** `for (let attempt = 0; attempt < 3; attempt++) { try { ... } catch { await sleep() } }`, `while (pending.length && retry < MAX_RETRIES)`. */
function isRetryLoop(iteration: Iteration): boolean {
  if (iteration.kind !== 'loop') return false;
  const loop = iteration.node;
  const names: string[] = [];
  const add = (n: TSESTree.Node | null | undefined): void => {
    if (n) for (const id of identifiersIn(n)) names.push(id.name);
  };
  if (loop.type === AST_NODE_TYPES.ForStatement) {
    add(loop.init);
    add(loop.test);
  } else if (loop.type === AST_NODE_TYPES.WhileStatement || loop.type === AST_NODE_TYPES.DoWhileStatement) {
    add(loop.test);
  }
  // A loop counted by attempts (`attempt < 3`, `retries < MAX_RETRIES`) repeats the same work, it does not walk a set.
  return names.some((name) => camelWords(name).some((word) => RETRY_WORDS.has(word)));
}

/** `maxRetries` → ['max', 'retries'], `MAX_ATTEMPTS` → ['max', 'attempts']. */
function camelWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_$]+/)
    .map((word) => word.toLowerCase())
    .filter(Boolean);
}

// ---------------------------------------------------------------- Prisma batching

const BATCHED_METHODS = new Set(['findUnique', 'findUniqueOrThrow']);

/**
 * Prisma's dataloader batches findUnique calls started in the same tick:
 * `Promise.all(ids.map(id => prisma.user.findUnique({ where: { id } })))` sends one query. Also when
 * the callback calls a helper of this file whose only query is such a findUnique.
 */
function isBatchedFindUnique(site: Site, iteration: Iteration): boolean {
  const { query } = site;
  if (query.library !== 'prisma' || !BATCHED_METHODS.has(query.method)) return false;
  // An imported function: its scan says whether its only query is a findUnique started before any await.
  if (site.external && !site.external.batchable) return false;
  // for (...) promises.push(prisma.user.findUnique(...)); await Promise.all(promises): the queries are
  // lazy and all start when Promise.all subscribes to them.
  if (!site.via && pushedInto(site, isConcurrentCombinator)) return true;
  if (iteration.kind !== 'callback' || iteration.method !== 'map') return false;
  if (!valueReachesCall(site.model.resolver, iteration.node, isConcurrentCombinator)) return false;
  if (site.via) {
    // The helper must start that findUnique before anything else it awaits, and run no other query.
    const summary = site.model.summaryOf(site.via);
    if (!summary || summary.dbCalls.length !== 1 || summary.dbCalls[0] !== query) return false;
    if (summary.localCalls.some((local) => site.model.queryReachableFrom(local.target))) return false;
    if (awaitsBefore(site.via, query.node)) return false;
  }
  // No await before the call inside the callback: otherwise the calls start in different ticks.
  return iteration.callback === site.via || !awaitsBefore(iteration.callback, site.node);
}

// ---------------------------------------------------------------- Redis auto-pipelining

/**
 * node-redis (v4+) and @upstash/redis pipeline the commands issued in the same tick on their own:
 * `Promise.all(keys.map((k) => redis.get(k)))` is one round trip. ioredis does so only with
 * `enableAutoPipelining`, so a client this file creates with `new Redis()` from 'ioredis' is still reported.
 */
function isAutoPipelinedRedis(site: Site, iteration: Iteration): boolean {
  const { query, model } = site;
  if (query.library !== 'redis' || isIoRedis(model, query)) return false;
  if (site.via) {
    const summary = model.summaryOf(site.via);
    if (!summary || summary.dbCalls[0] !== query || awaitsBefore(site.via, query.node)) return false;
  }
  // for (...) ops.push(redis.del(key)); await Promise.all(ops): all issued in one synchronous pass.
  if (pushedInto(site, isConcurrentCombinator)) return iteration.kind === 'callback' ? !awaitsBefore(iteration.callback, site.node) : !awaitsBefore(iteration.node.body, site.node);
  if (iteration.kind !== 'callback' || (iteration.method !== 'map' && iteration.method !== 'flatMap') || !valueReachesCall(model.resolver, iteration.node, isConcurrentCombinator)) return false;
  return iteration.callback === site.via || !awaitsBefore(iteration.callback, site.node);
}

/** The command's client is created in this file with `new Redis()` / `new Cluster()` from 'ioredis'. */
function isIoRedis(model: BackendModel, query: LocatedDbCall): boolean {
  if (query.node.type !== AST_NODE_TYPES.CallExpression) return false;
  const member = getCalleeMember(query.node);
  let receiver = member ? skipTypeWrappers(member.object) : undefined;
  for (let depth = 0; receiver && depth < 4; depth++) {
    if (receiver.type === AST_NODE_TYPES.NewExpression) return isFromIoRedis(model, receiver.callee);
    if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
    const def = variableOf(model, receiver)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    receiver = init ? skipAwaitDeep(init) : undefined;
  }
  return false;
}

function isFromIoRedis(model: BackendModel, callee: TSESTree.Node): boolean {
  const value = skipTypeWrappers(callee);
  const root = value.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(value.object) : value;
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  if (root.name === 'IORedis') return true;
  return model.resolver.getImport(root)?.source === 'ioredis';
}

function awaitsBefore(fn: FunctionNode | TSESTree.Node, node: TSESTree.Node): boolean {
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found || (isFunctionNode(n) && n !== fn)) return;
    if ((n.type === AST_NODE_TYPES.AwaitExpression || (n.type === AST_NODE_TYPES.ForOfStatement && n.await)) && n.range[1] <= node.range[0]) {
      found = true;
      return;
    }
    forEachChild(n, visit);
  };
  visit(isFunctionNode(fn) ? fn.body : fn);
  return found;
}

function isConcurrentCombinator(call: TSESTree.CallExpression): boolean {
  const member = getCalleeMember(call);
  return !!member && getMemberPath(member.object) === 'Promise' && CONCURRENT_COMBINATORS.has(getPropertyName(member) ?? '');
}

/** The iterations of a `.map` whose promises go to `Promise.all`, or of `pMap`, run at the same time. */
function isConcurrent(model: BackendModel, iteration: Iteration): boolean {
  if (iteration.kind !== 'callback') return false;
  if (isConcurrentHelper(iteration.method)) return true;
  return (iteration.method === 'map' || iteration.method === 'flatMap') && valueReachesCall(model.resolver, iteration.node, isConcurrentCombinator);
}

// ---------------------------------------------------------------- $transaction arrays

/** `$transaction(ids.map(id => prisma.x.update(...)))` or `ops.push(prisma.x.update(...))` then `$transaction(ops)`. */
function isCollectedForTransaction(site: Site, iteration: Iteration): boolean {
  const { node, query, via } = site;
  if (query.library !== 'prisma' || isAwaited(node)) return false;
  if (site.external && !site.external.returnsLazyQuery) return false;
  // A helper must hand back the lazy query itself: an async function would run it right away.
  if (via && (via.async || !returnsQueryDirectly(via, query.node))) return false;
  if (iteration.kind === 'callback' && iteration.method === 'map' && (!via || returnedFrom(iteration.callback, node)) && valueReachesCall(site.model.resolver, iteration.node, isTransactionCall)) return true;
  // ops.push(prisma.x.update(...))
  return pushedInto(site, isTransactionCall);
}

/** `list.push(<the call>)` where `list` is later passed to a call matching `test`. */
function pushedInto(site: Site, test: CallTest): boolean {
  const parent = site.node.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[0] !== site.node) return false;
  const member = getCalleeMember(parent);
  return !!member && getPropertyName(member) === 'push' && valueReachesCall(site.model.resolver, site.node, test);
}

/** The callback returns the call's value (`id => prisma.x.update(...)`, `return prisma.x.update(...)`). */
function returnedFrom(fn: FunctionNode, node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.TSAsExpression || current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression)) current = current.parent;
  const parent = current.parent;
  if (parent === fn && fn.body === current) return true;
  return parent?.type === AST_NODE_TYPES.ReturnStatement && !!parent.parent && parent.parent.parent === fn;
}

function returnsQueryDirectly(fn: FunctionNode, query: TSESTree.Node): boolean {
  return returnedFrom(fn, query);
}

function isAwaited(node: TSESTree.Node): boolean {
  let current = node.parent;
  while (current && (current.type === AST_NODE_TYPES.TSAsExpression || current.type === AST_NODE_TYPES.ChainExpression || current.type === AST_NODE_TYPES.TSNonNullExpression)) current = current.parent;
  return current?.type === AST_NODE_TYPES.AwaitExpression;
}

// ---------------------------------------------------------------- the fix

const FILTER_OPERATORS = new Set(['equals', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'not', 'contains', 'startsWith', 'endsWith', 'mode', 'has', 'hasSome', 'hasEvery', 'some', 'every', 'none', 'is', 'isNot']);

/** A concrete fix for a per-iteration query, for the message. */
export function suggestBatchFix(query: LocatedDbCall): string {
  if (query.library === 'redis') return 'read or write all keys in one round trip with mget/mset, or queue the commands on one pipeline';
  if (query.library === 'sql') {
    switch (sqlVerb(query.node)) {
      case 'insert':
        return 'insert all rows in one statement (a multi-row VALUES list, or unnest() over array parameters)';
      case 'update':
        return 'update the whole set in one statement (WHERE id = ANY($1), or UPDATE … FROM (VALUES …))';
      case 'delete':
        return 'delete the whole set in one statement (WHERE id = ANY($1))';
      default:
        return 'run one query for the whole set (WHERE id = ANY($1) / IN (...)) and group the rows in memory';
    }
  }
  const where = firstWhereField(query.node);
  const field = where?.compound ? undefined : where?.name;
  const inList = field ? `where: { ${field}: { in: ids } }` : 'where: { OR: [...] }';
  switch (query.method) {
    case 'create':
      return 'insert the rows in one createMany (or createManyAndReturn) call';
    case 'update':
      return `update them with one updateMany({ ${inList} }) when the data is the same, or batch the writes in one $transaction([...])`;
    case 'upsert':
      return 'batch the writes in one $transaction([...]), or load the existing rows once and split them into one createMany and one updateMany';
    case 'delete':
      return `delete them with one deleteMany({ ${inList} })`;
    case 'createMany':
    case 'createManyAndReturn':
    case 'updateMany':
    case 'updateManyAndReturn':
    case 'deleteMany':
      return 'merge the iterations into one call over the whole set';
    case 'count':
    case 'aggregate':
    case 'groupBy':
      return field ? `compute them in one groupBy({ by: ['${field}'], where: { ${field}: { in: ids } } })` : 'compute them in one groupBy over the whole set';
    case '$queryRaw':
    case '$queryRawUnsafe':
    case '$executeRaw':
    case '$executeRawUnsafe':
      return 'run one statement for the whole set (WHERE id = ANY(${ids}) / IN (${Prisma.join(ids)}))';
    default:
      return `load all rows at once with ${inList} and group them in memory, or use include on the parent query`;
  }
}

/** What a SQL call does: from its SQL text, or the knex builder method chained on it (`knex('t').insert(...)`). */
function sqlVerb(node: TSESTree.Node): 'insert' | 'update' | 'delete' | undefined {
  let text: string | undefined;
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) text = node.quasi.quasis[0]?.value.cooked ?? undefined;
  else if (node.type === AST_NODE_TYPES.CallExpression && node.arguments[0]) {
    const first = skipTypeWrappers(node.arguments[0]);
    if (first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string') text = first.value;
    else if (first.type === AST_NODE_TYPES.TemplateLiteral) text = first.quasis[0]?.value.cooked ?? undefined;
    else if (first.type === AST_NODE_TYPES.TaggedTemplateExpression) text = first.quasi.quasis[0]?.value.cooked ?? undefined;
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
      const method = getPropertyName(parent);
      if (method === 'insert') return 'insert';
      if (method === 'update') return 'update';
      if (method === 'del' || method === 'delete') return 'delete';
    }
  }
  const verb = /^\s*(insert|update|delete)\b/i.exec(text ?? '')?.[1]?.toLowerCase();
  return verb === 'insert' || verb === 'update' || verb === 'delete' ? verb : undefined;
}

const RELATION_OPERATORS = new Set(['some', 'every', 'none', 'is', 'isNot']);

/** The first field of `where`, and whether it is a compound unique (`domain_key: { domain, key }`) or a relation filter. */
function firstWhereField(node: TSESTree.Node): { name: string; compound: boolean } | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression || !node.arguments[0]) return undefined;
  const where = findProperty(node.arguments[0], 'where');
  if (!where) return undefined;
  const value = skipTypeWrappers(where.value);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  for (const property of value.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = getKeyName(property);
    if (!name || ['AND', 'OR', 'NOT'].includes(name)) continue;
    const inner = skipTypeWrappers(property.value);
    // A compound unique (`domain_key: { domain, key }`) or a relation filter (`posts: { some: … }`) has no single column to list.
    const compound =
      inner.type === AST_NODE_TYPES.ObjectExpression &&
      inner.properties.some((p) => {
        const key = p.type === AST_NODE_TYPES.Property ? getKeyName(p) ?? '' : '';
        return p.type === AST_NODE_TYPES.Property && (!FILTER_OPERATORS.has(key) || RELATION_OPERATORS.has(key));
      });
    return { name, compound };
  }
  return undefined;
}
