// Answers "does this node run once per iteration of something, and of what?".
// A node inside a loop body, or inside a callback of an array method, runs per element.
// A function passed to another call (`retry(() => …)`, `new Promise(r => …)`) is assumed to
// run where it is written; a function that is stored or returned is not.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describeLoop, getCalleeMember, getPropertyName, isFunctionNode, isLoopNode, skipTypeWrappers, type FunctionNode, type LoopNode } from './ast.js';

export const ARRAY_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

/** Helpers that call a function once per element: `pMap(ids, fn, { concurrency })`, bluebird's `Promise.map(ids, fn)`. */
const PER_ELEMENT_HELPERS = /^(?:pMap|pMapSeries|pEach|pEachSeries|pFilter|mapLimit|mapSeries|eachLimit|eachSeries|forEachLimit)$/;
const BLUEBIRD_METHODS = /^(?:map|mapSeries|each|filter|reduce)$/;

/**
 * Calls that register a function to run on later events, not now: `emitter.on('x', fn)`,
 * `new Worker(queue, fn)`, `cron.schedule(expr, fn)`, `setInterval(fn)`. A function registered in a
 * loop runs per event, not per iteration.
 */
const REGISTRATION_METHODS = /^(?:on|once|addListener|prependListener|addEventListener|subscribe|schedule|setInterval)$/;
const REGISTRATION_CONSTRUCTORS = /^(?:Worker|CronJob|Cron)$/;

/** Whether an iteration's callbacks all start at once (`pMap`, `Bluebird.map`), as opposed to one after another (`mapSeries`). */
export function isConcurrentHelper(method: string): boolean {
  return !ARRAY_CALLBACK_METHODS.has(method) && method !== 'from' && !/Series$/.test(method) && !/\.(?:each|reduce)$/.test(method);
}

export type Iteration =
  | { kind: 'loop'; node: LoopNode; description: string }
  | { kind: 'callback'; node: TSESTree.CallExpression; callback: FunctionNode; method: string; description: string };

/** The call an iteration callback is passed to (`xs.map(fn)` → that call), or undefined. */
export function getIterationCallbackCall(fn: FunctionNode): { call: TSESTree.CallExpression; method: string } | undefined {
  const parent = fn.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const member = getCalleeMember(parent);
  if (member) {
    const method = getPropertyName(member);
    if (method && ARRAY_CALLBACK_METHODS.has(method) && parent.arguments[0] === fn) {
      // Promise.then-style chains are not iteration; neither is a method on an obvious non-array.
      return { call: parent, method };
    }
    // Array.from(xs, fn)
    if (method === 'from' && parent.arguments[1] === fn && skipTypeWrappers(member.object).type === AST_NODE_TYPES.Identifier) {
      const object = skipTypeWrappers(member.object) as TSESTree.Identifier;
      if (object.name === 'Array') return { call: parent, method: 'from' };
    }
    // Bluebird.map(xs, fn), Promise.map(xs, fn) with bluebird, async.mapLimit(xs, 5, fn)
    const object = skipTypeWrappers(member.object);
    if (method && object.type === AST_NODE_TYPES.Identifier && parent.arguments[0] !== fn) {
      if (/^(?:Bluebird|Promise|bluebird|P)$/.test(object.name) && BLUEBIRD_METHODS.test(method) && parent.arguments[1] === fn) return { call: parent, method: `${object.name}.${method}` };
      if (object.name === 'async' && PER_ELEMENT_HELPERS.test(method) && parent.arguments[parent.arguments.length - 1] === fn) return { call: parent, method: `async.${method}` };
    }
  }
  // pMap(ids, fn, { concurrency: 5 })
  const callee = skipTypeWrappers(parent.callee);
  if (callee.type === AST_NODE_TYPES.Identifier && PER_ELEMENT_HELPERS.test(callee.name) && parent.arguments[1] === fn) {
    return { call: parent, method: callee.name };
  }
  return undefined;
}

/** Whether a function is handed to an event registration, so it runs per event rather than here. */
export function isRegisteredCallback(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && (parent.arguments as readonly TSESTree.Node[]).includes(fn)) {
    const callee = skipTypeWrappers(parent.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
    return !!name && REGISTRATION_METHODS.test(name);
  }
  if (parent?.type === AST_NODE_TYPES.NewExpression && (parent.arguments as readonly TSESTree.Node[]).includes(fn)) {
    const callee = skipTypeWrappers(parent.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
    return !!name && REGISTRATION_CONSTRUCTORS.test(name);
  }
  return false;
}

/**
 * How a function runs relative to where it is written:
 * - 'iteration': per element of an array method;
 * - 'inline': passed to a call or invoked immediately, so it runs here (approximately);
 * - 'detached': declared, stored or returned; runs whenever someone calls it.
 */
export function functionPlacement(fn: FunctionNode): 'iteration' | 'inline' | 'detached' {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return 'detached';
  if (getIterationCallbackCall(fn)) return 'iteration';
  let node: TSESTree.Node = fn;
  let parent = node.parent;
  while (parent && (parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.TSSatisfiesExpression)) {
    node = parent;
    parent = node.parent;
  }
  if (parent?.type === AST_NODE_TYPES.CallExpression) {
    // IIFE, or an argument to a wrapper. A function handed to `.then`/`setTimeout` still runs in this flow.
    return 'inline';
  }
  if (parent?.type === AST_NODE_TYPES.NewExpression) return 'inline';
  return 'detached';
}

function isPerIterationPart(loop: LoopNode, child: TSESTree.Node): boolean {
  switch (loop.type) {
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
      return child === loop.body || child === loop.left;
    case AST_NODE_TYPES.ForStatement:
      return child === loop.body || child === loop.test || child === loop.update;
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return child === loop.body || child === loop.test;
  }
}

/** The nearest iteration a node runs in, within its execution flow. */
export function findIteration(node: TSESTree.Node, isBoundary: (fn: FunctionNode) => boolean = () => false): Iteration | undefined {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current) {
    if (isLoopNode(current) && isPerIterationPart(current, child)) {
      return { kind: 'loop', node: current, description: describeLoop(current) };
    }
    if (isFunctionNode(current)) {
      if (isBoundary(current) || isRegisteredCallback(current)) return undefined;
      const placement = functionPlacement(current);
      if (placement === 'iteration') {
        const info = getIterationCallbackCall(current)!;
        const description = ARRAY_CALLBACK_METHODS.has(info.method) || info.method === 'from' ? `.${info.method}() callback` : `${info.method}() callback`;
        return { kind: 'callback', node: info.call, callback: current, method: info.method, description };
      }
      if (placement === 'detached') return undefined;
    }
    child = current;
    current = current.parent;
  }
  return undefined;
}

/**
 * The function whose call runs this node: the nearest enclosing function that is not an
 * inline callback. Undefined at module level.
 */
export function findExecutionOwner(
  node: TSESTree.Node,
  isBoundary: (fn: FunctionNode) => boolean = () => false,
): FunctionNode | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current) && (isBoundary(current) || functionPlacement(current) === 'detached')) return current;
    current = current.parent;
  }
  return undefined;
}
