// Small AST predicates shared by the analysis core. They never throw on odd shapes.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

export type FunctionNode =
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression
  | TSESTree.ArrowFunctionExpression;

export type LoopNode =
  | TSESTree.ForStatement
  | TSESTree.ForInStatement
  | TSESTree.ForOfStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    !!node &&
    (node.type === AST_NODE_TYPES.FunctionDeclaration ||
      node.type === AST_NODE_TYPES.FunctionExpression ||
      node.type === AST_NODE_TYPES.ArrowFunctionExpression)
  );
}

export function isLoopNode(node: TSESTree.Node | null | undefined): node is LoopNode {
  return (
    !!node &&
    (node.type === AST_NODE_TYPES.ForStatement ||
      node.type === AST_NODE_TYPES.ForInStatement ||
      node.type === AST_NODE_TYPES.ForOfStatement ||
      node.type === AST_NODE_TYPES.WhileStatement ||
      node.type === AST_NODE_TYPES.DoWhileStatement)
  );
}

/** Strips TypeScript-only wrappers and parentheses-free no-ops: `x as T`, `x!`, `<T>x`, `x satisfies T`. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** Strips `await`, type wrappers and optional chains: what value does this expression stand for? */
export function skipAwaitAndWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
  return current;
}

/** The static name of a member's property: `a.b` and `a['b']` give `b`; `a[x]` gives undefined. */
export function getPropertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) {
    return node.property.type === AST_NODE_TYPES.Identifier || node.property.type === AST_NODE_TYPES.PrivateIdentifier
      ? node.property.name
      : undefined;
  }
  return getStaticString(node.property);
}

/** The name of an object-literal key or class member key, when static. */
export function getKeyName(node: TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  if (!node.computed) {
    if (node.key.type === AST_NODE_TYPES.Identifier || node.key.type === AST_NODE_TYPES.PrivateIdentifier) return node.key.name;
    if (node.key.type === AST_NODE_TYPES.Literal) return String(node.key.value);
    return undefined;
  }
  return getStaticString(node.key);
}

export function getStaticString(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `a.b.c(...)` with the final property named `name` (or one of `names`). */
export function isMethodCall(
  node: TSESTree.Node,
  names?: string | ReadonlySet<string> | readonly string[],
): node is TSESTree.CallExpression & { callee: TSESTree.MemberExpression } {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (names === undefined) return true;
  const name = getPropertyName(callee);
  if (name === undefined) return false;
  if (typeof names === 'string') return name === names;
  return 'has' in names ? names.has(name) : names.includes(name);
}

/** The callee as a member expression, looking through `a?.b()` and type wrappers. */
export function getCalleeMember(node: TSESTree.CallExpression): TSESTree.MemberExpression | undefined {
  const callee = skipTypeWrappers(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? callee : undefined;
}

/** `foo(...)` → `foo`, `a.b.foo(...)` → `foo`. */
export function getCalleeName(node: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = skipTypeWrappers(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(callee);
  return undefined;
}

/** Dotted text of a simple member chain (`ctx.db.user`), or undefined when it has calls or computed keys. */
export function getMemberPath(node: TSESTree.Node): string | undefined {
  const current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.Identifier) return current.name;
  if (current.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(current);
    const object = getMemberPath(current.object);
    if (name === undefined || object === undefined) return undefined;
    return `${object}.${name}`;
  }
  return undefined;
}

/** The leftmost identifier of a member chain, through calls: `a.b().c` → `a`. */
export function getRootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current: TSESTree.Node = skipTypeWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.Identifier) return current;
    if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
    else if (current.type === AST_NODE_TYPES.CallExpression) current = skipTypeWrappers(current.callee);
    else return undefined;
  }
}

/** Finds a property of an object expression by static key. */
export function findProperty(node: TSESTree.Node | undefined, key: string): TSESTree.Property | undefined {
  if (!node) return undefined;
  const object = skipTypeWrappers(node);
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.Property && getKeyName(property) === key) return property;
  }
  return undefined;
}

/** True when `inner` lies within `outer` (by source range). */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** Nearest enclosing function of a node (not the node itself), or undefined at module level. */
export function getEnclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** The name a function is known by: its id, the variable or property it is assigned to, or the method key. */
export function getFunctionName(fn: FunctionNode): string | undefined {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (!parent) return undefined;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if ((parent.type === AST_NODE_TYPES.Property || parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition) && parent.value === fn) {
    return getKeyName(parent);
  }
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === fn) return getMemberPath(parent.left)?.split('.').pop();
  return undefined;
}

/** Does this statement list (or a statement) contain a directive such as 'use server'? */
export function hasDirective(body: readonly TSESTree.Node[], directive: string): boolean {
  for (const statement of body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
    if (statement.directive === undefined) return false;
    if (statement.directive === directive) return true;
  }
  return false;
}

export function functionHasDirective(fn: FunctionNode, directive: string): boolean {
  return fn.body.type === AST_NODE_TYPES.BlockStatement && hasDirective(fn.body.body, directive);
}

/** Lowercased source-agnostic description of a loop for messages. */
export function describeLoop(node: TSESTree.Node): string {
  switch (node.type) {
    case AST_NODE_TYPES.ForOfStatement:
      return node.await ? 'for await…of loop' : 'for…of loop';
    case AST_NODE_TYPES.ForInStatement:
      return 'for…in loop';
    case AST_NODE_TYPES.ForStatement:
      return 'for loop';
    case AST_NODE_TYPES.WhileStatement:
      return 'while loop';
    case AST_NODE_TYPES.DoWhileStatement:
      return 'do…while loop';
    default:
      return 'loop';
  }
}

/** Whether an identifier node is being written (declared or assigned), not read. */
export function isWriteTarget(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator) return parent.id === node;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression) return parent.left === node;
  return false;
}

/** Calls `visit` on each direct child node (skipping `parent` and non-node values). */
export function forEachChild(node: TSESTree.Node, visit: (child: TSESTree.Node) => void): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || !value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string') visit(item as TSESTree.Node);
    } else if (typeof (value as TSESTree.Node).type === 'string') {
      visit(value as TSESTree.Node);
    }
  }
}

/**
 * The first descendant (or the node itself) matching `test`, in source order. Nested functions
 * are entered only when `enterFunctions` is set: their bodies run at another time.
 */
export function findDescendant(
  node: TSESTree.Node,
  test: (candidate: TSESTree.Node) => boolean,
  options: { enterFunctions?: boolean } = {},
): TSESTree.Node | undefined {
  let found: TSESTree.Node | undefined;
  const visit = (current: TSESTree.Node): void => {
    if (found) return;
    if (current !== node && !options.enterFunctions && isFunctionNode(current)) return;
    if (test(current)) {
      found = current;
      return;
    }
    forEachChild(current, visit);
  };
  visit(node);
  return found;
}

/** Climbs from an expression through `?.` chains and TypeScript wrappers: the node its value is used as. */
export function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isTransparentWrapper(current.parent)) current = current.parent;
  return current;
}

/**
 * A node whose value is its child's: `x as T`, `x!`, `<T>x`, `x satisfies T`, `a?.b` (the chain).
 * Walks that follow a value up to where it goes step through these first.
 */
export function isTransparentWrapper(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return true;
    default:
      return false;
  }
}
