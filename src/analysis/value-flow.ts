// Where does a value go? "Is this lazy query — or the array of them a `.map` builds — handed to
// `$transaction(...)`, or to `Promise.all(...)`?" Answered once, for every rule: the value is
// followed up through casts, arrays, spreads, awaits, `.map` callbacks that return it and helper
// calls that wrap it, and across local variables by their scope references (declared with it,
// assigned, pushed into, listed or spread in another variable's array).
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getCalleeMember, getPropertyName, isFunctionNode } from './ast.js';

export type CallTest = (call: TSESTree.CallExpression) => boolean;

interface VariableFinder {
  findVariable(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null;
}

const MAX_CLIMB = 16;
const MAX_VARIABLE_HOPS = 3;
const ARRAY_BUILDING_CALLBACKS = new Set(['map', 'flatMap']);
const COLLECTING_METHODS = new Set(['push', 'unshift']);

/** Whether the value of `node` reaches, as an argument, a call for which `test` holds. */
export function valueReachesCall(scope: VariableFinder, node: TSESTree.Node, test: CallTest): boolean {
  return reaches(scope, node, test, 0, new Set());
}

function reaches(scope: VariableFinder, node: TSESTree.Node, test: CallTest, hops: number, seen: Set<TSESLint.Scope.Variable>): boolean {
  const intoVariable = (id: TSESTree.Node): boolean => {
    if (id.type !== AST_NODE_TYPES.Identifier || hops >= MAX_VARIABLE_HOPS) return false;
    const variable = scope.findVariable(id);
    if (!variable || seen.has(variable)) return false;
    seen.add(variable);
    return variable.references.some((reference) => reference.identifier !== id && reaches(scope, reference.identifier, test, hops + 1, seen));
  };

  let current: TSESTree.Node = node;
  for (let step = 0; step < MAX_CLIMB; step++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.AwaitExpression:
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === current) return false;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.right !== current) return false;
        break;
      case AST_NODE_TYPES.ReturnStatement: {
        // ids.map((id) => { return prisma.x.update(...) }): the callback's value, if it is not async
        let fn: TSESTree.Node | undefined = parent.parent;
        while (fn && !isFunctionNode(fn)) fn = fn.parent;
        if (!fn || !isFunctionNode(fn) || fn.async || !isArrayBuildingCallback(fn)) return false;
        current = fn.parent as TSESTree.Node;
        continue;
      }
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (parent.body !== current || parent.async || !isArrayBuildingCallback(parent)) return false;
        current = parent.parent as TSESTree.Node;
        continue;
      case AST_NODE_TYPES.MemberExpression:
        // ids.map(...).filter(Boolean), ops.concat(more): the chained call carries the array on
        if (parent.object !== current) return false;
        break;
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee !== current) {
          if (test(parent)) return true;
          const member = getCalleeMember(parent);
          if (member && COLLECTING_METHODS.has(getPropertyName(member) ?? '')) return intoVariable(member.object);
        } else {
          // `list.push(x)` reached through `list`: pushing into the array is not handing it on
          const method = parent.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(parent.callee) : undefined;
          if (method && COLLECTING_METHODS.has(method)) return false;
        }
        // an argument of another call (`chunk(ops, 10)`, `withRetry(op)`) or a chained array method
        break;
      }
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === current && intoVariable(parent.id);
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === current && intoVariable(parent.left);
      default:
        return false;
    }
    current = parent;
  }
  return false;
}

/** `xs.map(<fn>)` / `xs.flatMap(<fn>)`: the function's return values become the array. */
function isArrayBuildingCallback(fn: TSESTree.Node): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return false;
  const member = getCalleeMember(call);
  return !!member && ARRAY_BUILDING_CALLBACKS.has(getPropertyName(member) ?? '');
}

/** `x.$transaction(...)` on any client. */
export function isTransactionCall(call: TSESTree.CallExpression): boolean {
  const member = getCalleeMember(call);
  return !!member && getPropertyName(member) === '$transaction';
}
