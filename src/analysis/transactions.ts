// Answers "which Prisma writes of one function can run together outside a transaction?".
//
// Writes never run together when they sit on paths that exclude each other: different branches
// of an `if`/`switch`/ternary (or sibling `if`s on different values of one discriminant), a
// branch that always leaves before the other write (`if (x) { await a(); return }` … `await b()`),
// `try` and its `catch`. A write in an error handler (a `catch` clause, a `.catch(...)` callback)
// is compensation for a failure, and one in a `finally` block runs whatever happened (releasing
// a lock row): neither is part of the unit of work.
//
// Some pairs can run together but a transaction is not what they need:
// - the code declares a write independent: `.catch(...)` chained (its failure is tolerated), or
//   nobody waits for it (fire-and-forget);
// - background work (`waitUntil(...)`, `after(...)`, event callbacks) is a flow of its own;
// - two writes of the same row (`create`, then `update` of the row it returned; the same `where`
//   twice) leave no second row half-changed;
// - a get-or-create write (`if (!x) x = await create(...)`) before the other one leaves a valid
//   row that the next run reuses;
// - the code compensates the first write itself when the second fails (`try … finally`);
// - a network call between them: one interactive transaction would have to stay open across
//   it (see no-slow-call-in-transaction).
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { findProperty, forEachChild, getCalleeMember, getPropertyName, getRootIdentifier, isFunctionNode, isLoopNode, skipTypeWrappers, type FunctionNode } from './ast.js';
import type { BackendModel, LocatedDbCall } from './model.js';
import { findSlowCalls, isFireAndForget, type SlowCallFinding } from './network.js';
import { functionPlacement, isRegisteredCallback } from './iteration.js';
import { isTransactionCall, valueReachesCall } from './value-flow.js';

export interface UnprotectedWrites {
  owner: FunctionNode;
  /** The writes that can run together, in source order (two or more); the first is where to report. */
  writes: LocatedDbCall[];
}

const TRANSACTION_CLIENT_NAME = /^(?:tx|trx|txn|transaction|prismaTx|tx[A-Z]\w*|\w+Tx)$/;
/** Calls that run their argument in the background, after the response: `waitUntil(p)`, Next's `after(fn)`. */
const BACKGROUND_FUNCTIONS = /^(?:waitUntil|after|runAfterResponse|setTimeout|setImmediate|queueMicrotask|nextTick)$/;
/** Calls that exit the function by throwing: Next.js navigation helpers, `process.exit`. */
const THROWING_CALLS = /^(?:redirect|permanentRedirect|notFound|unauthorized|forbidden)$/;

/**
 * A model-delegate write: create(Many(AndReturn)), update(Many(AndReturn)), upsert, delete(Many).
 * `$executeRaw` is left out: in real code it is mostly DDL and bulk, idempotent maintenance SQL
 * (`INSERT … ON CONFLICT DO NOTHING`, rebuilding a rank table), which is deliberately not run as
 * one long transaction.
 */
export function isWrite(call: LocatedDbCall): boolean {
  return call.access === 'write' && call.node.type === AST_NODE_TYPES.CallExpression;
}

export function findUnprotectedWrites(model: BackendModel): UnprotectedWrites[] {
  // a half-written fixture or a script run is re-run, not repaired
  if (model.isTestOrSeed || model.isScript) return [];
  const byFlow = new Map<TSESTree.Node, LocatedDbCall[]>();
  const owners = new Map<TSESTree.Node, FunctionNode>();
  for (const call of model.dbCalls) {
    if (call.library !== 'prisma' || !isWrite(call) || !call.owner || consumesOneTimeToken(call)) continue;
    try {
      if (isProtected(model, call) || isIndependent(call.node)) continue;
    } catch {
      continue; // an odd shape: stay silent about this write
    }
    const flow = flowOf(call.node, call.owner);
    const list = byFlow.get(flow) ?? [];
    list.push(call);
    byFlow.set(flow, list);
    owners.set(flow, call.owner);
  }

  const result: UnprotectedWrites[] = [];
  for (const [flow, writes] of byFlow) {
    if (writes.length < 2) continue;
    const owner = owners.get(flow)!;
    let slowCalls: SlowCallFinding[] | undefined;
    const straddled = (a: LocatedDbCall, b: LocatedDbCall): boolean => {
      // The network calls this flow waits for: in its own callback, or in the owner's body.
      slowCalls ??= safeSlowCalls(model, isFunctionNode(flow) ? flow : owner);
      return slowCalls.some(
        (slow) =>
          a.node.range[1] <= slow.node.range[0] &&
          slow.node.range[1] <= b.node.range[0] &&
          inSequence(a.node, slow.node) &&
          inSequence(slow.node, b.node) &&
          canRunTogether(a.node, slow.node) &&
          canRunTogether(slow.node, b.node),
      );
    };
    const together = (a: LocatedDbCall, b: LocatedDbCall): boolean => {
      const [first, second] = a.node.range[0] <= b.node.range[0] ? [a, b] : [b, a];
      return (
        canRunTogether(first.node, second.node) &&
        !writeSameRow(model, first, second) &&
        !lazilyCreated(first, second) &&
        !isIdempotent(first) &&
        !compensated(model, first, second) &&
        !straddled(first, second)
      );
    };
    const covered = new Set<LocatedDbCall>();
    for (const anchor of writes) {
      if (covered.has(anchor)) continue;
      const partners = writes.filter((other) => other !== anchor && !covered.has(other) && safe(() => together(anchor, other)));
      if (partners.length === 0) continue;
      const group = [anchor, ...partners].sort((x, y) => x.node.range[0] - y.node.range[0]);
      for (const write of group) covered.add(write);
      result.push({ owner, writes: group });
    }
  }
  return result.sort((a, b) => a.writes[0]!.node.range[0] - b.writes[0]!.node.range[0]);
}

/** `a` finishes before `b` starts: they are in different statements, not side by side in one `Promise.all([...])`. */
function inSequence(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const chainA = ancestors(a);
  const chainB = ancestors(b);
  let i = 0;
  while (i < chainA.length && i < chainB.length && chainA[i] === chainB[i]) i++;
  const common = chainA[i - 1];
  return (
    !!common &&
    (common.type === AST_NODE_TYPES.BlockStatement ||
      common.type === AST_NODE_TYPES.Program ||
      common.type === AST_NODE_TYPES.SwitchCase ||
      common.type === AST_NODE_TYPES.StaticBlock)
  );
}

function safe(test: () => boolean): boolean {
  try {
    return test();
  } catch {
    return false;
  }
}

function safeSlowCalls(model: BackendModel, owner: FunctionNode): SlowCallFinding[] {
  try {
    return findSlowCalls(owner, model);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------- writes that are already covered

/** Runs in a transaction, or through a client someone else's transaction may hand in. */
function isProtected(model: BackendModel, call: LocatedDbCall): boolean {
  if (call.transaction || call.client.isTransactionClient) return true;
  const node = call.node;
  // `const ops = [prisma.a.update(...)]`, `ops.push(...)`, `ids.map((id) => prisma.c.update(...))`, later `$transaction(ops)`
  if (inBatchTransaction(node) || valueReachesCall(model.resolver, node, isTransactionCall)) return true;
  // this.txHost.tx.user.create(): nestjs-cls and similar hand out the ambient transaction client.
  const lastSegment = call.clientText.split('.').pop() ?? '';
  if (call.clientText.includes('.') && TRANSACTION_CLIENT_NAME.test(lastSegment)) return true;
  if (call.owner && isTransactionalMethod(call.owner)) return true;
  const root = getRootIdentifier(node.type === AST_NODE_TYPES.CallExpression ? node.callee : node.tag);
  if (!root) return false;
  if (TRANSACTION_CLIENT_NAME.test(root.name)) return true; // a helper handed the transaction client
  return acceptsCallerClient(model, root);
}

/** A method decorated `@Transactional()` (nestjs-cls, typeorm-transactional): its queries share one transaction. */
function isTransactionalMethod(fn: FunctionNode): boolean {
  const method = fn.parent;
  if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn) return false;
  return (method.decorators ?? []).some((decorator) => {
    const expression = skipTypeWrappers(decorator.expression);
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(expression.callee) : expression;
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
    return !!name && /^Transactional$|^(?:Use)?Transaction$/.test(name);
  });
}

/**
 * The client comes from the caller: `(data, db = prisma) => …`, `db: PrismaClient | Prisma.TransactionClient`,
 * or `const db = tx ?? prisma`. The caller decides whether these writes share a transaction.
 */
function acceptsCallerClient(model: BackendModel, root: TSESTree.Identifier): boolean {
  const variable = model.resolver.findVariable(root);
  const def = variable?.defs[0];
  if (!def) return false;
  if (def.type === 'Parameter') {
    const name = def.name as TSESTree.Node;
    if (name.parent?.type === AST_NODE_TYPES.AssignmentPattern && name.parent.left === name) return true;
    const annotation = (name as TSESTree.Identifier).typeAnnotation?.typeAnnotation;
    return !!annotation && /Transaction|\bTx\b/.test(model.getText(annotation));
  }
  if (def.type === 'Variable') {
    const init = (def.node as TSESTree.VariableDeclarator).init;
    if (!init) return false;
    const value = skipTypeWrappers(init);
    if (value.type !== AST_NODE_TYPES.LogicalExpression && value.type !== AST_NODE_TYPES.ConditionalExpression) return false;
    const parts = value.type === AST_NODE_TYPES.LogicalExpression ? [value.left, value.right] : [value.consequent, value.alternate];
    return parts.some((part) => {
      const inner = skipTypeWrappers(part);
      if (inner.type !== AST_NODE_TYPES.Identifier) return false;
      if (TRANSACTION_CLIENT_NAME.test(inner.name)) return true;
      return !!model.resolver.classify(inner)?.isTransactionClient;
    });
  }
  return false;
}


/** Inside the array handed to `$transaction([...])` (directly or through `.map`). */
function inBatchTransaction(node: TSESTree.Node): boolean {
  let current = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.CallExpression && isTransactionCall(current)) return true;
    if (isFunctionNode(current) && current.parent?.type !== AST_NODE_TYPES.CallExpression) return false;
    current = current.parent;
  }
  return false;
}

// ---------------------------------------------------------------- writes the code declares independent

/**
 * The code does not treat this write as part of a unit of work: its failure is tolerated
 * (`.catch(...)`), or nobody waits for it (a bare statement, `void`). Writes handed to the
 * background (`waitUntil(...)`) form a flow of their own (see flowOf). `Promise.allSettled` is not such a sign: it keeps
 * the request alive when one write fails, which is exactly how half-changed data is left behind.
 */
function isIndependent(node: TSESTree.Node): boolean {
  if (isFireAndForget(node)) return true;
  // prisma.x.delete(...).catch(() => null): a missing row or a failure is acceptable.
  let current: TSESTree.Node = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) break;
    if (parent.type === AST_NODE_TYPES.ChainExpression || parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current && parent.parent?.type === AST_NODE_TYPES.CallExpression) {
      const method = getPropertyName(parent);
      const call: TSESTree.CallExpression = parent.parent;
      if (method === 'catch' || (method === 'then' && call.arguments.length >= 2)) return true;
      if (method === 'then' || method === 'finally') {
        current = call;
        continue;
      }
    }
    break;
  }
  return false;
}

/**
 * The background call a write is handed to: `waitUntil(prisma.x.update(...))`, `after(...)`,
 * `waitUntil(Promise.all([...]))`. The writes it holds run after the response, on their own.
 */
function backgroundHolder(node: TSESTree.Node): TSESTree.CallExpression | undefined {
  let element: TSESTree.Node = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = element.parent;
    if (!parent) return undefined;
    if (
      parent.type === AST_NODE_TYPES.ArrayExpression ||
      parent.type === AST_NODE_TYPES.SpreadElement ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression ||
      (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === element) ||
      (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== element)
    ) {
      element = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === element && /^(?:then|finally)$/.test(getPropertyName(parent) ?? '') && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) {
      element = parent.parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee !== element && isPromiseCombinator(parent)) {
      element = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.CallExpression && (parent.arguments as readonly TSESTree.Node[]).includes(element)) {
      const callee = skipTypeWrappers(parent.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
      return name !== undefined && BACKGROUND_FUNCTIONS.test(name) ? parent : undefined;
    }
    return undefined;
  }
}

/** `Promise.all(...)`, `Promise.allSettled(...)`, `Promise.race(...)`, `Promise.any(...)`. */
function isPromiseCombinator(call: TSESTree.CallExpression): boolean {
  const member = getCalleeMember(call);
  if (!member) return false;
  const object = skipTypeWrappers(member.object);
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'Promise' && /^(?:all|allSettled|race|any)$/.test(getPropertyName(member) ?? '');
}

/**
 * The flow a write runs in: normally its owner; but a callback registered for events
 * (`queue.process(async (job) => …)`, `emitter.on(...)`), deferred (`setTimeout`, `after`),
 * or chained onto a fire-and-forget promise runs on its own, apart from its neighbours, and so
 * do the writes handed to one `waitUntil(...)` call.
 */
function flowOf(node: TSESTree.Node, owner: FunctionNode): TSESTree.Node {
  const holder = backgroundHolder(node);
  if (holder) return holder;
  let current = node.parent;
  while (current && current !== owner) {
    if (isFunctionNode(current) && functionPlacement(current) !== 'iteration') {
      if (isRegisteredCallback(current) || isDeferredOrDetachedCallback(current)) return current;
      // waitUntil((async () => { … })()), void (async () => { … })()
      const parent = current.parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === current && isFireAndForget(parent)) return current;
    }
    current = current.parent;
  }
  return owner;
}

function isDeferredOrDetachedCallback(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !(parent.arguments as readonly TSESTree.Node[]).includes(fn)) return false;
  const callee = skipTypeWrappers(parent.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
  if (!name) return false;
  if (BACKGROUND_FUNCTIONS.test(name)) return true;
  // something().then(async () => { … }) as a bare statement: nobody waits for the callback.
  return (name === 'then' || name === 'catch' || name === 'finally') && isFireAndForget(parent);
}

// ---------------------------------------------------------------- same row

/**
 * Both writes target the same row(s) of one model: the same `where` text, or the second's
 * `where` uses the row the first returned (`const user = await prisma.user.create(...)`, then
 * `prisma.user.update({ where: { id: user.id } })`).
 */
function writeSameRow(model: BackendModel, first: LocatedDbCall, second: LocatedDbCall): boolean {
  if (!first.model || first.model !== second.model) return false;
  const secondWhere = whereOf(second.node);
  if (!secondWhere) return false;
  const firstWhere = whereOf(first.node);
  if (firstWhere && normalise(model.getText(firstWhere)) === normalise(model.getText(secondWhere))) return true;
  const variables = resultVariables(model, first.node);
  if (variables.length === 0) return false;
  let uses = false;
  const visit = (n: TSESTree.Node): void => {
    if (uses) return;
    if (n.type === AST_NODE_TYPES.Identifier) {
      const variable = model.resolver.findVariable(n);
      if (variable && variables.includes(variable)) uses = true;
      return;
    }
    forEachChild(n, visit);
  };
  visit(secondWhere);
  return uses;
}

function whereOf(node: LocatedDbCall['node']): TSESTree.Node | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  return findProperty(node.arguments[0], 'where')?.value;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, '').replace(/,([}\]])/g, '$1');
}

/** The variables that hold the first write's result: `const user = await prisma.user.create(...)`, destructuring too. */
function resultVariables(model: BackendModel, node: TSESTree.Node): TSESLint.Scope.Variable[] {
  let current: TSESTree.Node = node;
  for (let depth = 0; depth < 8; depth++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return [];
    if (
      parent.type === AST_NODE_TYPES.AwaitExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression
    ) {
      current = parent;
      continue;
    }
    // withRetry(() => prisma.link.create(...))
    if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === current && parent.parent?.type === AST_NODE_TYPES.CallExpression) {
      current = parent.parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current) {
      return [...model.sourceCode.getDeclaredVariables(parent)];
    }
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current && parent.left.type === AST_NODE_TYPES.Identifier) {
      const variable = model.resolver.findVariable(parent.left);
      return variable ? [variable] : [];
    }
    return [];
  }
  return [];
}

// ---------------------------------------------------------------- get-or-create

const CREATE_METHODS = /^(?:create|createMany|createManyAndReturn|upsert)$/;

/**
 * The first write creates something missing under an absence check (`if (!contact) contact =
 * await prisma.contact.create(...)`; `if (!articles) { create }` … `if (!models) { create }`):
 * get-or-create. A run that stops after it leaves a valid row behind, and the next run finds it
 * and carries on, so nothing is left inconsistent.
 */
function lazilyCreated(first: LocatedDbCall, second: LocatedDbCall): boolean {
  if (!CREATE_METHODS.test(first.method)) return false;
  const guard = absenceGuard(first.node);
  return !!guard && !(guard.range[0] <= second.node.range[0] && second.node.range[1] <= guard.range[1]);
}

/**
 * A get-or-create first write: `upsert` with `update: {}`, or `createMany` with
 * `skipDuplicates: true`. Run again after a later write failed, it changes nothing: a retry heals.
 */
function isIdempotent(call: LocatedDbCall): boolean {
  if (call.node.type !== AST_NODE_TYPES.CallExpression) return false;
  const args = call.node.arguments[0] ? skipTypeWrappers(call.node.arguments[0]) : undefined;
  if (args?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  if (call.method === 'upsert') {
    const update = findProperty(args, 'update');
    const value = update ? skipTypeWrappers(update.value) : undefined;
    return value?.type === AST_NODE_TYPES.ObjectExpression && value.properties.length === 0;
  }
  if (call.method === 'createMany' || call.method === 'createManyAndReturn') {
    const skip = findProperty(args, 'skipDuplicates');
    return skip?.value.type === AST_NODE_TYPES.Literal && skip.value.value === true;
  }
  return false;
}

/**
 * Models of one-time secrets: a verification, reset, magic-link or invitation token, an OTP, a
 * nonce. Not API, access or refresh tokens: deleting those is revocation, and a revocation that
 * half-fails leaves a removed member with working credentials.
 */
const ONE_TIME_TOKEN_MODEL = /^(?:\w*(?:verification|verify|reset|magic|login|signin|invit|onetime|confirm)\w*(?:token|code)|\w*nonce|\w*passcode|verification)s?$/i;
/** `otp`, `otpCode`, `emailOtp` as delegate names (lowerCamel), not `footprint`. */
const OTP_MODEL = /^(?:otp|[a-z]\w*(?:Otp|OTP))(?:[A-Z]\w*)?s?$/;

/**
 * Deleting a used one-time token (`verificationToken.delete`) is consumption, not half of a unit
 * of work: if the next write fails, the user asks for a new link, and keeping the token would let
 * it be replayed. Creating one is not exempt: a token row written without its owner's change is.
 */
function consumesOneTimeToken(call: LocatedDbCall): boolean {
  return (call.method === 'delete' || call.method === 'deleteMany') && !!call.model && (ONE_TIME_TOKEN_MODEL.test(call.model) || OTP_MODEL.test(call.model));
}

/** The nearest `if` whose `then` branch holds the node and whose test checks that something is absent. */
function absenceGuard(node: TSESTree.Node): TSESTree.IfStatement | undefined {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current && !isFunctionNode(current)) {
    if (current.type === AST_NODE_TYPES.IfStatement) {
      return current.consequent === child && isAbsenceTest(current.test) ? current : undefined;
    }
    child = current;
    current = current.parent;
  }
  return undefined;
}

/** `!x`, `!x.find(...)`, `!list.some(...)`, `x == null`, `x === undefined`, `!x?.id`. */
function isAbsenceTest(node: TSESTree.Node): boolean {
  const test = skipTypeWrappers(node);
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') {
    const inner = skipTypeWrappers(test.argument);
    return inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression || inner.type === AST_NODE_TYPES.CallExpression;
  }
  if (test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '===' || test.operator === '==')) {
    const isNullish = (n: TSESTree.Node): boolean =>
      (n.type === AST_NODE_TYPES.Literal && n.value === null) || (n.type === AST_NODE_TYPES.Identifier && n.name === 'undefined');
    return isNullish(test.left) || isNullish(test.right);
  }
  return false;
}

// ---------------------------------------------------------------- compensation

/**
 * The code undoes `first` itself when `second` fails: `second` sits in a `try` whose `catch` or
 * `finally` writes `first`'s model again (`create lock; try { update } finally { delete lock }`,
 * `create payout; try { … } catch { delete payout; throw }`).
 */
function compensated(model: BackendModel, first: LocatedDbCall, second: LocatedDbCall): boolean {
  if (!first.model) return false;
  let current: TSESTree.Node | undefined = second.node.parent;
  while (current && !isFunctionNode(current)) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.block === current && !(parent.range[0] <= first.node.range[0] && first.node.range[1] <= parent.range[1])) {
      for (const handler of [parent.handler, parent.finalizer]) {
        if (!handler) continue;
        for (const call of model.dbCalls) {
          if (call.model === first.model && call.library === 'prisma' && call.access === 'write' && handler.range[0] <= call.node.range[0] && call.node.range[1] <= handler.range[1]) return true;
        }
      }
    }
    current = parent;
  }
  return false;
}

// ---------------------------------------------------------------- exclusive paths

function ancestors(node: TSESTree.Node): TSESTree.Node[] {
  const chain: TSESTree.Node[] = [];
  let current: TSESTree.Node | undefined = node;
  while (current) {
    chain.unshift(current);
    current = current.parent;
  }
  return chain;
}

/** False when `a` and `b` sit on paths that exclude each other, or one only runs to handle a failure. */
export function canRunTogether(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const [first, second] = a.range[0] <= b.range[0] ? [a, b] : [b, a];
  const chainA = ancestors(first);
  const chainB = ancestors(second);
  let i = 0;
  while (i < chainA.length && i < chainB.length && chainA[i] === chainB[i]) i++;
  const common = chainA[i - 1];
  const branchA = chainA[i];
  const branchB = chainB[i];
  if (!common || !branchA || !branchB) return true;
  switch (common.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      if (branchA !== common.test && branchB !== common.test) return false;
      break;
    case AST_NODE_TYPES.SwitchStatement:
      if (branchA.type === AST_NODE_TYPES.SwitchCase && branchB.type === AST_NODE_TYPES.SwitchCase && !fallsThroughTo(common, branchA, branchB)) return false;
      break;
    case AST_NODE_TYPES.TryStatement:
      if ((branchA === common.block && branchB === common.handler) || (branchA === common.handler && branchB === common.block)) return false;
      break;
    default:
      break;
  }
  // A write that only runs to handle a failure (a catch clause, a .catch() callback) the other is not part of.
  if (inErrorHandler(chainA, i) || inErrorHandler(chainB, i)) return false;
  // if (event.type === 'a') { await a(); } if (event.type === 'b') { await b(); }
  if (exclusiveConditions(chainA, chainB, i)) return false;
  // if (x) { await a(); return; } ... await b();   (and `continue` of a loop around both)
  for (let k = i; k < chainA.length - 1; k++) {
    const node = chainA[k]!;
    const child = chainA[k + 1]!;
    if (isFunctionNode(node)) break;
    const continueExits = !chainA.slice(i, k).some((n) => isLoopNode(n));
    if (node.type === AST_NODE_TYPES.IfStatement && (child === node.consequent || child === node.alternate) && alwaysExits(child, continueExits)) return false;
    if (node.type === AST_NODE_TYPES.TryStatement && child === node.block && alwaysExits(child)) return false;
    if (node.type === AST_NODE_TYPES.SwitchCase && child !== node.test && statementsExit(node.consequent)) return false;
  }
  return true;
}

/**
 * Each write sits in the `then` branch of its own `if`, and the two tests compare one
 * discriminant with different constants: `if (event.type === 'a') {…}` … `if (event.type === 'b') {…}`.
 */
function exclusiveConditions(chainA: TSESTree.Node[], chainB: TSESTree.Node[], from: number): boolean {
  const guards = (chain: TSESTree.Node[]): { statement: TSESTree.IfStatement; test: EqualityTest }[] => {
    const result: { statement: TSESTree.IfStatement; test: EqualityTest }[] = [];
    for (let k = from; k < chain.length - 1; k++) {
      const node = chain[k]!;
      if (isFunctionNode(node)) break;
      if (node.type === AST_NODE_TYPES.IfStatement && chain[k + 1] === node.consequent) {
        const test = equalityTest(node.test);
        if (test) result.push({ statement: node, test });
      }
    }
    return result;
  };
  const guardsA = guards(chainA);
  if (guardsA.length === 0) return false;
  const guardsB = guards(chainB);
  for (const a of guardsA) {
    for (const b of guardsB) {
      if (a.test.subject !== b.test.subject) continue;
      if ([...a.test.values].some((value) => b.test.values.has(value))) continue;
      // The first branch must not change the discriminant the second one tests.
      if (assignsTo(a.statement.consequent, a.test.root)) continue;
      return true;
    }
  }
  return false;
}

interface EqualityTest {
  /** Source text of the compared expression, whitespace removed. */
  subject: string;
  /** Its root identifier's name, to spot reassignments. */
  root: string | undefined;
  values: Set<string>;
}

/** `x === 'a'`, `'a' === x`, `x == 1`, and `||` of such tests on one subject. */
function equalityTest(node: TSESTree.Node): EqualityTest | undefined {
  const test = skipTypeWrappers(node);
  if (test.type === AST_NODE_TYPES.LogicalExpression && test.operator === '||') {
    const left = equalityTest(test.left);
    const right = equalityTest(test.right);
    if (!left || !right || left.subject !== right.subject) return undefined;
    return { subject: left.subject, root: left.root, values: new Set([...left.values, ...right.values]) };
  }
  if (test.type !== AST_NODE_TYPES.BinaryExpression || (test.operator !== '===' && test.operator !== '==')) return undefined;
  const [subject, value] =
    test.right.type === AST_NODE_TYPES.Literal ? [test.left, test.right] : test.left.type === AST_NODE_TYPES.Literal ? [test.right, test.left] : [undefined, undefined];
  if (!subject || !value || value.type !== AST_NODE_TYPES.Literal || value.value === null || typeof value.value === 'object') return undefined;
  if (subject.type !== AST_NODE_TYPES.Identifier && subject.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const text = memberText(subject);
  if (!text) return undefined;
  return { subject: text, root: getRootIdentifier(subject)?.name, values: new Set([`${typeof value.value}:${String(value.value)}`]) };
}

function memberText(node: TSESTree.Node): string | undefined {
  const current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.Identifier) return current.name;
  if (current.type === AST_NODE_TYPES.MemberExpression) {
    const object = memberText(current.object);
    const name = getPropertyName(current);
    return object && name !== undefined ? `${object}.${name}` : undefined;
  }
  return undefined;
}

function assignsTo(node: TSESTree.Node, root: string | undefined): boolean {
  if (!root) return true;
  let found = false;
  const visit = (n: TSESTree.Node): void => {
    if (found) return;
    if (n.type === AST_NODE_TYPES.AssignmentExpression || n.type === AST_NODE_TYPES.UpdateExpression) {
      const target = n.type === AST_NODE_TYPES.AssignmentExpression ? n.left : n.argument;
      if (getRootIdentifier(target)?.name === root) {
        found = true;
        return;
      }
    }
    forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/**
 * The chain passes (below index `from`) through a catch clause, a `finally` block, or a
 * `.catch(fn)` / `.then(_, fn)` / `.finally(fn)` callback: code that runs because something else
 * failed, or whatever happened (releasing a lock row, recording a failure).
 */
function inErrorHandler(chain: TSESTree.Node[], from: number): boolean {
  for (let k = Math.max(from, 1); k < chain.length; k++) {
    const node = chain[k]!;
    if (node.type === AST_NODE_TYPES.CatchClause) return true;
    if (node.parent?.type === AST_NODE_TYPES.TryStatement && node.parent.finalizer === node) return true;
    if (isFunctionNode(node)) {
      const parent = node.parent;
      if (parent?.type !== AST_NODE_TYPES.CallExpression) continue;
      const member = getCalleeMember(parent);
      const method = member ? getPropertyName(member) : undefined;
      if ((method === 'catch' || method === 'finally') && parent.arguments[0] === node) return true;
      if (method === 'then' && parent.arguments[1] === node) return true;
    }
  }
  return false;
}

/** Case `from` runs on into case `to`: every case between them ends without break/return/throw. */
function fallsThroughTo(statement: TSESTree.SwitchStatement, from: TSESTree.Node, to: TSESTree.Node): boolean {
  const start = statement.cases.indexOf(from as TSESTree.SwitchCase);
  const end = statement.cases.indexOf(to as TSESTree.SwitchCase);
  if (start < 0 || end < 0) return false;
  for (let k = start; k < end; k++) {
    const consequent = statement.cases[k]!.consequent;
    const last = consequent[consequent.length - 1];
    if (last && (endsCase(last) || alwaysExits(last))) return false;
  }
  return true;
}

function endsCase(statement: TSESTree.Node): boolean {
  if (statement.type === AST_NODE_TYPES.BreakStatement || statement.type === AST_NODE_TYPES.ContinueStatement) return true;
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body[statement.body.length - 1];
    return !!last && (endsCase(last) || alwaysExits(last));
  }
  return false;
}

function statementsExit(statements: readonly TSESTree.Node[], continueExits = false): boolean {
  const last = statements[statements.length - 1];
  return !!last && alwaysExits(last, continueExits);
}

/** The statement never completes normally: return, throw, a throwing call — or, when `continueExits`, an unlabeled continue. */
function alwaysExits(statement: TSESTree.Node, continueExits = false): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.ContinueStatement:
      return continueExits && !statement.label;
    case AST_NODE_TYPES.BlockStatement:
      return statementsExit(statement.body, continueExits);
    case AST_NODE_TYPES.IfStatement:
      return !!statement.alternate && alwaysExits(statement.consequent, continueExits) && alwaysExits(statement.alternate, continueExits);
    case AST_NODE_TYPES.ExpressionStatement: {
      // redirect('/login'), notFound(), process.exit(1): they throw or end the process.
      let expression = skipTypeWrappers(statement.expression);
      if (expression.type === AST_NODE_TYPES.AwaitExpression) expression = skipTypeWrappers(expression.argument);
      if (expression.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = skipTypeWrappers(expression.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) return THROWING_CALLS.test(callee.name);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const object = skipTypeWrappers(callee.object);
        return getPropertyName(callee) === 'exit' && object.type === AST_NODE_TYPES.Identifier && object.name === 'process';
      }
      return false;
    }
    default:
      return false;
  }
}
