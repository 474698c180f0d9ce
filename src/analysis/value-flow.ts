// Where does a value go? "Is this lazy query — or the array of them a `.map` builds — handed to
// `$transaction(...)`, or to `Promise.all(...)`?", "are these rows sent in a response?" Answered
// once, for every rule: the value is followed up through casts, arrays, object literals, spreads,
// awaits, `.map` callbacks that return it and helper calls that wrap it, and across local
// variables by their scope references (declared with it, destructured, assigned, pushed into,
// listed or spread in another variable's array).
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getCalleeMember, getPropertyName, isFunctionNode, isTransparentWrapper } from './ast.js';

export type CallTest = (call: TSESTree.CallExpression) => boolean;

interface VariableFinder {
  findVariable(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null;
}

const MAX_CLIMB = 16;
const MAX_VARIABLE_HOPS = 3;
const ARRAY_BUILDING_CALLBACKS = new Set(['map', 'flatMap']);
const COLLECTING_METHODS = new Set(['push', 'unshift']);
const ARRAY_PRESERVING_METHODS = new Set(['map', 'flatMap', 'filter', 'slice', 'concat', 'flat', 'sort', 'toSorted', 'reverse', 'toReversed']);

/** Whether the value of `node` reaches, as an argument, a call for which `test` holds. */
export function valueReachesCall(scope: VariableFinder, node: TSESTree.Node, test: CallTest): boolean {
  return reaches(scope, node, test, () => false, 0, new Set());
}

/** Whether the value of `node` becomes (part of) one of the `targets` expressions, e.g. a response body. */
export function valueReachesNode(scope: VariableFinder, node: TSESTree.Node, targets: ReadonlySet<TSESTree.Node>): boolean {
  return targets.size > 0 && reaches(scope, node, () => false, (candidate) => targets.has(candidate), 0, new Set());
}

function reaches(
  scope: VariableFinder,
  node: TSESTree.Node,
  test: CallTest,
  isTarget: (node: TSESTree.Node) => boolean,
  hops: number,
  seen: Set<TSESLint.Scope.Variable>,
): boolean {
  const intoVariable = (target: TSESTree.Node): boolean => {
    if (hops >= MAX_VARIABLE_HOPS) return false;
    return boundIdentifiers(target).some((id) => {
      const variable = scope.findVariable(id);
      if (!variable || seen.has(variable)) return false;
      seen.add(variable);
      return variable.references.some((reference) => reference.identifier !== id && reaches(scope, reference.identifier, test, isTarget, hops + 1, seen));
    });
  };

  let current: TSESTree.Node = node;
  for (let step = 0; step < MAX_CLIMB; step++) {
    if (isTarget(current)) return true;
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return false;
    if (isTransparentWrapper(parent)) {
      current = parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.AwaitExpression:
        break;
      case AST_NODE_TYPES.Property:
        // { teams, members }: the object carries the value
        if (parent.value !== current || parent.parent?.type !== AST_NODE_TYPES.ObjectExpression) return false;
        break;
      case AST_NODE_TYPES.ObjectExpression:
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
      case AST_NODE_TYPES.MemberExpression: {
        // ids.map(...).filter(Boolean), ops.concat(more): a chained array method carries the array
        // on; a property read (`rows.length`) or another method (`rows.reduce(...)`) does not
        const call = parent.parent;
        if (parent.object !== current || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return false;
        if (!ARRAY_PRESERVING_METHODS.has(getPropertyName(parent) ?? '')) return false;
        current = call;
        continue;
      }
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee === current) return false; // called, not passed on
        if (test(parent)) return true;
        const member = getCalleeMember(parent);
        if (member && COLLECTING_METHODS.has(getPropertyName(member) ?? '')) return intoVariable(member.object);
        // an argument of another call: `chunk(ops, 10)`, `withRetry(op)`
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

/** The identifiers a declaration binds: `x`, `[a, b]`, `{ a, b: c, ...rest }`. */
function boundIdentifiers(target: TSESTree.Node): TSESTree.Identifier[] {
  switch (target.type) {
    case AST_NODE_TYPES.Identifier:
      return [target];
    case AST_NODE_TYPES.ArrayPattern:
      return target.elements.flatMap((element) => (element ? boundIdentifiers(element) : []));
    case AST_NODE_TYPES.ObjectPattern:
      return target.properties.flatMap((property) => boundIdentifiers(property.type === AST_NODE_TYPES.Property ? property.value : property));
    case AST_NODE_TYPES.RestElement:
      return boundIdentifiers(target.argument);
    case AST_NODE_TYPES.AssignmentPattern:
      return boundIdentifiers(target.left);
    default:
      return [];
  }
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
