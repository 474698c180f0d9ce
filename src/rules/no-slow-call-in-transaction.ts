import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, skipTypeWrappers } from '../analysis/ast.js';
import { findSlowCalls } from '../analysis/network.js';
import type { BackendModel, TransactionCall } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

export default createRule({
  name: 'no-slow-call-in-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow network I/O and sleeps inside interactive transactions: they hold a connection and row locks while they wait',
      config: 'recommended',
    },
    messages: {
      slowCall:
        '{{call}} inside this interactive $transaction holds a database connection and its row locks for as long as the {{what}} takes (Prisma aborts the transaction after 5 s by default); do it before the transaction, or after it commits.',
      slowCallVia:
        '{{callee}}() makes {{call}} inside this interactive $transaction, holding a database connection and its row locks for as long as the {{what}} takes (Prisma aborts the transaction after 5 s by default); do it before the transaction, or after it commits.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return checkFileModel(context, (model) => {
        const reported = new Set<TSESTree.Node>();
        for (const transaction of model.transactions) {
          try {
            const callback = transactionCallback(model, transaction);
            if (!callback) continue;
            for (const finding of findSlowCalls(callback, model)) {
              if (reported.has(finding.node)) continue; // a helper shared by two transactions
              reported.add(finding.node);
              context.report({
                node: finding.node,
                messageId: finding.viaName ? 'slowCallVia' : 'slowCall',
                data: {
                  call: finding.slow.label,
                  callee: finding.viaName ?? '',
                  what: finding.slow.kind === 'sleep' ? 'sleep' : 'network round trip',
                },
              });
            }
          } catch {
            // An unexpected shape in one transaction must not hide the others or crash the run.
          }
        }
    });
  },
});

/** `$transaction(async (tx) => …)`, or `$transaction(work)` where `work` is a function of this file. */
function transactionCallback(model: BackendModel, transaction: TransactionCall): TSESTree.Node | undefined {
  if (transaction.callback) return transaction.callback;
  const first = transaction.node.arguments[0];
  if (!first) return undefined;
  const argument = skipTypeWrappers(first);
  if (argument.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = model.resolver.findVariable(argument)?.defs[0];
  if (!def) return undefined;
  if (def.type === 'FunctionName' && isFunctionNode(def.node as TSESTree.Node)) return def.node as TSESTree.Node;
  if (def.type === 'Variable') {
    const init = (def.node as TSESTree.VariableDeclarator).init;
    const value = init ? skipTypeWrappers(init) : undefined;
    return value && isFunctionNode(value) ? value : undefined;
  }
  return undefined;
}
