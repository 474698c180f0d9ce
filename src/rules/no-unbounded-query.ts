import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { findProperty, getKeyName, getMemberPath, isFunctionNode, skipTypeWrappers } from '../analysis/ast.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';

/** Tests and seeds read whole tables on purpose, from data they made themselves. */
type Resolve = (identifier: TSESTree.Identifier) => TSESTree.ObjectExpression | undefined;

/** Negations: an `in` list under them excludes rows, it does not bound the result. */
const NEGATIONS = new Set(['NOT', 'not', 'none', 'every', 'isNot']);
/** Drizzle's `where` helpers that bound the result to a list of keys or one row. */
const DRIZZLE_KEY_FILTERS = new Set(['inArray']);

export default createRule({
  name: 'no-unbounded-query',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require findMany to be bounded with take (or a cursor page, or an `in` list)',
      config: 'recommended',
    },
    messages: {
      unbounded:
        '{{call}} has no `{{limit}}`, so it returns every matching row: as the table grows this becomes a slow query, a large payload and a memory spike; add `{{limit}}` (and a cursor for the next page).',
    },
    schema: [],
  },
  create(context) {
    return checkFileModel(context, (model) => {
        if (model.isTestOrSeed) return;
        // `where` held in a local `const`: its object literal; anything else we cannot see.
        const resolve: Resolve = (identifier) => model.resolver.constObjectOf(identifier);
        for (const call of model.dbCalls) {
          try {
            if (call.method !== 'findMany' || call.node.type !== AST_NODE_TYPES.CallExpression) continue;
            const drizzle = call.library !== 'prisma';
            if (drizzle && !call.label.includes('.query.')) continue;
            const limitKey = drizzle ? 'limit' : 'take';
            if (isBounded(call.node.arguments[0], limitKey, drizzle, resolve)) continue;
            context.report({ node: call.node, messageId: 'unbounded', data: { call: call.label, limit: limitKey } });
          } catch {
            // An odd call shape must never take the lint run down.
          }
        }
    });
  },
});

/** `take`, a cursor page, an `in` list in `where`, or arguments we cannot see (a variable, a spread). */
function isBounded(argument: TSESTree.Node | undefined, limitKey: string, drizzle: boolean, resolve: Resolve): boolean {
  if (!argument) return false;
  if (argument.type === AST_NODE_TYPES.SpreadElement) return true;
  const args = skipTypeWrappers(argument);
  if (args.type !== AST_NODE_TYPES.ObjectExpression) return true;
  if (args.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement)) return true;
  if (findProperty(args, limitKey) || findProperty(args, 'cursor')) return true;
  const where = findProperty(args, 'where');
  if (!where) return false;
  return drizzle ? drizzleWhereBounded(where.value) : whereBounded(where.value, 0, resolve);
}

/**
 * A Prisma `where` that selects a bounded set: an `in` list on a field (`id: { in: ids }`), an
 * equality on `id`, either of them in an `AND`, in every branch of an `OR`; or a `where` we cannot see.
 */
function whereBounded(node: TSESTree.Node, depth: number, resolve: Resolve): boolean {
  let value = skipTypeWrappers(node);
  if (depth > 6) return false;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const object = resolve(value);
    if (!object) return true; // a parameter, a built filter: we cannot see it
    value = object;
  }
  if (value.type !== AST_NODE_TYPES.ObjectExpression && value.type !== AST_NODE_TYPES.ArrayExpression) return true; // a call, a ternary: cannot see
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    // AND: [...] is bounded when one of its conditions is.
    return value.elements.some((element) => !!element && element.type !== AST_NODE_TYPES.SpreadElement && whereBounded(element, depth + 1, resolve));
  }
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
  for (const property of value.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) return true; // ...filters: cannot see it
    const key = getKeyName(property);
    if (key === undefined || NEGATIONS.has(key)) continue;
    const condition = skipTypeWrappers(property.value);
    if (key === 'AND') {
      if (whereBounded(condition, depth + 1, resolve)) return true;
      continue;
    }
    if (key === 'OR') {
      // OR: items.map((item) => ({ id: item.id })): a batch by keys, like an `in` list
      if (condition.type === AST_NODE_TYPES.CallExpression || condition.type === AST_NODE_TYPES.Identifier) return true;
      if (condition.type === AST_NODE_TYPES.ArrayExpression && condition.elements.length > 0 &&
        condition.elements.every((element) => !!element && element.type !== AST_NODE_TYPES.SpreadElement && whereBounded(element, depth + 1, resolve))) return true;
      continue;
    }
    // id: someId (not a filter object): one row
    if (key === 'id' && condition.type !== AST_NODE_TYPES.ObjectExpression && condition.type !== AST_NODE_TYPES.ConditionalExpression) return true;
    if (key === 'id' && condition.type === AST_NODE_TYPES.ObjectExpression && findProperty(condition, 'equals')) return true;
    if (hasInList(condition, depth + 1)) return true;
  }
  return false;
}

/**
 * A field filter with an `in` list: `{ in: ids }`, `ids ? { in: ids } : id`, or one under a
 * relation filter (`hashes: { some: { hash: { in: hashes } } }`, `author: { id: { in: ids } }`).
 */
function hasInList(node: TSESTree.Node, depth: number): boolean {
  const value = skipTypeWrappers(node);
  if (depth > 8) return false;
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return hasInList(value.consequent, depth + 1) || hasInList(value.alternate, depth + 1);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return value.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const key = getKeyName(property);
    if (key === 'in') return true;
    if (key === undefined || NEGATIONS.has(key)) return false;
    return hasInList(property.value, depth + 1);
  });
}

/** Drizzle: `where: inArray(users.id, ids)`, `where: (u, { inArray }) => inArray(u.id, ids)`, `and(inArray(...), ...)`. */
function drizzleWhereBounded(node: TSESTree.Node): boolean {
  let value = skipTypeWrappers(node);
  if (isFunctionNode(value)) {
    if (value.body.type === AST_NODE_TYPES.BlockStatement) return true; // cannot follow it cheaply: not reported
    value = skipTypeWrappers(value.body);
  }
  return hasKeyFilter(value, 0);
}

function hasKeyFilter(node: TSESTree.Node, depth: number): boolean {
  if (depth > 6 || node.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = getMemberPath(node.callee)?.split('.').pop();
  if (name && DRIZZLE_KEY_FILTERS.has(name)) return true;
  if (name === 'and') return node.arguments.some((arg) => hasKeyFilter(skipTypeWrappers(arg), depth + 1));
  if (name === 'or') return node.arguments.length > 0 && node.arguments.every((arg) => hasKeyFilter(skipTypeWrappers(arg), depth + 1));
  return false;
}
