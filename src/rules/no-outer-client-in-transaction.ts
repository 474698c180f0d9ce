import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getMemberPath, getPropertyName, getRootIdentifier, isFunctionNode, skipTypeWrappers, outermostWrapper, type FunctionNode } from '../analysis/ast.js';
import type { BackendModel, LocatedDbCall, TransactionCall } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

type MessageId = 'outerClient' | 'noTransactionClient';

export default createRule<[], MessageId>({
  name: 'no-outer-client-in-transaction',
  meta: {
    type: 'problem',
    fixable: 'code',
    docs: {
      description: 'Disallow queries through the outer client inside an interactive $transaction callback: they run outside the transaction',
      config: 'recommended',
    },
    messages: {
      outerClient:
        '{{call}} uses the outer client `{{client}}` inside this $transaction callback, so it runs outside the transaction (no rollback, and it can deadlock on rows the transaction has locked); use `{{tx}}`.',
      noTransactionClient:
        '{{call}} uses the outer client `{{client}}` inside a $transaction callback that takes no transaction client, so it runs outside the transaction (no rollback, and it can deadlock on rows the transaction has locked); take the callback parameter (`async (tx) => …`) and query through it.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return checkFileModel(context, (model) => {
      for (const call of model.dbCalls) {
        try {
          check(model, call);
        } catch {
          // One odd call must not hide the others.
        }
      }
    });

    function check(model: BackendModel, call: LocatedDbCall): void {
      const transaction = call.transaction;
      const callback = transaction?.callback;
      if (!transaction || !callback || call.library !== 'prisma' || call.client.isTransactionClient) return;
      if (!usesSameClient(model, call, transaction)) return;
      if (!runsWithinCallback(model, call.node, callback)) return;
      // `prisma.x.create(…).catch(…)`: a best-effort write kept outside on purpose. Inside the
      // transaction its error would abort the transaction (Postgres), so `tx` is not a safe fix.
      if (hasRejectionHandler(call.node)) return;
      const txParam = callback.params[0];
      if (!txParam) {
        context.report({ node: call.node, messageId: 'noTransactionClient', data: { call: describeCall(call), client: call.clientText } });
        return;
      }
      if (txParam.type !== AST_NODE_TYPES.Identifier) return; // a destructured or defaulted parameter: too unusual to judge
      const replacement = replacementOf(call, txParam.name);
      const fix: TSESLint.ReportFixFunction | null =
        replacement && isVisible(model, txParam, call.node) ? (fixer) => fixer.replaceText(replacement.node, replacement.text) : null;
      context.report({
        node: call.node,
        messageId: 'outerClient',
        data: { call: describeCall(call), client: call.clientText, tx: txParam.name },
        fix,
      });
    }
  },
});

function describeCall(call: LocatedDbCall): string {
  return call.node.type === AST_NODE_TYPES.TaggedTemplateExpression ? `${call.label}\`…\`` : `${call.label}(…)`;
}

/** `query.catch(fn)` or `query.then(a, fn)`: the caller handles the query's failure itself. */
function hasRejectionHandler(node: TSESTree.Node): boolean {
  const current = outermostWrapper(node);
  const member = current.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) return false;
  const call = member.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
  const name = getPropertyName(member);
  return name === 'catch' || (name === 'then' && call.arguments.length >= 2);
}

/** The receiver of the query, and what it becomes: `prisma` → `tx`; for a delegate alias `users` → `tx.user`. */
function replacementOf(call: LocatedDbCall, tx: string): { node: TSESTree.Node; text: string } | undefined {
  const node = call.node;
  const callee = skipTypeWrappers(node.type === AST_NODE_TYPES.CallExpression ? node.callee : node.tag);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const receiver = skipTypeWrappers(callee.object);
  if (call.model === undefined) return { node: receiver, text: tx }; // prisma.$executeRaw`…`
  if (receiver.type === AST_NODE_TYPES.MemberExpression && getPropertyName(receiver) === call.model) {
    return { node: receiver.object, text: tx };
  }
  // const users = prisma.user; … users.update(…)
  if (receiver.type === AST_NODE_TYPES.Identifier && /^[A-Za-z_$][\w$]*$/.test(call.model)) {
    return { node: receiver, text: `${tx}.${call.model}` };
  }
  return undefined;
}

/** The query goes through the client the transaction was opened on: same text, and the same binding. */
function usesSameClient(model: BackendModel, call: LocatedDbCall, transaction: TransactionCall): boolean {
  const callee = skipTypeWrappers(transaction.node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const transactionClient = skipTypeWrappers(callee.object);
  const transactionText = getMemberPath(transactionClient) ?? model.getText(transactionClient);
  if (transactionText !== call.clientText) return false;
  const clientNode = clientExpressionOf(call);
  const a = getRootIdentifier(transactionClient);
  const b = clientNode && getRootIdentifier(clientNode);
  if (!a || !b) return true; // `this.prisma` on both sides
  const variableA = model.resolver.findVariable(a);
  const variableB = model.resolver.findVariable(b);
  // Both undeclared (a global `prisma` in a snippet) or both the same declaration.
  return variableA === variableB;
}

/** The client expression as written at the call: `prisma`, `this.prisma`, `ctx.db`; for a delegate alias, the alias's client. */
function clientExpressionOf(call: LocatedDbCall): TSESTree.Node | undefined {
  const node = call.node;
  const callee = skipTypeWrappers(node.type === AST_NODE_TYPES.CallExpression ? node.callee : node.tag);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const receiver = skipTypeWrappers(callee.object);
  if (call.model === undefined) return receiver;
  if (receiver.type === AST_NODE_TYPES.MemberExpression) return skipTypeWrappers(receiver.object);
  return undefined; // delegate alias: its text already matched
}

/** Functions handed to these run later, after the transaction has committed (or not at all): not inside it. */
const DEFERRING_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'after', 'waitUntil', 'defer']);
const DEFERRING_METHODS = new Set([
  'nextTick',
  'waitUntil',
  'after',
  'on',
  'once',
  'addListener',
  'prependListener',
  'addEventListener',
  'subscribe',
  'schedule',
  'add',
  'push',
  'set',
  'register',
]);

/**
 * Whether the query runs while the callback runs. Nested functions count when they are run in
 * place: array-method and promise callbacks, wrappers such as `pRetry(() => …)`, IIFEs, and
 * helpers declared in the callback and only called there. A function handed to a timer, an
 * event registration or a queue, or stored or returned, runs later (after commit): a query through
 * the outer client there is correct, and `tx` would already be closed.
 */
function runsWithinCallback(model: BackendModel, node: TSESTree.Node, callback: FunctionNode): boolean {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current && current !== callback) {
    if (isFunctionNode(current) && !runsInPlace(model, current, callback)) return false;
    // waitUntil(prisma.x.update(…)), after(Promise.allSettled([…])): background work that outlives the transaction.
    if (current.type === AST_NODE_TYPES.CallExpression && current.callee !== child && isBackgroundCall(current)) return false;
    child = current;
    current = current.parent;
  }
  return current === callback;
}

function runsInPlace(model: BackendModel, fn: FunctionNode, callback: FunctionNode): boolean {
  let node: TSESTree.Node = fn;
  while (
    node.parent &&
    (node.parent.type === AST_NODE_TYPES.TSAsExpression ||
      node.parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      node.parent.type === AST_NODE_TYPES.TSNonNullExpression)
  ) {
    node = node.parent;
  }
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.CallExpression) {
    if (parent.callee === node) return true; // (async () => …)()
    return !isDeferringCall(parent);
  }
  if (parent.type === AST_NODE_TYPES.NewExpression) {
    // new Promise((resolve) => …) runs now; new Worker(queue, fn) / new CronJob(expr, fn) later.
    const callee = skipTypeWrappers(parent.callee);
    return !(callee.type === AST_NODE_TYPES.Identifier && /^(?:Worker|CronJob|Cron)$/.test(callee.name));
  }
  // A helper declared in the callback: it runs here when every use calls it or hands it to a call that runs it here.
  let binding: TSESTree.Identifier | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) binding = fn.id ?? undefined;
  else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) binding = parent.id;
  if (!binding) return false;
  const variable = model.sourceCode.getDeclaredVariables(fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : parent).find((v) => v.name === binding.name);
  if (!variable) return false;
  const reads = variable.references.filter((reference) => reference.isRead());
  if (reads.length === 0) return false;
  return reads.every((reference) => {
    const id = reference.identifier as TSESTree.Node;
    if (id.range[0] < callback.range[0] || id.range[1] > callback.range[1]) return false;
    const use = id.parent;
    if (use?.type !== AST_NODE_TYPES.CallExpression) return false;
    if (use.callee === id) return true;
    return use.arguments.includes(id as TSESTree.Identifier) && !isDeferringCall(use);
  });
}

function isBackgroundCall(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
  return name === 'waitUntil' || name === 'after';
}

function isDeferringCall(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return DEFERRING_FUNCTIONS.has(callee.name);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(callee);
    return name !== undefined && DEFERRING_METHODS.has(name);
  }
  return false;
}

/** The tx parameter is not shadowed at the call site. */
function isVisible(model: BackendModel, txParam: TSESTree.Identifier, at: TSESTree.Node): boolean {
  let current: ReturnType<typeof model.sourceCode.getScope> | null = model.sourceCode.getScope(at);
  while (current) {
    const variable = current.set.get(txParam.name);
    if (variable) return variable.defs.some((def) => def.name === txParam);
    current = current.upper;
  }
  return false;
}
