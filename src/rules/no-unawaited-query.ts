import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getPropertyName, isFunctionNode, skipTypeWrappers, isTransparentWrapper, outermostWrapper, type FunctionNode } from '../analysis/ast.js';
import type { LocatedDbCall } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

type MessageId = 'dropped' | 'voided' | 'discardedBy' | 'addAwait';

/** How the promise of a query is lost. */
type Drop =
  | { kind: 'statement' }
  | { kind: 'void'; operator: TSESTree.UnaryExpression }
  | { kind: 'discardedBy'; consumer: string; advice: string };

export default createRule<[], MessageId>({
  name: 'no-unawaited-query',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Disallow Prisma queries whose promise is dropped: Prisma queries are lazy and never run unless awaited or chained',
      config: 'recommended',
    },
    messages: {
      dropped:
        '{{call}} is never awaited, so it never runs: Prisma queries are lazy and only execute when awaited or chained with .then(); add `await` (or return the promise).',
      voided:
        '`void {{call}}` does not run the query: Prisma queries are lazy and only execute when awaited or chained with .then(); await it, or use .catch() to run it in the background.',
      discardedBy:
        '{{call}} is returned to {{consumer}}, which ignores the promise, so the query never runs: Prisma queries are lazy and only execute when awaited or chained with .then(); {{advice}}.',
      addAwait: 'Add `await`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const sourceCode = context.sourceCode;
    return checkFileModel(context, (model) => {
      for (const call of model.dbCalls) {
        try {
          check(call);
        } catch {
          // One odd call must not hide the others.
        }
      }
    });

    function check(call: LocatedDbCall): void {
      if (call.library !== 'prisma') return;
      const drop = droppedBy(call.node);
      if (!drop) return;
      const data = {
        call: call.node.type === AST_NODE_TYPES.TaggedTemplateExpression ? `${call.label}\`…\`` : `${call.label}(…)`,
        consumer: drop.kind === 'discardedBy' ? drop.consumer : '',
        advice: drop.kind === 'discardedBy' ? drop.advice : '',
      };
      if (drop.kind === 'discardedBy') {
        context.report({ node: call.node, messageId: 'discardedBy', data });
        return;
      }
      const suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = [];
      if (canAwaitAt(call.node, sourceCode.ast)) {
        suggest.push({
          messageId: 'addAwait',
          fix: (fixer) => {
            if (drop.kind === 'void') {
              const voidToken = sourceCode.getFirstToken(drop.operator);
              if (voidToken?.value === 'void') return fixer.replaceText(voidToken, 'await');
            }
            return fixer.insertTextBefore(call.node, 'await ');
          },
        });
      }
      context.report({ node: call.node, messageId: drop.kind === 'void' ? 'voided' : 'dropped', data, suggest });
    }
  },
});

/** Callbacks whose return value is ignored: a lazy query returned to them never runs. */
const DISCARDING_METHODS = new Set(['forEach']);
const DISCARDING_FUNCTIONS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);

/**
 * Where the promise of the query ends up, when it is dropped:
 * `prisma.x.update(…);`, `cond && prisma.x.update(…);`, `void prisma.x.update(…)`,
 * `items.forEach((i) => prisma.x.update(…))`.
 */
function droppedBy(node: TSESTree.Node): Drop | undefined {
  let current: TSESTree.Node = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    if (isTransparentWrapper(parent)) {
      current = parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === current) return undefined;
        current = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
        // `flag && prisma.x.update()`: the right side's value is whatever the statement does with it.
        if (parent.right !== current) return undefined;
        current = parent;
        continue;
      case AST_NODE_TYPES.SequenceExpression:
        if (parent.expressions[parent.expressions.length - 1] !== current) return { kind: 'statement' };
        current = parent;
        continue;
      case AST_NODE_TYPES.ExpressionStatement:
        return { kind: 'statement' };
      case AST_NODE_TYPES.UnaryExpression:
        return parent.operator === 'void' ? { kind: 'void', operator: parent } : undefined;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === current ? discardingConsumer(parent) : undefined;
      case AST_NODE_TYPES.ReturnStatement: {
        const fn = enclosingFunction(parent);
        return fn ? discardingConsumer(fn) : undefined;
      }
      default:
        return undefined;
    }
  }
}

/**
 * A non-async callback whose return value its caller ignores (`forEach`, timers). An async
 * callback that returns the query does run it: resolving its promise calls `.then` on the query.
 */
function discardingConsumer(fn: FunctionNode): Drop | undefined {
  if (fn.async || fn.generator) return undefined;
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return undefined;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(callee);
    if (name && DISCARDING_METHODS.has(name)) return { kind: 'discardedBy', consumer: `.${name}()`, advice: LOOP_ADVICE };
    // `items.map((i) => prisma.x.update(…));` as a statement: the array of unstarted queries is thrown away.
    if ((name === 'map' || name === 'flatMap') && isStatementValue(call)) {
      return { kind: 'discardedBy', consumer: `.${name}() whose result is discarded`, advice: LOOP_ADVICE };
    }
    const object = skipTypeWrappers(callee.object);
    if (name === 'nextTick' && object.type === AST_NODE_TYPES.Identifier && object.name === 'process') {
      return { kind: 'discardedBy', consumer: 'process.nextTick()', advice: TIMER_ADVICE };
    }
    return undefined;
  }
  if (callee.type === AST_NODE_TYPES.Identifier && DISCARDING_FUNCTIONS.has(callee.name)) {
    return { kind: 'discardedBy', consumer: `${callee.name}()`, advice: TIMER_ADVICE };
  }
  return undefined;
}

const LOOP_ADVICE = 'await it in a for…of loop, or await Promise.all(items.map(…))';
const TIMER_ADVICE = 'make the callback async and await the query (with a try/catch), or chain .catch() on it';

/** A call whose value is thrown away by its statement. */
function isStatementValue(node: TSESTree.Node): boolean {
  const current = outermostWrapper(node);
  const parent = current.parent;
  return parent?.type === AST_NODE_TYPES.ExpressionStatement || (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void');
}

function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** `await` is valid here: inside an async function, or at the top level of an ES module. */
function canAwaitAt(node: TSESTree.Node, program: TSESTree.Program): boolean {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current.async;
    // Class static blocks and field initialisers are their own (non-async) function bodies.
    if (current.type === AST_NODE_TYPES.StaticBlock || current.type === AST_NODE_TYPES.PropertyDefinition) return false;
    current = current.parent;
  }
  return program.sourceType === 'module';
}
