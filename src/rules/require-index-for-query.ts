import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { BackendModel } from '../analysis/index.js';
import { findProperty, getKeyName, skipTypeWrappers } from '../analysis/ast.js';
import type { SchemaModel } from '../analysis/schema.js';
import { PRISMA_FILTER_METHODS } from '../analysis/db-calls.js';
import { createRule } from '../util/create-rule.js';
import { checkFileModel } from '../util/model-listener.js';


const NOT_INDEXABLE = new Set(['Boolean', 'Json', 'Bytes']);

/**
 * What a `where` (or a part of it) tells about index use:
 * - covered: it filters on a field an index starts with, so the index narrows the scan;
 * - uncovered: it filters only on fields no index starts with (`fields`);
 * - unknown: a shape we cannot see (spread, parameter, relation filter, computed key): never reported;
 * - neutral: filters nothing an index could use (`NOT`, `undefined`).
 */
type Coverage = { kind: 'covered' } | { kind: 'unknown' } | { kind: 'neutral' } | { kind: 'uncovered'; fields: string[] };

const COVERED: Coverage = { kind: 'covered' };
const UNKNOWN: Coverage = { kind: 'unknown' };
const NEUTRAL: Coverage = { kind: 'neutral' };

export default createRule({
  name: 'require-index-for-query',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a Prisma `where` to filter on at least one field an index covers',
      config: 'recommended',
      requiresSchema: true,
    },
    messages: {
      unindexed:
        '{{call}} filters {{model}} on {{fields}}; no index starts with any of them, so the database scans the table; add {{index}} to model {{model}} (or filter on an indexed field).',
    },
    schema: [],
  },
  create(context) {
    return checkFileModel(context, (model) => {
      const schema = model.schema;
      if (!schema || model.isTestOrSeed) return;
      for (const call of model.dbCalls) {
        try {
          if (call.library !== 'prisma' || !call.model || !PRISMA_FILTER_METHODS.has(call.method)) continue;
          if (call.node.type !== AST_NODE_TYPES.CallExpression) continue;
          const schemaModel = schema.models.get(call.model);
          if (!schemaModel) continue;
          const args = model.resolver.constObjectOf(call.node.arguments[0]);
          if (!args || args.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement)) continue;
          const where = findProperty(args, 'where');
          if (!where) continue; // no filter at all: no-unbounded-query's business
          const coverage = whereCoverage(model, schemaModel, where.value, 0);
          if (coverage.kind !== 'uncovered') continue;
          // An index on a boolean alone rarely helps the planner, and a Json path filter needs a
          // GIN index, not @@index([field]): do not ask for either.
          const indexable = coverage.fields.filter((field) => !NOT_INDEXABLE.has(schemaModel.fields.get(field)?.type ?? ''));
          if (indexable.length === 0) continue;
          context.report({
            node: call.node,
            messageId: 'unindexed',
            data: {
              call: call.label,
              model: schemaModel.name,
              fields: coverage.fields.join(', '),
              index: `@@index([${indexable[0]}])`,
            },
          });
        } catch {
          // An odd call shape must never take the lint run down.
        }
      }
    });
  },
});

/** An object literal, directly or through a `const` in scope. */
/** Implicit AND of the properties of a `where` object (or one conjunct/branch of it). */
function whereCoverage(model: BackendModel, schemaModel: SchemaModel, node: TSESTree.Node, depth: number): Coverage {
  if (depth > 8) return UNKNOWN;
  const object = model.resolver.constObjectOf(node);
  if (!object) {
    const value = skipTypeWrappers(node);
    if (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') return NEUTRAL;
    return UNKNOWN; // a parameter, a built filter, a ternary: cannot tell
  }
  const parts: Coverage[] = [];
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) return UNKNOWN;
    const key = getKeyName(property);
    if (key === undefined) return UNKNOWN;
    const value = skipTypeWrappers(property.value);
    if (key === 'AND') parts.push(conjunction(model, schemaModel, value, depth));
    else if (key === 'OR') parts.push(disjunction(model, schemaModel, value, depth));
    else if (key === 'NOT') parts.push(NEUTRAL);
    else parts.push(fieldCoverage(schemaModel, key, value));
  }
  return combineAnd(parts);
}

function fieldCoverage(schemaModel: SchemaModel, key: string, value: TSESTree.Node): Coverage {
  if (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') return NEUTRAL; // Prisma drops it
  const field = schemaModel.fields.get(key);
  if (!field) return UNKNOWN; // not a field we know (a compound unique name, a typo): cannot tell
  if (field.kind === 'object') return UNKNOWN; // a relation filter: the join may be what narrows it
  if (schemaModel.indexedFields.has(key)) return COVERED;
  return { kind: 'uncovered', fields: [key] };
}

/** `AND: [...]` or `AND: {...}`: one covered conjunct is enough. */
function conjunction(model: BackendModel, schemaModel: SchemaModel, value: TSESTree.Node, depth: number): Coverage {
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return whereCoverage(model, schemaModel, value, depth + 1);
  const parts: Coverage[] = [];
  for (const element of value.elements) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return UNKNOWN;
    parts.push(whereCoverage(model, schemaModel, element, depth + 1));
  }
  return combineAnd(parts);
}

/** `OR: [...]`: covered only when every branch is; one uncovered branch makes the whole OR scan. */
function disjunction(model: BackendModel, schemaModel: SchemaModel, value: TSESTree.Node, depth: number): Coverage {
  if (value.type !== AST_NODE_TYPES.ArrayExpression || value.elements.length === 0) return UNKNOWN;
  const fields: string[] = [];
  let unknown = false;
  for (const element of value.elements) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return UNKNOWN;
    const branch = whereCoverage(model, schemaModel, element, depth + 1);
    if (branch.kind === 'uncovered') fields.push(...branch.fields);
    else if (branch.kind !== 'covered') unknown = true;
  }
  if (fields.length > 0) return { kind: 'uncovered', fields: dedupe(fields) };
  return unknown ? UNKNOWN : COVERED;
}

function combineAnd(parts: readonly Coverage[]): Coverage {
  if (parts.some((part) => part.kind === 'covered')) return COVERED;
  if (parts.some((part) => part.kind === 'unknown')) return UNKNOWN;
  const fields = parts.flatMap((part) => (part.kind === 'uncovered' ? part.fields : []));
  return fields.length > 0 ? { kind: 'uncovered', fields: dedupe(fields) } : NEUTRAL;
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}
