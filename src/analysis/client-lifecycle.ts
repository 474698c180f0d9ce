// Answers "is a database client created, checked out or closed where it leaks connections?".
// A client made per request, per iteration, or in a function those call opens a new pool each
// time; a memoised module-level or globalThis singleton does not; scripts and seeds that make
// one client for their run are fine.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { getCalleeMember, getCalleeName, getMemberPath, getPropertyName, getRootIdentifier, isFunctionNode, skipTypeWrappers, type FunctionNode } from './ast.js';
import type { ClientFactory } from './clients.js';
import type { Handler } from './handlers.js';
import { findExecutionOwner } from './iteration.js';
import type { BackendModel } from './model.js';

export type LeakFinding =
  | { kind: 'perRequest'; node: TSESTree.Node; factory: ClientFactory; handler: Handler; via: FunctionNode | undefined }
  | { kind: 'perIteration'; node: TSESTree.Node; factory: ClientFactory; loop: string }
  | { kind: 'unguardedSingleton'; node: TSESTree.Node; factory: ClientFactory }
  | { kind: 'unreleasedConnection'; node: TSESTree.CallExpression; method: string; releaseOutsideFinally: boolean }
  | { kind: 'disconnectInHandler'; node: TSESTree.CallExpression; handler: Handler; clientText: string };

const MEMOIZERS = /^(?:remember|memoize|memoizeOne|memo|once|cache|lazy|singleton|getOrCreate|useMemo|unstable_cache)$/;
const SCRIPT_PATH = /(?:^|\/)(?:scripts?|seeds?|seeders?|bin|cli|migrations?|tools|__tests__|tests?|e2e|fixtures|prisma)\//;
const SCRIPT_FILE = /(?:^|\/)(?:seed|[^/]*\.seed|[^/]*\.(?:test|spec|e2e))\.[cm]?[jt]sx?$/;

export function findClientLeaks(model: BackendModel, options: { nextProject: boolean }): LeakFinding[] {
  const findings: LeakFinding[] = [];
  const loopReach = functionsCalledPerIteration(model);
  const script = isScriptFile(model.filename, model.sourceCode.text);

  for (const node of [...model.newExpressions, ...model.calls]) {
    const factory = model.resolver.factoryOf(node);
    if (!factory?.pooled || isMemoised(node)) continue;
    const iteration = model.iterationOf(node);
    if (iteration) {
      findings.push({ kind: 'perIteration', node, factory, loop: iteration.description });
      continue;
    }
    const owner = findExecutionOwner(node, (fn) => model.handlers.has(fn));
    if (!owner) {
      if (options.nextProject && !script && factory.label === 'new PrismaClient()' && !isInsideGuard(node)) {
        findings.push({ kind: 'unguardedSingleton', node, factory });
      }
      continue;
    }
    const handler = model.handlerReach.get(owner);
    if (handler) {
      findings.push({ kind: 'perRequest', node, factory, handler, via: model.handlers.has(owner) ? undefined : owner });
      continue;
    }
    if (loopReach.has(owner)) findings.push({ kind: 'perIteration', node, factory, loop: `loop that calls ${functionLabel(owner)}` });
  }

  for (const call of model.calls) {
    const member = getCalleeMember(call);
    const method = member && getPropertyName(member);
    if (!member || !method) continue;
    if ((method === 'connect' || method === 'getConnection') && call.arguments.length === 0 && isPool(model, member.object)) {
      const problem = checkRelease(call);
      if (problem) findings.push({ kind: 'unreleasedConnection', node: call, method, releaseOutsideFinally: problem === 'outsideFinally' });
    } else if (method === '$disconnect') {
      const owner = findExecutionOwner(call, (fn) => model.handlers.has(fn));
      const handler = owner ? model.handlerReach.get(owner) : undefined;
      if (handler && model.resolver.classify(member.object) && isSharedClient(model, member.object, owner!)) {
        findings.push({ kind: 'disconnectInHandler', node: call, handler, clientText: model.getText(member.object) });
      }
    }
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

function functionLabel(fn: FunctionNode): string {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.id) return `${fn.id.name}()`;
  if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) return `${fn.parent.id.name}()`;
  return 'this function';
}

/** Functions of this file called inside an iteration, and those they call. */
function functionsCalledPerIteration(model: BackendModel): Set<FunctionNode> {
  const reach = new Set<FunctionNode>();
  const queue: FunctionNode[] = [];
  for (const call of model.calls) {
    const target = model.resolveLocalFunction(call);
    if (target && model.iterationOf(call)) queue.push(target);
  }
  while (queue.length > 0) {
    const fn = queue.pop()!;
    if (reach.has(fn)) continue;
    reach.add(fn);
    for (const local of model.summaryOf(fn)?.localCalls ?? []) queue.push(local.target);
  }
  return reach;
}

/**
 * Memoised creation: `global.prisma ?? new PrismaClient()`, `x ??= new Pool()`,
 * `if (!Db.instance) Db.instance = new PrismaClient()`, `remember('db', () => new PrismaClient())`.
 */
function isMemoised(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current) {
    switch (current.type) {
      case AST_NODE_TYPES.LogicalExpression:
        if (current.right === child && (current.operator === '??' || current.operator === '||')) return true;
        break;
      case AST_NODE_TYPES.AssignmentExpression:
        if (current.operator === '??=' || current.operator === '||=') return true;
        if (current.right === child && isInsideGuard(current, current.left)) return true;
        break;
      case AST_NODE_TYPES.CallExpression: {
        const name = getCalleeName(current);
        if (isFunctionNode(child) && name && MEMOIZERS.test(name)) return true;
        break;
      }
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration:
        // Keep going only through the function handed to a memoiser.
        if (current.parent?.type !== AST_NODE_TYPES.CallExpression) return false;
        break;
      default:
        break;
    }
    child = current;
    current = current.parent;
  }
  return false;
}

/** Inside an `if` whose test reads the stored name: `if (!global.prisma) global.prisma = new PrismaClient()`. */
function isInsideGuard(node: TSESTree.Node, target?: TSESTree.Node): boolean {
  const targetName = target ? getMemberPath(target)?.split('.').pop() : undefined;
  let current = node.parent;
  while (current && !isFunctionNode(current)) {
    if (current.type === AST_NODE_TYPES.IfStatement) {
      const testNames = identifierNames(current.test);
      if (targetName ? testNames.has(targetName) : testNames.has('globalThis') || testNames.has('global')) return true;
    }
    current = current.parent;
  }
  return false;
}

function identifierNames(node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: TSESTree.Node): void => {
    if (n.type === AST_NODE_TYPES.Identifier) names.add(n.name);
    if (n.type === AST_NODE_TYPES.MemberExpression) {
      const property = getPropertyName(n);
      if (property) names.add(property);
      visit(n.object);
      return;
    }
    for (const [key, value] of Object.entries(n)) {
      if (key === 'parent' || !value || typeof value !== 'object') continue;
      if (Array.isArray(value)) value.forEach((item) => item && typeof item.type === 'string' && visit(item));
      else if (typeof (value as TSESTree.Node).type === 'string') visit(value as TSESTree.Node);
    }
  };
  visit(node);
  return names;
}

function isPool(model: BackendModel, receiver: TSESTree.Node): boolean {
  const info = model.resolver.classify(receiver);
  if (info?.kind !== 'sql') return false;
  const text = getMemberPath(receiver) ?? '';
  return /pool/i.test(text) || /Pool|createPool/.test(info.reason);
}

/** `const client = await pool.connect(); try { … } finally { client.release() }` */
function checkRelease(call: TSESTree.CallExpression): 'missing' | 'outsideFinally' | undefined {
  let current: TSESTree.Node = call;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.AwaitExpression || current.parent.type === AST_NODE_TYPES.TSAsExpression)) {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.ReturnStatement || parent?.type === AST_NODE_TYPES.ArrowFunctionExpression) return undefined; // ownership passes to the caller
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.id.type !== AST_NODE_TYPES.Identifier) return 'missing';
  const name = parent.id.name;
  const scope = findEnclosingBlock(parent);
  if (!scope) return undefined;
  let releasedInFinally = false;
  let releasedElsewhere = false;
  let handedOn = false;
  const visit = (n: TSESTree.Node, inFinally: boolean): void => {
    if (n.type === AST_NODE_TYPES.TryStatement) {
      visit(n.block, inFinally);
      if (n.handler) visit(n.handler, inFinally);
      if (n.finalizer) visit(n.finalizer, true);
      return;
    }
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const member = getCalleeMember(n);
      const root = member && getRootIdentifier(member.object);
      const method = member && getPropertyName(member);
      if (root?.name === name && (method === 'release' || method === 'end' || method === 'destroy')) {
        if (inFinally) releasedInFinally = true;
        else releasedElsewhere = true;
      }
    }
    if (n.type === AST_NODE_TYPES.ReturnStatement && n.argument && skipTypeWrappers(n.argument).type === AST_NODE_TYPES.Identifier && (skipTypeWrappers(n.argument) as TSESTree.Identifier).name === name) {
      handedOn = true;
    }
    for (const [key, value] of Object.entries(n)) {
      if (key === 'parent' || !value || typeof value !== 'object') continue;
      if (Array.isArray(value)) value.forEach((item) => item && typeof item.type === 'string' && visit(item, inFinally));
      else if (typeof (value as TSESTree.Node).type === 'string') visit(value as TSESTree.Node, inFinally);
    }
  };
  visit(scope, false);
  if (releasedInFinally || handedOn) return undefined;
  return releasedElsewhere ? 'outsideFinally' : 'missing';
}

function findEnclosingBlock(node: TSESTree.Node): TSESTree.Node | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current.body;
    if (current.type === AST_NODE_TYPES.Program) return current;
    current = current.parent;
  }
  return undefined;
}

/** A client that outlives the handler: imported, module-level, or reached through `ctx`/`this`. */
function isSharedClient(model: BackendModel, receiver: TSESTree.Node, owner: FunctionNode): boolean {
  const root = getRootIdentifier(receiver);
  if (!root) return true; // this.prisma
  const variable = model.resolver.findVariable(root);
  if (!variable) return true;
  const def = variable.defs[0];
  if (!def) return true;
  if (def.type === 'ImportBinding' || def.type === 'Parameter') return true;
  return !(owner.range[0] <= def.name.range[0] && def.name.range[1] <= owner.range[1]);
}

/** Seeds, scripts, CLIs and tests create one client for their run. */
export function isScriptFile(filename: string, text: string): boolean {
  const path = filename.replaceAll('\\', '/');
  return SCRIPT_PATH.test(path) || SCRIPT_FILE.test(path) || text.startsWith('#!');
}

const nextProjectByDirectory = new Map<string, boolean>();

/** Is the file part of a Next.js project (a `next` dependency in the nearest package.json)? */
export function isNextProject(filename: string): boolean {
  let directory = dirname(filename);
  const visited: string[] = [];
  let result = false;
  for (let depth = 0; depth < 30; depth++) {
    const cached = nextProjectByDirectory.get(directory);
    if (cached !== undefined) {
      result = cached;
      break;
    }
    visited.push(directory);
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
        result = !!(pkg.dependencies?.next ?? pkg.devDependencies?.next ?? pkg.peerDependencies?.next);
      } catch {
        result = false;
      }
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  for (const dir of visited) nextProjectByDirectory.set(dir, result);
  return result;
}
