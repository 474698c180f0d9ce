// Answers "is a database client created, checked out or closed where it leaks connections?".
// A client made per request, per iteration, or in a function those call opens a new pool each
// time; a memoised module-level or globalThis singleton does not; scripts and seeds that make
// one client for their run are fine.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  getCalleeMember,
  getCalleeName,
  getFunctionName,
  getKeyName,
  getMemberPath,
  getPropertyName,
  getRootIdentifier,
  getStaticString,
  isFunctionNode,
  isLoopNode,
  skipTypeWrappers,
  type FunctionNode,
} from './ast.js';
import type { ClientFactory } from './clients.js';
import { classifyFile, type Handler } from './handlers.js';
import { findExecutionOwner, getIterationCallbackCall, type Iteration } from './iteration.js';
import type { BackendModel } from './model.js';

export type LeakFinding =
  /** `via`: the function (or constructor) of this file the handler calls that creates the client. */
  | { kind: 'perRequest'; node: TSESTree.Node; factory: ClientFactory; handler: Handler; via: string | undefined }
  | { kind: 'perIteration'; node: TSESTree.Node; factory: ClientFactory; loop: string }
  /** `via`: the function called at module load that creates the client. */
  | { kind: 'unguardedSingleton'; node: TSESTree.Node; factory: ClientFactory; via: string | undefined }
  | { kind: 'unreleasedConnection'; node: TSESTree.CallExpression; method: string; releaseOutsideFinally: boolean }
  | { kind: 'disconnectInHandler'; node: TSESTree.CallExpression; handler: Handler; clientText: string; method: string };

type Creation = TSESTree.NewExpression | TSESTree.CallExpression;

const MEMOIZERS = /^(?:remember|memoize|memoizeOne|memo|once|cache|lazy|singleton|getOrCreate|useMemo|unstable_cache|lazySingleton|globalSingleton|getGlobal)$/;
/** Methods that close a client or pool for good. */
const CLOSE_METHODS = new Set(['end', '$disconnect', 'quit', 'disconnect', 'destroy', 'close']);
/** Methods that store a value in a collection. */
const STORE_METHODS = new Set(['push', 'unshift', 'set', 'add']);
/** Folders whose files are one-off programs: they create one client for their run. */
const SCRIPT_DIR = /(?:^|\/)(?:scripts?|seeds?|seeders?|seeding|bin|cli|migrations?|tools|__tests__|__mocks__|tests?|e2e|fixtures)\//;
const SCRIPT_FILE = /(?:^|\/)(?:seed[^/]*|[^/]*\.seeds?|[^/]*\.(?:test|spec|e2e)|(?:vitest|jest)[.-]setup[^/]*|global-?(?:setup|teardown))\.[cm]?[jt]sx?$/i;
/** Files directly in a `prisma/` folder are seeds and maintenance scripts, except a client module. */
const PRISMA_FOLDER_FILE = /(?:^|\/)prisma\/(?!(?:index|client|db|database|prisma)\.[cm]?[jt]sx?$)[^/]+\.[cm]?[jt]sx?$/;

/** Words without which a file can hold no finding: most files leave here at once. */
const RELEVANT_TEXT = /PrismaClient|Pool|Client|createConnection|Redis|Cluster|postgres|knex|Sequelize|DataSource|connect|getConnection|\$disconnect|\.end\(|quit\(/;

export function findClientLeaks(model: BackendModel, options: { nextProject: boolean }): LeakFinding[] {
  const findings: LeakFinding[] = [];
  if (!RELEVANT_TEXT.test(model.sourceCode.text)) return findings;
  let reach: ReadonlyMap<FunctionNode, Handler> | undefined;
  const getReach = (): ReadonlyMap<FunctionNode, Handler> => {
    if (!reach) {
      try {
        reach = requestReach(model);
      } catch {
        reach = model.handlerReach; // fall back to the handlers alone
      }
    }
    return reach;
  };
  try {
    collectCreationLeaks(model, getReach, options, findings);
  } catch {
    // An unexpected shape must never take down the lint run; the other checks still run.
  }
  try {
    collectConnectionLeaks(model, getReach, isScriptFile(model.filename, model.sourceCode.text), findings);
  } catch {
    // Same.
  }
  return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

// ---------------------------------------------------------------- creation per request / iteration / load

function collectCreationLeaks(
  model: BackendModel,
  getReach: () => ReadonlyMap<FunctionNode, Handler>,
  options: { nextProject: boolean },
  findings: LeakFinding[],
): void {
  const creations: { node: Creation; factory: ClientFactory }[] = [];
  for (const node of [...model.newExpressions, ...model.calls]) {
    const factory = model.resolver.factoryOf(node);
    if (factory?.pooled && !(factory.kind === 'prisma' && talksHttp(model, node))) creations.push({ node, factory });
  }
  if (creations.length === 0) return;
  creations.sort((a, b) => a.node.range[0] - b.node.range[0]);

  const analysis = new CreationAnalysis(model, getReach(), creations);
  const script = isScriptFile(model.filename, model.sourceCode.text) || analysis.disconnectsAtLoad();
  const edge = isEdgeRuntime(model.sourceCode.ast as TSESTree.Program);

  for (const { node, factory } of creations) {
    if (isMemoised(node)) {
      // `export const prisma = globalForPrisma.prisma ?? new PrismaClient()` with nothing ever stored there.
      const checksNext = options.nextProject && !script && factory.kind === 'prisma';
      if (checksNext && !findExecutionOwner(node, (fn) => model.handlers.has(fn)) && readsGlobalNeverWritten(node, model.sourceCode.ast as TSESTree.Program)) {
        findings.push({ kind: 'unguardedSingleton', node, factory, via: undefined });
      }
      continue;
    }
    const iteration = model.iterationOf(node);
    if (iteration && !analysis.isCollected(node) && !loopExitsEarly(iteration) && !analysis.isPerElementClient(node, iteration)) {
      findings.push({ kind: 'perIteration', node, factory, loop: iteration.description });
      continue;
    }
    const owner = findExecutionOwner(node, (fn) => model.handlers.has(fn));
    const constructed = owner ? constructorClass(owner) : analysis.classOf(node);
    if (!owner && !constructed) {
      if (options.nextProject && !script && factory.kind === 'prisma' && !isGuardedAtLoad(node)) {
        findings.push({ kind: 'unguardedSingleton', node, factory, via: undefined });
      }
      continue;
    }
    // Per request: the handler itself, a function of this file it calls, or a class it instantiates.
    const reached = (owner && analysis.handlerReaching(owner)) ?? (constructed && analysis.handlerConstructing(constructed));
    if (reached) {
      if (edge) continue; // Edge runtimes cannot keep a connection across requests: one per request is the rule there.
      if (factory.kind !== 'prisma' && analysis.isClosedByItsUser(node, owner)) continue; // a connection per request, closed: slow, not leaked
      findings.push({ kind: 'perRequest', node, factory, handler: reached.handler, via: reached.via });
      continue;
    }
    const loop = (owner && analysis.loopReaching(owner)) ?? (constructed && analysis.loopConstructing(constructed));
    if (loop && !analysis.isPerElementClient(node, undefined)) {
      findings.push({ kind: 'perIteration', node, factory, loop });
      continue;
    }
    if (owner && options.nextProject && !script && factory.kind === 'prisma' && analysis.runsAtLoad(owner)) {
      findings.push({ kind: 'unguardedSingleton', node, factory, via: functionLabel(owner) });
    }
  }
}

/** Per-file facts about where functions and classes of this file run, computed on demand. */
class CreationAnalysis {
  private loopReach: Map<FunctionNode, string> | undefined;
  private loadReach: Set<FunctionNode> | undefined;
  private returningFunctions: Set<FunctionNode> | undefined;

  constructor(
    private readonly model: BackendModel,
    private readonly reach: ReadonlyMap<FunctionNode, Handler>,
    private readonly creations: readonly { node: Creation; factory: ClientFactory }[],
  ) {}

  private readonly isHandler = (fn: FunctionNode): boolean => this.model.handlers.has(fn);

  /** The handler that runs `fn` on every request, and the name of the function that creates the client. */
  handlerReaching(fn: FunctionNode): { handler: Handler; via: string | undefined } | undefined {
    const handler = this.reach.get(fn);
    if (!handler) return undefined;
    return { handler, via: handler.node === fn ? undefined : functionLabel(fn) };
  }

  /** A handler that instantiates this class of the file (`new UserService()` per request). */
  handlerConstructing(cls: ClassNode): { handler: Handler; via: string | undefined } | undefined {
    for (const site of this.constructionsOf(cls)) {
      if (isMemoised(site)) continue;
      const owner = findExecutionOwner(site, this.isHandler);
      const handler = owner && this.reach.get(owner);
      if (handler) return { handler, via: `new ${cls.id?.name ?? 'this class'}()` };
    }
    return undefined;
  }

  loopReaching(fn: FunctionNode): string | undefined {
    this.loopReach ??= this.computeLoopReach();
    return this.loopReach.get(fn);
  }

  loopConstructing(cls: ClassNode): string | undefined {
    for (const site of this.constructionsOf(cls)) {
      if (isMemoised(site) || this.isCollected(site)) continue;
      const iteration = this.model.iterationOf(site);
      if (iteration && !loopExitsEarly(iteration)) return `loop that runs new ${cls.id?.name ?? 'this class'}()`;
      const owner = findExecutionOwner(site, this.isHandler);
      const loop = owner && this.loopReaching(owner);
      if (loop) return loop;
    }
    return undefined;
  }

  runsAtLoad(fn: FunctionNode): boolean {
    this.loadReach ??= this.computeLoadReach();
    return this.loadReach.has(fn);
  }

  /** The class whose instances create this client in a field initialiser (`private prisma = new PrismaClient()`). */
  classOf(node: TSESTree.Node): ClassNode | undefined {
    let current = node.parent;
    while (current) {
      if (isFunctionNode(current)) return undefined;
      if (current.type === AST_NODE_TYPES.PropertyDefinition) {
        if (current.static) return undefined; // runs once, when the class is defined
        const body = current.parent;
        const cls = body?.parent;
        return cls && (cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression) ? cls : undefined;
      }
      current = current.parent;
    }
    return undefined;
  }

  /** `new Cls()` sites of this file, and the class's constructor for calls through it. */
  private constructionsOf(cls: ClassNode): TSESTree.NewExpression[] {
    const name = cls.id?.name;
    if (!name) return [];
    return this.model.newExpressions.filter((site) => {
      const callee = skipTypeWrappers(site.callee);
      if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== name) return false;
      const def = this.model.resolver.findVariable(callee)?.defs[0];
      return def?.node === cls;
    });
  }

  /** Functions of this file run once per iteration (called in a loop, or by such a function), with the loop. */
  private computeLoopReach(): Map<FunctionNode, string> {
    const reach = new Map<FunctionNode, string>();
    const queue: [FunctionNode, string][] = [];
    for (const call of this.model.calls) {
      const target = this.model.resolveLocalFunction(call);
      if (!target) continue;
      const iteration = this.model.iterationOf(call);
      if (!iteration || loopExitsEarly(iteration) || isMemoised(call)) continue;
      // `clients.set(name, createClient(url))`: a client per shard, kept; not a leak per iteration.
      if (this.isCollected(call) && this.returnsCreation(target)) continue;
      queue.push([target, `${iteration.description} that calls ${functionLabel(target)}`]);
    }
    // Functions called from a per-iteration function run per iteration too.
    while (queue.length > 0) {
      const [fn, loop] = queue.shift()!;
      if (reach.has(fn)) continue;
      reach.set(fn, loop);
      for (const local of this.model.summaryOf(fn)?.localCalls ?? []) {
        if (!isMemoised(local.call)) queue.push([local.target, loop]);
      }
    }
    return reach;
  }

  /** Functions of this file that module load runs: called at the top level, or by such a function. */
  private computeLoadReach(): Set<FunctionNode> {
    const reach = new Set<FunctionNode>();
    const queue: FunctionNode[] = [];
    for (const call of this.model.calls) {
      if (findExecutionOwner(call, this.isHandler)) continue;
      const target = this.model.resolveLocalFunction(call);
      if (target && !isMemoised(call) && !isGuardedAtLoad(call)) queue.push(target);
    }
    while (queue.length > 0) {
      const fn = queue.pop()!;
      if (reach.has(fn)) continue;
      reach.add(fn);
      for (const local of this.model.summaryOf(fn)?.localCalls ?? []) {
        if (!isMemoised(local.call)) queue.push(local.target);
      }
    }
    return reach;
  }

  /** Functions that return a client they create: `const createClient = (url) => new Pool({ ... })`. */
  private returnsCreation(fn: FunctionNode): boolean {
    if (!this.returningFunctions) {
      this.returningFunctions = new Set();
      for (const { node } of this.creations) {
        const owner = findExecutionOwner(node, this.isHandler);
        if (owner && this.escapesByReturn(node, owner)) this.returningFunctions.add(owner);
      }
    }
    return this.returningFunctions.has(fn);
  }

  private escapesByReturn(node: TSESTree.Node, owner: FunctionNode): boolean {
    const sink = valueSink(node);
    if (sink.kind === 'return') return sink.fn === owner;
    if (sink.kind === 'binding') {
      return this.readsOf(sink.id).some((read) => {
        const readSink = valueSink(read);
        return readSink.kind === 'return' && readSink.fn === owner;
      });
    }
    return false;
  }

  /**
   * The client (or a call that returns one) is kept in a collection or returned from a `.map()`
   * callback: one client per element, built once and kept, not one per pass thrown away.
   */
  isCollected(node: TSESTree.Node): boolean {
    const kept = (sink: Sink): boolean =>
      sink.kind === 'stored' || sink.kind === 'member' || (sink.kind === 'return' && !returnsIntoTheVoid(sink.fn));
    const sink = valueSink(node);
    if (kept(sink)) return true;
    return sink.kind === 'binding' && this.readsOf(sink.id).some((read) => kept(valueSink(read)));
  }

  /**
   * A client configured from the element and closed in the same pass, the normal way to visit
   * several databases (one per tenant or shard): `new Client({ connectionString: tenant.url })` … `end()`.
   */
  isPerElementClient(node: Creation, iteration: Iteration | undefined): boolean {
    if (node.arguments.length === 0) return false;
    const scope = iteration ? iterationBody(iteration) : findExecutionOwner(node, this.isHandler);
    return !!scope && this.isClosedWithin(node, scope);
  }

  /**
   * The client is closed by the code that uses it: in the function that creates it, or, for a
   * helper that returns it, by every caller.
   */
  isClosedByItsUser(node: Creation, owner: FunctionNode | undefined): boolean {
    if (!owner) return false;
    if (this.isClosedWithin(node, owner)) return true;
    if (!this.escapesByReturn(node, owner)) return false;
    const sites = this.model.calls.filter((call) => this.model.resolveLocalFunction(call) === owner);
    return sites.length > 0 && sites.every((site) => {
      const caller = findExecutionOwner(site, this.isHandler);
      return !!caller && this.isClosedWithin(site, caller);
    });
  }

  /** `const pool = new Pool(); … pool.end()` (also `ctx.waitUntil(pool.end())`, `finally { await client.end() }`). */
  private isClosedWithin(node: TSESTree.Node, scope: TSESTree.Node): boolean {
    const sink = valueSink(node);
    if (sink.kind !== 'binding') return false;
    const variable = this.model.resolver.findVariable(sink.id);
    if (!variable) return false;
    for (const call of this.model.callsWithin(scope)) {
      const member = getCalleeMember(call);
      const method = member && getPropertyName(member);
      if (!member || !method || !CLOSE_METHODS.has(method)) continue;
      const receiver = skipTypeWrappers(member.object);
      if (receiver.type === AST_NODE_TYPES.Identifier && this.model.resolver.findVariable(receiver) === variable) return true;
    }
    return false;
  }

  private readsOf(id: TSESTree.Identifier): TSESTree.Identifier[] {
    const variable = this.model.resolver.findVariable(id);
    if (!variable) return [];
    return variable.references.filter((reference) => reference.isRead()).map((reference) => reference.identifier as TSESTree.Identifier);
  }

  /** Seeds and scripts end with `main().finally(() => prisma.$disconnect())`: the module owns its client's whole life. */
  disconnectsAtLoad(): boolean {
    for (const call of this.model.calls) {
      const member = getCalleeMember(call);
      if (!member || getPropertyName(member) !== '$disconnect') continue;
      if (isInListenerCallback(call)) continue;
      const owner = findExecutionOwner(call, this.isHandler);
      if (!owner || (!this.model.handlers.has(owner) && this.runsAtLoad(owner))) return true;
    }
    return false;
  }
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** The class of a constructor: `constructor() { this.client = new PrismaClient() }` runs once per instance. */
function constructorClass(fn: FunctionNode): ClassNode | undefined {
  const method = fn.parent;
  if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.kind !== 'constructor') return undefined;
  const cls = method.parent?.parent;
  return cls && (cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression) ? cls : undefined;
}

type Sink =
  | { kind: 'binding'; id: TSESTree.Identifier }
  | { kind: 'member' }
  | { kind: 'stored' }
  | { kind: 'return'; fn: FunctionNode | undefined }
  | { kind: 'other' };

/** Where the value of an expression goes: a variable, a member, a collection, a return, or elsewhere. */
function valueSink(node: TSESTree.Node): Sink {
  let child: TSESTree.Node = node;
  let current = node.parent;
  for (let depth = 0; current && depth < 20; depth++) {
    switch (current.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ArrayExpression: // [name, client] pairs
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.SpreadElement:
        break;
      case AST_NODE_TYPES.Property:
        if (current.value !== child) return { kind: 'other' };
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (current.test === child) return { kind: 'other' };
        break;
      case AST_NODE_TYPES.VariableDeclarator:
        return current.init === child && current.id.type === AST_NODE_TYPES.Identifier ? { kind: 'binding', id: current.id } : { kind: 'other' };
      case AST_NODE_TYPES.AssignmentExpression: {
        if (current.right !== child) return { kind: 'other' };
        const left = skipTypeWrappers(current.left);
        if (left.type === AST_NODE_TYPES.Identifier) return { kind: 'binding', id: left };
        return left.type === AST_NODE_TYPES.MemberExpression ? { kind: 'member' } : { kind: 'other' };
      }
      case AST_NODE_TYPES.CallExpression: {
        const member = getCalleeMember(current);
        const method = member && getPropertyName(member);
        if (current.callee !== child && method && STORE_METHODS.has(method)) return { kind: 'stored' };
        return { kind: 'other' };
      }
      case AST_NODE_TYPES.NewExpression:
        // new Worker(name, fn, { connection: new IORedis() }), new PrismaPg(pool): the new object keeps it.
        return current.callee !== child ? { kind: 'stored' } : { kind: 'other' };
      case AST_NODE_TYPES.ReturnStatement:
        return { kind: 'return', fn: enclosingFunction(current) };
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return current.body === child ? { kind: 'return', fn: current } : { kind: 'other' };
      default:
        return { kind: 'other' };
    }
    child = current;
    current = current.parent;
  }
  return { kind: 'other' };
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current && !isFunctionNode(current)) current = current.parent;
  return current ?? undefined;
}

/** A callback whose return value the array method drops: `xs.forEach((x) => new Pool())`. */
function returnsIntoTheVoid(fn: FunctionNode | undefined): boolean {
  const method = fn && getIterationCallbackCall(fn)?.method;
  return !!method && !COLLECTING_METHODS.has(method);
}

const COLLECTING_METHODS = new Set(['map', 'flatMap', 'reduce', 'reduceRight', 'from']);

/** The statements that run once per pass of an iteration. */
function iterationBody(iteration: Iteration): TSESTree.Node {
  return iteration.kind === 'loop' ? iteration.node.body : iteration.callback;
}

/** A loop left by `break` or `return` once it has what it wants: retry and first-match loops. */
function loopExitsEarly(iteration: Iteration): boolean {
  if (iteration.kind !== 'loop') return false;
  let found = false;
  const visit = (node: TSESTree.Node, nestedLoop: boolean): void => {
    if (found || isFunctionNode(node)) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement) {
      found = true;
      return;
    }
    if (node.type === AST_NODE_TYPES.BreakStatement && (node.label || !nestedLoop)) {
      found = true;
      return;
    }
    const nested = nestedLoop || isLoopNode(node) || node.type === AST_NODE_TYPES.SwitchStatement;
    forEachChild(node, (child) => visit(child, nested));
  };
  visit(iteration.node.body, false);
  return found;
}

function forEachChild(node: TSESTree.Node, callback: (child: TSESTree.Node) => void): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || !value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof (item as TSESTree.Node).type === 'string') callback(item as TSESTree.Node);
    } else if (typeof (value as TSESTree.Node).type === 'string') {
      callback(value as TSESTree.Node);
    }
  }
}

function functionLabel(fn: FunctionNode): string {
  const name = getFunctionName(fn);
  return name ? `${name}()` : 'a function of this file';
}

/** `export const runtime = 'edge'` (app router) or `export const config = { runtime: 'edge' }` (pages router). */
function isEdgeRuntime(program: TSESTree.Program): boolean {
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || statement.declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of statement.declaration.declarations) {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
      const init = skipTypeWrappers(declarator.init);
      let value: string | undefined;
      if (declarator.id.name === 'runtime') value = getStaticString(init);
      if (declarator.id.name === 'config' && init.type === AST_NODE_TYPES.ObjectExpression) {
        for (const property of init.properties) {
          if (property.type === AST_NODE_TYPES.Property && getKeyName(property) === 'runtime') value = getStaticString(property.value);
        }
      }
      if (value === 'edge' || value === 'experimental-edge') return true;
    }
  }
  return false;
}

/** `process.on('SIGTERM', () => prisma.$disconnect())`: shutdown hooks, not the end of a script. */
function isInListenerCallback(node: TSESTree.Node): boolean {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current) && current.parent?.type === AST_NODE_TYPES.CallExpression) {
      const name = getCalleeName(current.parent);
      if (name && /^(?:on|once|addListener|addEventListener|prependListener|beforeExit|enableShutdownHooks)$/.test(name)) return true;
    }
    current = current.parent;
  }
  return false;
}

/** Driver adapters and extensions that reach the database over HTTP hold no connections. */
const HTTP_ADAPTERS = /^(?:PrismaPlanetScale|PrismaNeonHTTP|PrismaNeonHttp|PrismaD1|PrismaD1HTTP|PrismaD1Http)$/;

/**
 * `new PrismaClient({ adapter: new PrismaPlanetScale(client) })`, `new PrismaClient().$extends(withAccelerate())`:
 * the client holds no connection pool of its own, so another instance costs no connections.
 */
function talksHttp(model: BackendModel, node: Creation): boolean {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && getPropertyName(parent) === '$extends') {
    const call = parent.parent;
    const extension = call?.type === AST_NODE_TYPES.CallExpression ? call.arguments[0] : undefined;
    if (extension?.type === AST_NODE_TYPES.CallExpression && getCalleeName(extension) === 'withAccelerate') return true;
  }
  const options = node.arguments[0] ? skipTypeWrappers(node.arguments[0]) : undefined;
  if (options?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const adapter = options.properties.find((property) => property.type === AST_NODE_TYPES.Property && getKeyName(property) === 'adapter');
  if (adapter?.type !== AST_NODE_TYPES.Property) return false;
  let value: TSESTree.Node = skipTypeWrappers(adapter.value);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const def = model.resolver.findVariable(value)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    if (!init) return false;
    value = skipTypeWrappers(init);
  }
  if (value.type !== AST_NODE_TYPES.NewExpression && value.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = getCalleeName(value);
  return !!name && HTTP_ADAPTERS.test(name);
}

// ---------------------------------------------------------------- per-request entry points

const SERVER_COMPONENT_FILE = /(?:^|\/)app\/(?:.*\/)?(?:page|layout|template|default)\.[cm]?[jt]sx?$/;
const CONTEXT_FACTORY = /^create(?:Inner)?(?:TRPC|Trpc|GraphQL|Graphql|Apollo|Yoga)?Context$/;

/**
 * Functions that run on every request: the model's handlers and what they call, plus two kinds
 * of per-request code this rule also cares about: app-router server components (a page renders
 * per request) and request-context factories (tRPC `createContext`, GraphQL `context: () => …`).
 */
function requestReach(model: BackendModel): ReadonlyMap<FunctionNode, Handler> {
  const extra = extraEntryPoints(model);
  if (extra.length === 0) return model.handlerReach;
  const reach = new Map(model.handlerReach);
  const queue: [FunctionNode, Handler][] = extra.map((handler) => [handler.node, handler]);
  while (queue.length > 0) {
    const [fn, handler] = queue.shift()!;
    if (reach.has(fn)) continue;
    reach.set(fn, handler);
    for (const local of model.summaryOf(fn)?.localCalls ?? []) queue.push([local.target, handler]);
  }
  return reach;
}

function extraEntryPoints(model: BackendModel): Handler[] {
  const entries: Handler[] = [];
  const add = (node: FunctionNode, label: string): void => {
    if (model.handlers.has(node) || entries.some((entry) => entry.node === node)) return;
    entries.push({ node, kind: 'server-action', httpMethod: undefined, label, registration: undefined, inputValidator: undefined, passthroughValidator: undefined });
  };
  const program = model.sourceCode.ast as TSESTree.Program;
  if (SERVER_COMPONENT_FILE.test(model.filename.replaceAll('\\', '/'))) {
    for (const statement of program.body) {
      if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
        const fn = localFunction(model, statement.declaration);
        if (fn) add(fn, 'server component');
      } else if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration) {
        const declaration = statement.declaration;
        if (declaration.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id?.name === 'generateMetadata') add(declaration, 'generateMetadata');
        if (declaration.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of declaration.declarations) {
            const fn = declarator.init && localFunction(model, declarator.init);
            if (fn && declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === 'generateMetadata') add(fn, 'generateMetadata');
          }
        }
      }
    }
  }
  // export const GET = withPrisma(async (req) => …): what the local wrapper returns runs per request.
  const file = classifyFile(model.filename.replaceAll('\\', '/'));
  if (file.isAppRoute || file.isPagesApi) {
    for (const [name, value] of exportedValues(program)) {
      const label = file.isAppRoute && HTTP_EXPORTS.has(name) ? `${name} route handler` : file.isPagesApi && name === 'default' ? 'API route handler' : undefined;
      const call = value && skipTypeWrappers(value);
      if (!label || call?.type !== AST_NODE_TYPES.CallExpression) continue;
      const wrapper = localFunction(model, call.callee);
      if (wrapper) for (const returned of returnedFunctions(wrapper)) add(returned, label);
    }
  }
  for (const fn of model.functions) {
    const name = getFunctionName(fn);
    if (name && CONTEXT_FACTORY.test(name)) {
      add(fn, 'request context factory');
      continue;
    }
    // new ApolloServer(…) / startStandaloneServer(server, { context: async ({ req }) => ({ … }) })
    const property = fn.parent;
    if (property?.type === AST_NODE_TYPES.Property && property.value === fn && getKeyName(property) === 'context') {
      const host = property.parent?.parent;
      if (host?.type === AST_NODE_TYPES.CallExpression || host?.type === AST_NODE_TYPES.NewExpression) add(fn, 'request context factory');
    }
  }
  return entries;
}

const HTTP_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** `export const GET = …`, `export default …`, `export { handler as POST }`: name and value. */
function exportedValues(program: TSESTree.Program): [string, TSESTree.Node | null | undefined][] {
  const result: [string, TSESTree.Node | null | undefined][] = [];
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) result.push(['default', statement.declaration]);
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declaration.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier) result.push([declarator.id.name, declarator.init]);
      }
    }
  }
  return result;
}

/** The functions a wrapper returns: `(handler) => async (req) => …`, `function w(h) { return async (req) => … }`. */
function returnedFunctions(fn: FunctionNode): FunctionNode[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    const body = skipTypeWrappers(fn.body);
    return isFunctionNode(body) ? [body] : [];
  }
  const result: FunctionNode[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (isFunctionNode(node)) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) {
      const value = skipTypeWrappers(node.argument);
      if (isFunctionNode(value)) result.push(value);
    }
    forEachChild(node, visit);
  };
  visit(fn.body);
  return result;
}

function localFunction(model: BackendModel, node: TSESTree.Node): FunctionNode | undefined {
  const value = skipTypeWrappers(node);
  if (isFunctionNode(value)) return value;
  return value.type === AST_NODE_TYPES.Identifier ? model.resolver.functionOf(value) : undefined;
}

// ---------------------------------------------------------------- memoisation and guards

/**
 * `globalForPrisma.prisma ?? new PrismaClient()` where nothing in the module ever stores a client
 * under that name: the guard reads a slot that stays empty, so every reload still makes a client.
 */
function readsGlobalNeverWritten(node: TSESTree.Node, program: TSESTree.Program): boolean {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current && !isFunctionNode(current)) {
    if (current.type === AST_NODE_TYPES.LogicalExpression && current.right === child && (current.operator === '??' || current.operator === '||')) break;
    if (current.type !== AST_NODE_TYPES.TSAsExpression && current.type !== AST_NODE_TYPES.TSNonNullExpression && current.type !== AST_NODE_TYPES.TSSatisfiesExpression) {
      return false; // ??=, a guarded assignment, a memoiser: each stores what it makes
    }
    child = current;
    current = current.parent;
  }
  if (current?.type !== AST_NODE_TYPES.LogicalExpression) return false;
  const left = skipTypeWrappers(current.left);
  if (left.type !== AST_NODE_TYPES.MemberExpression) return false;
  const slot = getPropertyName(left);
  if (!slot) return false;
  let written = false;
  const visit = (n: TSESTree.Node): void => {
    if (written) return;
    if (n.type === AST_NODE_TYPES.AssignmentExpression) {
      const target = skipTypeWrappers(n.left);
      if (target.type === AST_NODE_TYPES.MemberExpression && getPropertyName(target) === slot) written = true;
    }
    // Object.assign(globalThis, { prisma }), Object.defineProperty(globalThis, 'prisma', …)
    if (n.type === AST_NODE_TYPES.CallExpression && /^(?:assign|defineProperty|set)$/.test(getCalleeName(n) ?? '')) written = true;
    forEachChild(n, visit);
  };
  visit(program);
  return !written;
}


/**
 * Memoised creation: `global.prisma ?? new PrismaClient()`, `x ??= new Pool()`,
 * `if (!Db.instance) Db.instance = new PrismaClient()`, `if (db) return db; db = new PrismaClient()`,
 * `if (!pools.has(k)) pools.set(k, new Pool())`, `remember('db', () => new PrismaClient())`.
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
        if (current.right === child && isGuarded(current, storageNames(current.left))) return true;
        break;
      case AST_NODE_TYPES.CallExpression: {
        const name = getCalleeName(current);
        if (isFunctionNode(child) && name && MEMOIZERS.test(name)) return true;
        // cache.set(key, new Pool()) behind `if (!cache.has(key))`
        const member = getCalleeMember(current);
        if (current.callee !== child && member && getPropertyName(member) === 'set' && isGuarded(current, storageNames(member.object))) return true;
        break;
      }
      case AST_NODE_TYPES.VariableDeclarator:
        // let client = cache.get(key); if (!client) { client = new Pool(); … } is handled above;
        // const client = new Pool(); cache.set(key, client) behind a guard:
        if (current.init === child && current.id.type === AST_NODE_TYPES.Identifier && isStoredBehindGuard(current.id)) return true;
        break;
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

/** `const client = new Pool(); pools.set(key, client)` where the function checks `pools` first. */
function isStoredBehindGuard(id: TSESTree.Identifier): boolean {
  const fn = enclosingFunction(id);
  const scope: TSESTree.Node | undefined = fn ? fn.body : undefined;
  if (!scope) return false;
  let result = false;
  const visit = (node: TSESTree.Node): void => {
    if (result || (isFunctionNode(node) && node !== fn)) return;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const member = getCalleeMember(node);
      const stored = node.arguments.some((argument) => {
        const value = skipTypeWrappers(argument);
        return value.type === AST_NODE_TYPES.Identifier && value.name === id.name;
      });
      if (member && stored && getPropertyName(member) === 'set' && isGuarded(node, storageNames(member.object))) result = true;
    }
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
      const value = skipTypeWrappers(node.right);
      if (value.type === AST_NODE_TYPES.Identifier && value.name === id.name && skipTypeWrappers(node.left).type === AST_NODE_TYPES.MemberExpression) {
        if (isGuarded(node, storageNames(node.left))) result = true;
      }
    }
    forEachChild(node, visit);
  };
  visit(scope);
  return result;
}

/** Names that identify where a value is stored: `globalForPrisma.prisma` → prisma; `pools[key]` → pools. */
function storageNames(target: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  const node = skipTypeWrappers(target);
  if (node.type === AST_NODE_TYPES.Identifier) names.add(node.name);
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const property = getPropertyName(node);
    if (property) names.add(property);
    else {
      const path = getMemberPath(node.object);
      const last = path?.split('.').pop();
      if (last && last !== 'this') names.add(last);
    }
  }
  return names;
}

/**
 * The node runs only when the stored value is missing: inside an `if`/`?:`/`&&` whose test reads
 * it, or after an earlier `if (stored) return stored` in the same function.
 */
function isGuarded(node: TSESTree.Node, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  const mentions = (test: TSESTree.Node): boolean => {
    for (const name of identifierNames(test)) if (names.has(name)) return true;
    return false;
  };
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.IfStatement && current.test !== child && mentions(current.test)) return true;
    if (current.type === AST_NODE_TYPES.ConditionalExpression && current.test !== child && mentions(current.test)) return true;
    if (current.type === AST_NODE_TYPES.LogicalExpression && current.right === child && mentions(current.left)) return true;
    if (current.type === AST_NODE_TYPES.BlockStatement || current.type === AST_NODE_TYPES.Program) {
      // if (Db.instance) return Db.instance;  …  Db.instance = new PrismaClient()
      for (const statement of current.body) {
        if (statement === child) break;
        if (statement.type === AST_NODE_TYPES.IfStatement && mentions(statement.test) && exits(statement.consequent)) return true;
      }
    }
    if (isFunctionNode(current)) return false;
    child = current;
    current = current.parent;
  }
  return false;
}

/** A statement that always leaves the function: `return x`, `throw`, or a block ending in one. */
function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body[statement.body.length - 1];
    return !!last && exits(last);
  }
  return false;
}

/**
 * A module-level creation that does not leak on hot reload: behind a check of what `globalThis`
 * already holds, or in a production-only branch (production never hot-reloads).
 */
function isGuardedAtLoad(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current && !isFunctionNode(current)) {
    if (current.type === AST_NODE_TYPES.IfStatement || current.type === AST_NODE_TYPES.ConditionalExpression) {
      if (current.test !== child) {
        const production = productionTest(current.test);
        if (production === 'production' && current.consequent === child) return true;
        if (production === 'development' && current.alternate === child) return true;
        const names = identifierNames(current.test);
        if (names.has('globalThis') || names.has('global') || names.has('window')) return true;
      }
    }
    child = current;
    current = current.parent;
  }
  return false;
}

/** `process.env.NODE_ENV === 'production'` → 'production'; `!== 'production'` → 'development'. */
function productionTest(test: TSESTree.Node): 'production' | 'development' | undefined {
  const node = skipTypeWrappers(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') {
    const inner = productionTest(node.argument);
    return inner === 'production' ? 'development' : inner === 'development' ? 'production' : undefined;
  }
  if (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression) {
    const name = getMemberPath(node)?.split('.').pop();
    if (name && /^(?:isProd|isProduction|IS_PROD|IS_PRODUCTION|PRODUCTION|inProduction)$/.test(name)) return 'production';
    return undefined;
  }
  if (node.type !== AST_NODE_TYPES.BinaryExpression) return undefined;
  const equal = node.operator === '===' || node.operator === '==';
  const notEqual = node.operator === '!==' || node.operator === '!=';
  if (!equal && !notEqual) return undefined;
  const sides = [node.left, node.right];
  const literal = sides.map((side) => getStaticString(side)).find((value) => value !== undefined);
  const env = sides.some((side) => /(?:^|\.)(?:NODE_ENV|VERCEL_ENV|APP_ENV|ENV)$/.test(getMemberPath(side) ?? ''));
  if (!env || literal === undefined) return undefined;
  const isProduction = literal === 'production';
  if (!isProduction && literal !== 'development' && literal !== 'test') return undefined;
  return equal === isProduction ? 'production' : 'development';
}

function identifierNames(node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: TSESTree.Node): void => {
    if (n.type === AST_NODE_TYPES.Identifier) names.add(n.name);
    if (n.type === AST_NODE_TYPES.MemberExpression) {
      const property = getPropertyName(n);
      if (property) names.add(property);
      visit(n.object);
      if (n.computed) visit(n.property);
      return;
    }
    if (isFunctionNode(n)) return;
    forEachChild(n, visit);
  };
  visit(node);
  return names;
}

// ---------------------------------------------------------------- checked-out connections and closing

function collectConnectionLeaks(
  model: BackendModel,
  getReach: () => ReadonlyMap<FunctionNode, Handler>,
  script: boolean,
  findings: LeakFinding[],
): void {
  const isHandler = (fn: FunctionNode): boolean => model.handlers.has(fn);
  for (const call of model.calls) {
    const member = getCalleeMember(call);
    const method = member && getPropertyName(member);
    if (!member || !method) continue;
    if ((method === 'connect' || method === 'getConnection') && call.arguments.length === 0) {
      if (!isPool(model, member.object)) continue;
      // A script's top-level checkout lives as long as the script.
      if (script && !enclosingFunction(call)) continue;
      const problem = checkRelease(model, call, script);
      if (problem) findings.push({ kind: 'unreleasedConnection', node: call, method, releaseOutsideFinally: problem === 'outsideFinally' });
    } else if (!script && (method === '$disconnect' || method === 'end' || method === 'quit' || method === 'disconnect')) {
      // A script owns its client's whole life, whatever its functions look like.
      const owner = findExecutionOwner(call, isHandler);
      const handler = owner ? getReach().get(owner) : undefined;
      if (!handler || !owner || isInListenerCallback(call) || exitsProcess(model, owner)) continue;
      const info = model.resolver.classify(member.object);
      if (!info || info.isTransactionClient) continue;
      const closes =
        method === '$disconnect'
          ? info.kind === 'prisma' || info.kind === 'db'
          : method === 'end'
            ? info.kind === 'sql' && !/checked out/.test(info.reason)
            : info.kind === 'redis';
      if (closes && isSharedClient(model, member.object, owner)) {
        findings.push({ kind: 'disconnectInHandler', node: call, handler, clientText: model.getText(member.object), method });
      }
    }
  }
}

/** A shutdown endpoint: `await prisma.$disconnect(); process.exit(0)`. */
function exitsProcess(model: BackendModel, fn: FunctionNode): boolean {
  return model.callsWithin(fn).some((call) => {
    const member = getCalleeMember(call);
    return !!member && getPropertyName(member) === 'exit' && getMemberPath(member.object) === 'process';
  });
}

function isPool(model: BackendModel, receiver: TSESTree.Node): boolean {
  const info = model.resolver.classify(receiver);
  if (info?.kind !== 'sql') return false;
  const text = getMemberPath(receiver) ?? '';
  return /pool/i.test(text) || /Pool|createPool/.test(info.reason);
}

type ReleaseProblem = 'missing' | 'outsideFinally' | undefined;

/** `const client = await pool.connect(); try { … } finally { client.release() }` */
function checkRelease(model: BackendModel, call: TSESTree.CallExpression, script: boolean): ReleaseProblem {
  const sink = valueSink(call);
  if (sink.kind === 'return' || sink.kind === 'member' || sink.kind === 'stored') return undefined; // ownership passes on
  if (sink.kind !== 'binding') {
    // `pool.connect().then((client) => …)`: judged where the client is named; a bare statement leaks it.
    return isBareStatement(call) ? 'missing' : undefined;
  }
  const variable = model.resolver.findVariable(sink.id);
  if (!variable) return undefined;
  const scope = enclosingFunction(call)?.body ?? (model.sourceCode.ast as TSESTree.Node);

  let inFinally = false;
  let inCatch = false;
  let unknown = false;
  const plain: TSESTree.Identifier[] = [];
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    const id = reference.identifier as TSESTree.Identifier;
    const use = releaseUse(id, scope);
    if (use === 'finally') inFinally = true;
    else if (use === 'catch') inCatch = true;
    else if (use === 'plain') plain.push(id);
    else if (use === 'unknown') unknown = true;
  }
  if (inFinally || unknown || (inCatch && plain.length > 0)) return undefined;
  if (!inCatch && plain.length === 0) return 'missing';
  // `const client = await pool.connect(); client.release();` (a connectivity check): nothing can fail in between.
  if (!inCatch && plain.every((release) => !canFailBetween(scope, call.range[1], release.range[0]))) return undefined;
  return script ? undefined : 'outsideFinally'; // in a script, the error path ends the process anyway
}

/** Is there an `await`, a `throw` or a call between two offsets of a function body (nested functions aside)? */
function canFailBetween(scope: TSESTree.Node, start: number, end: number): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || node.range[1] <= start || node.range[0] >= end) return;
    if (isFunctionNode(node) && node !== scope.parent) return;
    const inside = node.range[0] >= start && node.range[1] <= end;
    if (inside && (node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.ThrowStatement || node.type === AST_NODE_TYPES.YieldExpression)) {
      found = true;
      return;
    }
    if (inside && node.type === AST_NODE_TYPES.CallExpression && !isHarmlessCall(node)) {
      found = true;
      return;
    }
    forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** `console.log(…)` and friends: they do not throw in practice. */
function isHarmlessCall(call: TSESTree.CallExpression): boolean {
  const member = getCalleeMember(call);
  return !!member && getRootIdentifier(member.object)?.name === 'console';
}

function isBareStatement(call: TSESTree.CallExpression): boolean {
  let current: TSESTree.Node = call;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.AwaitExpression || current.parent.type === AST_NODE_TYPES.UnaryExpression)) current = current.parent;
  return current.parent?.type === AST_NODE_TYPES.ExpressionStatement;
}

/**
 * How one read of the checked-out client ends its life:
 * - 'finally': `client.release()` in a `finally` block or a `.finally()` callback;
 * - 'catch': in a `catch` clause or a `.catch()` callback;
 * - 'plain': elsewhere in the function;
 * - 'unknown': handed on (returned, stored, resolved) or released by a callback we cannot follow;
 * - undefined: an ordinary use (`client.query()`).
 */
function releaseUse(id: TSESTree.Identifier, scope: TSESTree.Node): 'finally' | 'catch' | 'plain' | 'unknown' | undefined {
  const sink = valueSink(id);
  if (sink.kind === 'return' || sink.kind === 'member' || sink.kind === 'stored') return 'unknown';
  if (sink.kind === 'binding' && sink.id !== id) return 'unknown'; // aliased
  const parent = id.parent;
  let release: TSESTree.CallExpression;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(id)) {
    // releaseClient(client), resolve(client), or an ordinary use such as doWork(client)
    const name = getCalleeName(parent) ?? '';
    if (/^(?:resolve|done|next)$/.test(name)) return 'unknown';
    if (!/release|close|dispose|cleanup|^end$/i.test(name)) return isInFinally(parent, scope) ? 'finally' : undefined;
    release = parent;
  } else if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === id) {
    const method = getPropertyName(parent);
    if (!method || !/^(?:release|end|destroy|close)$/.test(method) || parent.parent?.type !== AST_NODE_TYPES.CallExpression) return undefined;
    release = parent.parent;
  } else {
    return undefined;
  }

  let child: TSESTree.Node = release;
  let current: TSESTree.Node | undefined = child.parent;
  while (current && current !== scope) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer === child) return 'finally';
    if (current.type === AST_NODE_TYPES.CatchClause) return 'catch';
    if (isFunctionNode(current)) {
      const host = current.parent;
      const hostMethod = host?.type === AST_NODE_TYPES.CallExpression ? getCalleeName(host) : undefined;
      if (hostMethod === 'finally') return 'finally';
      if (hostMethod === 'catch') return 'catch';
      if (hostMethod === 'then') {
        // .then(ok, fail): the second callback is the error path.
        return host?.type === AST_NODE_TYPES.CallExpression && host.arguments[1] === current ? 'catch' : 'plain';
      }
      return 'unknown'; // res.on('finish', () => client.release()), a callback we cannot follow
    }
    child = current;
    current = current.parent;
  }
  return 'plain';
}

/** Inside a `finally` block of the same function. */
function isInFinally(node: TSESTree.Node, scope: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current && current !== scope && !isFunctionNode(current)) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer === child) return true;
    child = current;
    current = current.parent;
  }
  return false;
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
  if (owner.range[0] <= def.name.range[0] && def.name.range[1] <= owner.range[1]) return false;
  return !isCreatedPerCall(model, variable, owner);
}

/** `let client; … handler() { client = new Pool(); … client.end() }`: a module variable written per request. */
function isCreatedPerCall(model: BackendModel, variable: TSESLint.Scope.Variable, owner: FunctionNode): boolean {
  return variable.references.some((reference) => {
    if (!reference.isWrite() || !reference.writeExpr) return false;
    const write = reference.writeExpr as TSESTree.Node;
    const value = write.type === AST_NODE_TYPES.AwaitExpression ? write.argument : write;
    const isCreation = (value.type === AST_NODE_TYPES.NewExpression || value.type === AST_NODE_TYPES.CallExpression) && !!model.resolver.factoryOf(value);
    return isCreation && owner.range[0] <= write.range[0] && write.range[1] <= owner.range[1];
  });
}

// ---------------------------------------------------------------- file-level facts

/** Seeds, scripts, CLIs and tests create one client for their run. Route files never are scripts. */
export function isScriptFile(filename: string, text: string): boolean {
  if (text.startsWith('#!')) return true;
  // Judge the path inside the project, so that a checkout under ~/tests/ or /srv/tools/ is not all scripts.
  const path = projectPath(filename);
  const file = classifyFile(path);
  if (file.isAppRoute || file.isPagesApi || file.isMiddleware) return false;
  return SCRIPT_DIR.test(path) || SCRIPT_FILE.test(path) || PRISMA_FOLDER_FILE.test(path);
}

/** The file's path relative to its package (the folder of the nearest package.json), with forward slashes. */
function projectPath(filename: string): string {
  const normalized = filename.replaceAll('\\', '/');
  if (!isAbsolute(filename)) return normalized;
  const manifest = nearestManifest(filename);
  return manifest ? relative(manifest.directory, filename).replaceAll('\\', '/') : normalized;
}

interface Manifest {
  directory: string;
  next: boolean;
}

const manifestByDirectory = new Map<string, Manifest | null>();

/** The nearest package.json above a file, read once per process. */
function nearestManifest(filename: string): Manifest | undefined {
  let directory = dirname(filename);
  const visited: string[] = [];
  let result: Manifest | null = null;
  for (let depth = 0; depth < 40; depth++) {
    const cached = manifestByDirectory.get(directory);
    if (cached !== undefined) {
      result = cached;
      break;
    }
    visited.push(directory);
    const file = join(directory, 'package.json');
    if (existsSync(file)) {
      let next = false;
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
        next = ['dependencies', 'devDependencies', 'peerDependencies'].some((key) => {
          const deps = pkg?.[key];
          return !!deps && typeof deps === 'object' && 'next' in deps;
        });
      } catch {
        next = false; // unreadable or malformed: not evidence of anything
      }
      result = { directory, next };
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  for (const dir of visited) manifestByDirectory.set(dir, result);
  return result ?? undefined;
}

/** Is the file part of a Next.js project (a `next` dependency in the nearest package.json)? */
export function isNextProject(filename: string): boolean {
  if (!isAbsolute(filename)) return false; // '<input>', virtual files: nothing to read
  return nearestManifest(filename)?.next ?? false;
}
