// Answers "what does a request handler send back?": the expressions that become a response body.
// `res.json(x)`, `res.status(200).send(x)`, `Response.json(x)`, `NextResponse.json(x)`,
// `new Response(x)`, and what server actions, tRPC procedures, getServerSideProps and NestJS
// controllers return. Used to judge what reaches the client (sensitive fields, unpaged lists).
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { forEachChild, getCalleeMember, getMemberPath, getPropertyName, isFunctionNode, skipTypeWrappers, type FunctionNode } from './ast.js';
import type { BackendModel } from './model.js';

/** Handlers whose return value is the response (route handlers return a Response object instead). */
const RETURNING_HANDLERS = new Set(['server-action', 'safe-action', 'trpc-procedure', 'next-gssp', 'nest-controller']);
const RESPONSE_OBJECT = /^(?:res|response|reply|resp|_res|_response|ctx\.res|ctx\.reply|context\.res)$/;

export interface ResponseSink {
  /** The expression sent: the argument of `res.json(...)`, a returned expression. */
  node: TSESTree.Node;
  /** "this GET route handler's response", "a response". */
  label: string;
}

export function findResponseSinks(model: BackendModel): ResponseSink[] {
  const result: ResponseSink[] = [];
  const describe = (node: TSESTree.Node): string => {
    const handler = model.handlerOf(node);
    return handler ? `this ${handler.label}'s response` : 'a response';
  };
  for (const call of model.calls) {
    const argument = call.arguments[0];
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) continue;
    const member = getCalleeMember(call);
    if (!member) continue;
    const method = getPropertyName(member);
    if (method !== 'json' && method !== 'send') continue;
    const receiver = skipTypeWrappers(member.object);
    const path = getMemberPath(receiver);
    if (method === 'json' && (path === 'Response' || path === 'NextResponse')) {
      result.push({ node: argument, label: describe(call) });
      continue;
    }
    // res.json(x), res.status(200).json(x), reply.code(200).send(x)
    const root = responseRoot(receiver);
    if (root && RESPONSE_OBJECT.test(root) && (model.handlerOf(call) || root !== 'response')) result.push({ node: argument, label: describe(call) });
  }
  for (const expression of model.newExpressions) {
    const path = getMemberPath(expression.callee);
    const body = expression.arguments[0];
    if ((path === 'Response' || path === 'NextResponse') && body && body.type !== AST_NODE_TYPES.SpreadElement) result.push({ node: body, label: describe(expression) });
  }
  for (const [fn, handler] of model.handlers) {
    if (!RETURNING_HANDLERS.has(handler.kind)) continue;
    for (const returned of returnedExpressions(fn)) result.push({ node: returned, label: `this ${handler.label}'s response` });
  }
  return result;
}

/** `res` in `res.status(404).json`, `res.json`. */
function responseRoot(receiver: TSESTree.Node): string | undefined {
  let current = receiver;
  for (let i = 0; i < 5 && current.type === AST_NODE_TYPES.CallExpression; i++) {
    const member = getCalleeMember(current);
    if (!member) return undefined;
    current = skipTypeWrappers(member.object);
  }
  return getMemberPath(current);
}

/** The expressions a function returns (arrow bodies, `return x` not inside nested functions). */
export function returnedExpressions(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const result: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node, depth = 0): void => {
    if (depth > 60) return; // a pathological nesting depth: what is found so far
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) result.push(node.argument);
      return;
    }
    if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) return;
    forEachChild(node, (child) => visit(child, depth + 1));
  };
  for (const statement of fn.body.body) visit(statement);
  return result;
}
