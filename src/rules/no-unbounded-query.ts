import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { findProperty, getKeyName, getMemberPath, isFunctionNode, skipTypeWrappers } from '../analysis/ast.js';
import { createRule } from '../util/create-rule.js';
import { valueReachesNode } from '../analysis/value-flow.js';
import { checkFileModel } from '../util/model-listener.js';

type Resolve = (identifier: TSESTree.Identifier) => TSESTree.ObjectExpression | undefined;
type Options = [{ checkScopedQueries?: boolean }];

/** Negations: an `in` list under them excludes rows, it does not bound the result. */
const NEGATIONS = new Set(['NOT', 'not', 'none', 'every', 'isNot']);
/** Drizzle's `where` helpers that bound the result to a list of keys or one row. */
const DRIZZLE_KEY_FILTERS = new Set(['inArray']);
/** A foreign key by name: `userId`, `team_id`, `documentID` (not `id` itself). */
const FOREIGN_KEY = /^[A-Za-z_$][\w$]*(?:Id|_id|ID)$/;

export default createRule<Options, 'unbounded'>({
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
    schema: [
      {
        type: 'object',
        properties: {
          checkScopedQueries: {
            type: 'boolean',
            description:
              'Also report queries scoped to one owner (`where: { teamId }`, `where: { user: { id } }`) whose rows are not sent in a response: the rows of one parent read internally, such as a team\'s members or a document\'s views. Off by default, because most such sets stay small; on in `configs.strict`.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkScopedQueries: false }],
  },
  create(context, [options]) {
    const checkScoped = options.checkScopedQueries ?? false;
    return checkFileModel(context, (model) => {
      // Tests, seeds and scripts read whole tables on purpose, from data they made or must all process.
      if (model.isTestOrSeed || model.isScript) return;
      // `where` held in a local `const`: its object literal; anything else we cannot see.
      const resolve: Resolve = (identifier) => model.resolver.constObjectOf(identifier);
      let bodies: Set<TSESTree.Node> | undefined;
      const responseBodies = () => (bodies ??= new Set(model.responseSinks.map((sink) => sink.node)));
      for (const call of model.dbCalls) {
        try {
          if (call.method !== 'findMany' || call.node.type !== AST_NODE_TYPES.CallExpression) continue;
          const drizzle = call.library !== 'prisma';
          if (drizzle && !call.label.includes('.query.')) continue;
          const limitKey = drizzle ? 'limit' : 'take';
          const args = call.node.arguments[0];
          if (isBounded(args, limitKey, drizzle, resolve)) continue;
          // The rows of one owner (a team's members, a user's orders) are reported where they go
          // back to the client unpaged: a list endpoint. Read internally, such sets are usually small.
          if (!checkScoped && !drizzle && isOwnerScoped(args, resolve) && !valueReachesNode(model.resolver, call.node, responseBodies())) continue;
          context.report({ node: call.node, messageId: 'unbounded', data: { call: call.label, limit: limitKey } });
        } catch {
          // An odd call shape must never take the lint run down.
        }
      }
    });
  },
});

/**
 * The query reads the rows of one owner: its `where` has an equality on a foreign key
 * (`where: { teamId }`) or a relation filter down to one (`{ user: { id } }`,
 * `{ teams: { some: { teamId } } }`), at the top, in an `AND`, or in every branch of an `OR`.
 */
function isOwnerScoped(argument: TSESTree.Node | undefined, resolve: Resolve): boolean {
  const args = argument ? skipTypeWrappers(argument) : undefined;
  if (args?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const where = findProperty(args, 'where');
  return !!where && scopedFilter(where.value, false, 0, resolve);
}

function scopedFilter(node: TSESTree.Node, nested: boolean, depth: number, resolve: Resolve): boolean {
  let value = skipTypeWrappers(node);
  if (depth > 6) return false;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const object = resolve(value);
    if (!object) return false;
    value = object;
  }
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    return value.elements.some((element) => !!element && element.type !== AST_NODE_TYPES.SpreadElement && scopedFilter(element, nested, depth + 1, resolve));
  }
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return value.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const key = getKeyName(property);
    if (key === undefined || NEGATIONS.has(key)) return false;
    const condition = skipTypeWrappers(property.value);
    if (key === 'AND') return scopedFilter(condition, nested, depth + 1, resolve);
    if (key === 'OR') {
      return (
        condition.type === AST_NODE_TYPES.ArrayExpression &&
        condition.elements.length > 0 &&
        condition.elements.every((element) => !!element && element.type !== AST_NODE_TYPES.SpreadElement && scopedFilter(element, nested, depth + 1, resolve))
      );
    }
    // inside a relation filter, the related row's own id names the owner
    if (FOREIGN_KEY.test(key) || (nested && key === 'id')) return isEquality(condition);
    // a relation filter: `user: { id }`, `teams: { some: { teamId } }`, `is: { ... }`
    return condition.type === AST_NODE_TYPES.ObjectExpression && scopedFilter(condition, true, depth + 1, resolve);
  });
}

/** `teamId: x`, `teamId: { equals: x }`, `teamId: cond ? a : b`: one value, not a range or a list. */
function isEquality(condition: TSESTree.Node): boolean {
  if (condition.type === AST_NODE_TYPES.ObjectExpression) return !!findProperty(condition, 'equals');
  if (condition.type === AST_NODE_TYPES.Literal && condition.value === null) return false;
  return true;
}

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
