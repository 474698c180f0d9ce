// The BackendModel: what this plugin knows about one file, built once and shared by every rule.
// One walk over the AST collects calls, functions and classes; each fact (DB calls, handlers,
// request input, per-function summaries) is derived lazily from that, on first use.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getKeyName, getPropertyName, isFunctionNode, skipTypeWrappers, type FunctionNode, hasDirective } from './ast.js';
import { ClientResolver } from './clients.js';
import { isScriptFile } from './client-lifecycle.js';
import { isTestOrSeedFile } from './file-role.js';
import { findResponseSinks, type ResponseSink } from './responses.js';
import { findSchema, type PrismaSchema, type SchemaLookup } from './schema.js';
import { classifyDbCall, classifyTransactionCall, type DbCall, type ModelOracle, type TransactionCall } from './db-calls.js';
import { detectHandlers, type Handler } from './handlers.js';
import { findExecutionOwner, findIteration, type Iteration } from './iteration.js';
import { RequestInputAnalyzer, type InputOptions, type InputSource } from './request-input.js';
import { readSettings, type BackendSettings } from './settings.js';

export interface LocatedDbCall extends DbCall {
  /** The function whose call runs this query; undefined at module level. */
  owner: FunctionNode | undefined;
  /** The `$transaction` call whose callback this query runs in. */
  transaction: TransactionCall | undefined;
}

export interface FunctionSummary {
  node: FunctionNode;
  /** DB calls this function runs itself (including inline callbacks). */
  dbCalls: LocatedDbCall[];
  /** Calls to functions declared in this file. */
  localCalls: { call: TSESTree.CallExpression; target: FunctionNode }[];
}

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export class BackendModel {
  readonly resolver: ClientResolver;
  readonly calls: TSESTree.CallExpression[] = [];
  readonly newExpressions: TSESTree.NewExpression[] = [];
  readonly taggedTemplates: TSESTree.TaggedTemplateExpression[] = [];
  readonly functions: FunctionNode[] = [];
  readonly classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];

  private dbCallsCache: LocatedDbCall[] | undefined;
  private dbCallByNode: WeakMap<TSESTree.Node, LocatedDbCall> | undefined;
  private transactionsCache: TransactionCall[] | undefined;
  private handlersCache: Map<FunctionNode, Handler> | undefined;
  private summariesCache: Map<FunctionNode, FunctionSummary> | undefined;
  private readonly queryReachCache = new Map<FunctionNode, LocatedDbCall | null>();
  private readonly inputCache = new Map<string, InputSource[]>();
  private handlerReachCache: Map<FunctionNode, Handler> | undefined;

  private readonly cwd: string;

  /** A `'use client'` module runs in the browser: whatever `db.x.update()` is there (Dexie, a fetch wrapper), it is not a DB call. */
  readonly isClientModule: boolean;
  /** Tests, mocks, fixtures and seeds: not production request paths. */
  readonly isTestOrSeed: boolean;
  private schemaCache: SchemaLookup | undefined;
  private scriptCache: boolean | undefined;
  private responseSinksCache: ResponseSink[] | undefined;

  constructor(
    readonly sourceCode: Readonly<TSESLint.SourceCode>,
    readonly filename: string,
    readonly settings: BackendSettings,
    cwd = '',
  ) {
    this.resolver = new ClientResolver(sourceCode, settings);
    this.isClientModule = hasDirective((sourceCode.ast as TSESTree.Program).body, 'use client');
    this.isTestOrSeed = isTestOrSeedFile(filename, cwd);
    this.cwd = cwd;
    this.walk(sourceCode.ast);
  }

  /**
   * A script, migration, seed or CLI tool (`scripts/`, `migrations/`, `bin/`, a `#!` file, files
   * directly in `prisma/`): run by hand or by a job, reading and writing whole tables on purpose.
   * Route files are never scripts.
   */
  get isScript(): boolean {
    return (this.scriptCache ??= isScriptFile(this.filename, this.sourceCode.text));
  }

  /** The expressions this file's handlers send back as a response body. */
  get responseSinks(): readonly ResponseSink[] {
    return (this.responseSinksCache ??= findResponseSinks(this));
  }

  /** The single traversal: collect what every fact is derived from. */
  private walk(root: TSESTree.Node): void {
    const keys = this.sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
    const stack: TSESTree.Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression:
          this.calls.push(node);
          break;
        case AST_NODE_TYPES.NewExpression:
          this.newExpressions.push(node);
          break;
        case AST_NODE_TYPES.TaggedTemplateExpression:
          this.taggedTemplates.push(node);
          break;
        case AST_NODE_TYPES.FunctionDeclaration:
        case AST_NODE_TYPES.FunctionExpression:
        case AST_NODE_TYPES.ArrowFunctionExpression:
          this.functions.push(node);
          break;
        case AST_NODE_TYPES.ClassDeclaration:
        case AST_NODE_TYPES.ClassExpression:
          this.classes.push(node);
          break;
        default:
          break;
      }
      const childKeys = keys[node.type] ?? [];
      // Push in reverse so nodes come off the stack in source order.
      for (let k = childKeys.length - 1; k >= 0; k--) {
        const value = (node as unknown as Record<string, unknown>)[childKeys[k]!];
        if (Array.isArray(value)) {
          for (let i = value.length - 1; i >= 0; i--) {
            const child = value[i] as TSESTree.Node | null;
            if (child && typeof child.type === 'string') stack.push(child);
          }
        } else if (value && typeof (value as TSESTree.Node).type === 'string') {
          stack.push(value as TSESTree.Node);
        }
      }
    }
  }

  /** The Prisma schema that applies to this file (found and parsed once per process; `none` without Prisma). */
  get schemaLookup(): SchemaLookup {
    this.schemaCache ??= findSchema(this.filename, this.settings.schema, this.cwd);
    return this.schemaCache;
  }

  /** The parsed schema, when there is one that parses. */
  get schema(): PrismaSchema | undefined {
    const lookup = this.schemaLookup;
    return lookup.status === 'ok' ? lookup.schema : undefined;
  }

  /** With a schema, only its models are delegates: `x.post.findMany()` is a DB call when `Post` is a model. */
  private readonly modelOracle: ModelOracle = {
    isModel: (delegate) => {
      const schema = this.schema;
      return schema ? schema.models.has(delegate) : undefined;
    },
  };

  getText(node: TSESTree.Node): string {
    return this.sourceCode.getText(node);
  }

  /** Calls lexically inside `node` (binary search over the source-ordered call list). */
  callsWithin(node: TSESTree.Node): readonly TSESTree.CallExpression[] {
    const [start, end] = node.range;
    let low = 0;
    let high = this.calls.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.calls[mid]!.range[0] < start) low = mid + 1;
      else high = mid;
    }
    const result: TSESTree.CallExpression[] = [];
    for (let i = low; i < this.calls.length && this.calls[i]!.range[0] < end; i++) {
      if (this.calls[i]!.range[1] <= end) result.push(this.calls[i]!);
    }
    return result;
  }

  // ---------------------------------------------------------------- DB calls

  get transactions(): readonly TransactionCall[] {
    if (!this.transactionsCache) {
      this.transactionsCache = [];
      for (const call of this.calls) {
        const transaction = classifyTransactionCall(call, this.resolver, (node) => this.getText(node));
        if (transaction) this.transactionsCache.push(transaction);
      }
    }
    return this.transactionsCache;
  }

  get dbCalls(): readonly LocatedDbCall[] {
    if (this.dbCallsCache) return this.dbCallsCache;
    const result: LocatedDbCall[] = [];
    const byNode = new WeakMap<TSESTree.Node, LocatedDbCall>();
    const candidates: (TSESTree.CallExpression | TSESTree.TaggedTemplateExpression)[] = this.isClientModule ? [] : [...this.calls, ...this.taggedTemplates];
    candidates.sort((a, b) => a.range[0] - b.range[0]);
    for (const node of candidates) {
      let call: DbCall | undefined;
      try {
        call = classifyDbCall(node, this.resolver, (n) => this.getText(n), this.modelOracle);
      } catch {
        call = undefined; // odd syntax must never take down the lint run
      }
      if (!call) continue;
      const located: LocatedDbCall = {
        ...call,
        owner: findExecutionOwner(node, this.isHandlerBoundary),
        transaction: this.enclosingTransaction(node),
      };
      result.push(located);
      byNode.set(node, located);
    }
    this.dbCallsCache = result;
    this.dbCallByNode = byNode;
    return result;
  }

  getDbCall(node: TSESTree.Node): LocatedDbCall | undefined {
    void this.dbCalls;
    return this.dbCallByNode!.get(node);
  }

  private enclosingTransaction(node: TSESTree.Node): TransactionCall | undefined {
    let best: TransactionCall | undefined;
    for (const transaction of this.transactions) {
      const callback = transaction.callback;
      if (callback && callback.range[0] <= node.range[0] && node.range[1] <= callback.range[1]) {
        if (!best || best.callback!.range[0] < callback.range[0]) best = transaction;
      }
    }
    return best;
  }

  /** The iteration a node runs in, stopping at handler boundaries. */
  iterationOf(node: TSESTree.Node): Iteration | undefined {
    return findIteration(node, this.isHandlerBoundary);
  }

  // ---------------------------------------------------------------- handlers

  get handlers(): ReadonlyMap<FunctionNode, Handler> {
    if (!this.handlersCache) {
      this.handlersCache = detectHandlers({
        program: this.sourceCode.ast as TSESTree.Program,
        filename: this.filename,
        functions: this.functions,
        calls: this.calls,
        classes: this.classes,
        resolver: this.resolver,
        framework: this.settings.framework,
        validators: this.settings.validators,
      });
    }
    return this.handlersCache;
  }

  private readonly isHandlerBoundary = (fn: FunctionNode): boolean => this.handlers.has(fn);

  /** The handler a node runs in (directly or through inline callbacks). */
  handlerOf(node: TSESTree.Node): Handler | undefined {
    let current: TSESTree.Node | undefined = node.parent;
    while (current) {
      if (isFunctionNode(current)) {
        const handler = this.handlers.get(current);
        if (handler) return handler;
      }
      current = current.parent;
    }
    return undefined;
  }

  /**
   * Functions that run per request: handlers, and the functions of this file they call
   * (transitively), each mapped to a handler that reaches it.
   */
  get handlerReach(): ReadonlyMap<FunctionNode, Handler> {
    if (this.handlerReachCache) return this.handlerReachCache;
    const reach = new Map<FunctionNode, Handler>();
    const queue: [FunctionNode, Handler][] = [...this.handlers].map(([fn, handler]) => [fn, handler]);
    while (queue.length > 0) {
      const [fn, handler] = queue.shift()!;
      if (reach.has(fn)) continue;
      reach.set(fn, handler);
      for (const local of this.summaryOf(fn)?.localCalls ?? []) queue.push([local.target, handler]);
    }
    this.handlerReachCache = reach;
    return reach;
  }

  // ---------------------------------------------------------------- function summaries

  get summaries(): ReadonlyMap<FunctionNode, FunctionSummary> {
    if (this.summariesCache) return this.summariesCache;
    const summaries = new Map<FunctionNode, FunctionSummary>();
    for (const fn of this.functions) summaries.set(fn, { node: fn, dbCalls: [], localCalls: [] });
    for (const call of this.dbCalls) {
      if (call.owner) summaries.get(call.owner)?.dbCalls.push(call);
    }
    for (const call of this.calls) {
      const target = this.resolveLocalFunction(call);
      if (!target) continue;
      const owner = findExecutionOwner(call, this.isHandlerBoundary);
      if (owner && owner !== target) summaries.get(owner)?.localCalls.push({ call, target });
    }
    this.summariesCache = summaries;
    return summaries;
  }

  summaryOf(fn: FunctionNode): FunctionSummary | undefined {
    return this.summaries.get(fn);
  }

  /** The function declared in this file that a call invokes: `helper()`, `this.helper()`. */
  resolveLocalFunction(call: TSESTree.CallExpression): FunctionNode | undefined {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return this.resolver.functionOf(callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(callee.object).type === AST_NODE_TYPES.ThisExpression) {
      const name = getPropertyName(callee);
      let current: TSESTree.Node | undefined = callee.parent;
      while (current && current.type !== AST_NODE_TYPES.ClassBody) current = current.parent;
      if (!current || !name) return undefined;
      for (const member of current.body) {
        if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method' && getKeyName(member) === name && member.value.type === AST_NODE_TYPES.FunctionExpression) return member.value;
        if (member.type === AST_NODE_TYPES.PropertyDefinition && getKeyName(member) === name && member.value && isFunctionNode(member.value)) {
          return member.value;
        }
      }
    }
    return undefined;
  }

  /** A DB call that running `fn` performs, directly or through functions of this file. */
  queryReachableFrom(fn: FunctionNode): LocatedDbCall | undefined {
    const cached = this.queryReachCache.get(fn);
    if (cached !== undefined) return cached ?? undefined;
    this.queryReachCache.set(fn, null); // cycle guard
    const summary = this.summaryOf(fn);
    let found: LocatedDbCall | undefined = summary?.dbCalls[0];
    if (!found && summary) {
      for (const local of summary.localCalls) {
        found = this.queryReachableFrom(local.target);
        if (found) break;
      }
    }
    this.queryReachCache.set(fn, found ?? null);
    return found;
  }

  // ---------------------------------------------------------------- request input

  inputSources(options: Omit<InputOptions, 'validators'>): InputSource[] {
    const key = JSON.stringify(options);
    const cached = this.inputCache.get(key);
    if (cached) return cached;
    const analyzer = new RequestInputAnalyzer(this.resolver, { ...options, validators: this.settings.validators }, (node) => this.callsWithin(node));
    const sources: InputSource[] = [];
    for (const handler of this.handlers.values()) {
      try {
        sources.push(...analyzer.sources(handler));
      } catch {
        // An unexpected shape in one handler must not hide the others or crash the run.
      }
    }
    sources.sort((a, b) => a.node.range[0] - b.node.range[0]);
    this.inputCache.set(key, sources);
    return sources;
  }
}

const models = new WeakMap<object, BackendModel>();

/** The model of the file being linted, shared by every rule of this plugin. */
export function getBackendModel(context: AnyContext): BackendModel {
  const sourceCode = context.sourceCode;
  const root = sourceCode.ast;
  let model = models.get(root);
  if (!model) {
    model = new BackendModel(sourceCode, context.filename, readSettings(context.settings as Record<string, unknown>), context.cwd);
    models.set(root, model);
  }
  return model;
}
