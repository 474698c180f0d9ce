// Answers "is this function a request handler, for which framework, and where is its request?".
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  functionHasDirective,
  getCalleeMember,
  getKeyName,
  getPropertyName,
  getStaticString,
  hasDirective,
  isFunctionNode,
  skipTypeWrappers,
  type FunctionNode,
} from './ast.js';
import type { ClientResolver } from './clients.js';
import type { Framework } from './settings.js';

export type HandlerKind =
  | 'next-route'
  | 'next-pages-api'
  | 'next-gssp'
  | 'next-middleware'
  | 'server-action'
  | 'express-route'
  | 'express-middleware'
  | 'trpc-procedure'
  | 'safe-action'
  | 'nest-controller';

export interface Handler {
  node: FunctionNode;
  kind: HandlerKind;
  /** HTTP method when known: the route export name, the router verb, the Nest decorator. */
  httpMethod: string | undefined;
  /** Human description for messages: "POST route handler", "server action createPost". */
  label: string;
  /** The registration call (`app.post(...)`, `.mutation(...)`), when there is one. */
  registration: TSESTree.CallExpression | undefined;
  /**
   * Validation that happens before the handler runs: the tRPC `.input(schema)` call,
   * next-safe-action's `.schema()`/`.inputSchema()`, a validating Express middleware.
   */
  inputValidator: TSESTree.Node | undefined;
  /** A tRPC `.input(x => x as T)` that checks nothing. */
  passthroughValidator: TSESTree.Node | undefined;
}

const HTTP_METHOD_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const ROUTER_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use']);
const NEST_VERBS = new Map([
  ['Get', 'GET'],
  ['Post', 'POST'],
  ['Put', 'PUT'],
  ['Patch', 'PATCH'],
  ['Delete', 'DELETE'],
  ['All', 'ALL'],
  ['Options', 'OPTIONS'],
  ['Head', 'HEAD'],
]);
const REQUEST_NAMES = /^(?:req|request|_req|_request)$/;
const RESPONSE_NAMES = /^(?:res|response|reply|_res|_response)$/;
/** A middleware that validates the request: validate(schema), zValidator('json', s), celebrate(...). */
const VALIDATING_MIDDLEWARE = /valid|schema|zod|celebrate|checkSchema|checkBody|sanitize/i;

export interface FileKind {
  isAppRoute: boolean;
  isPagesApi: boolean;
  isPages: boolean;
  isMiddleware: boolean;
}

export function classifyFile(filename: string): FileKind {
  const path = filename.replaceAll('\\', '/');
  return {
    isAppRoute: /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]sx?$/.test(path),
    isPagesApi: /(?:^|\/)pages\/api\//.test(path),
    isPages: /(?:^|\/)pages\//.test(path),
    isMiddleware: /(?:^|\/)(?:src\/)?(?:middleware|proxy)\.[cm]?[jt]s$/.test(path),
  };
}

export interface HandlerDetectionInput {
  program: TSESTree.Program;
  filename: string;
  functions: readonly FunctionNode[];
  calls: readonly TSESTree.CallExpression[];
  classes: readonly (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[];
  resolver: ClientResolver;
  framework: Framework | undefined;
  validators: ReadonlySet<string>;
}

export function detectHandlers(input: HandlerDetectionInput): Map<FunctionNode, Handler> {
  const handlers = new Map<FunctionNode, Handler>();
  const add = (handler: Handler): void => {
    if (!handlers.has(handler.node)) handlers.set(handler.node, handler);
  };
  const file = classifyFile(input.filename);
  const isServerFile = hasDirective(input.program.body, 'use server');

  // Registrations first: a 'use server' file that exports `actionClient.schema(s).action(fn)`
  // holds a validated safe action, not a bare server action.
  for (const call of input.calls) detectRegistration(call, input, add);
  for (const cls of input.classes) detectNestController(cls, add);
  detectExports(input, file, isServerFile, add);
  for (const fn of input.functions) {
    if (handlers.has(fn)) continue;
    if (functionHasDirective(fn, 'use server')) {
      add(simpleHandler(fn, 'server-action', undefined, `server action${nameSuffix(fn)}`));
    } else if (takesRequestAndResponse(fn)) {
      add(simpleHandler(fn, 'express-route', undefined, `request handler${nameSuffix(fn)}`));
    }
  }
  return handlers;
}

function simpleHandler(fn: FunctionNode, kind: HandlerKind, httpMethod: string | undefined, label: string): Handler {
  return { node: fn, kind, httpMethod, label, registration: undefined, inputValidator: undefined, passthroughValidator: undefined };
}

function nameSuffix(fn: FunctionNode): string {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.id) return ` ${fn.id.name}`;
  if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) return ` ${fn.parent.id.name}`;
  return '';
}

function paramName(param: TSESTree.Parameter | undefined): string | undefined {
  if (!param) return undefined;
  const node = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  return node.type === AST_NODE_TYPES.Identifier ? node.name : undefined;
}

/** `(req, res)`, `(req, res, next)`, `(request: FastifyRequest, reply)`. */
function takesRequestAndResponse(fn: FunctionNode): boolean {
  const first = paramName(fn.params[0]);
  const second = paramName(fn.params[1]);
  return !!first && !!second && REQUEST_NAMES.test(first) && RESPONSE_NAMES.test(second);
}

/** The functions an exported value stands for: the function itself, or those a wrapper receives. */
function functionsOf(node: TSESTree.Node | null | undefined, input: HandlerDetectionInput, depth = 0): FunctionNode[] {
  if (!node || depth > 4) return [];
  const value = skipTypeWrappers(node);
  if (isFunctionNode(value)) return [value];
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = input.resolver.findVariable(value);
    const def = variable?.defs[0];
    if (!def) return [];
    if (def.type === 'FunctionName' && isFunctionNode(def.node as TSESTree.Node)) return [def.node as FunctionNode];
    if (def.type === 'Variable') return functionsOf((def.node as TSESTree.VariableDeclarator).init, input, depth + 1);
    return [];
  }
  if (value.type === AST_NODE_TYPES.CallExpression) {
    // withAuth(async (req) => ...), withErrorHandling(handler)
    return value.arguments.flatMap((argument) => functionsOf(argument, input, depth + 1));
  }
  return [];
}

function detectExports(input: HandlerDetectionInput, file: FileKind, isServerFile: boolean, add: (handler: Handler) => void): void {
  const forExport = (name: string, value: TSESTree.Node | null | undefined): void => {
    const fns = functionsOf(value, input);
    // export default withValidation({ schema })(handler), export const POST = withSchema(s, async (req) => ...)
    const wrapper = value ? validatingWrapper(value, input) : undefined;
    const make = (fn: FunctionNode, kind: HandlerKind, httpMethod: string | undefined, label: string): Handler => ({
      ...simpleHandler(fn, kind, httpMethod, label),
      inputValidator: wrapper,
    });
    for (const fn of fns) {
      if (file.isAppRoute && HTTP_METHOD_EXPORTS.has(name)) {
        add(make(fn, 'next-route', name, `${name} route handler`));
      } else if (file.isPagesApi && name === 'default') {
        add(make(fn, 'next-pages-api', undefined, 'API route handler'));
      } else if (file.isPages && name === 'getServerSideProps') {
        add(make(fn, 'next-gssp', 'GET', 'getServerSideProps'));
      } else if (file.isMiddleware && (name === 'middleware' || name === 'proxy' || name === 'default')) {
        add(make(fn, 'next-middleware', undefined, 'middleware'));
      } else if (isServerFile && fn.async) {
        add(make(fn, 'server-action', 'POST', `server action ${name === 'default' ? '' : name}`.trim()));
      }
    }
  };

  for (const statement of input.program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      forExport('default', statement.declaration);
    } else if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) {
        forExport(declaration.id.name, declaration);
      } else if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier) forExport(declarator.id.name, declarator.init);
        }
      } else if (!statement.source) {
        // export { handler as GET, handler as POST }
        for (const specifier of statement.specifiers) {
          if (specifier.local.type !== AST_NODE_TYPES.Identifier) continue;
          const exported = specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : String(specifier.exported.value);
          forExport(exported, specifier.local);
        }
      }
    }
  }
}

/** Names along a builder chain: `t.procedure.input(s).query` → ['query', 'input', 'procedure', 't']. */
function chainCalls(node: TSESTree.Node): { names: string[]; calls: TSESTree.CallExpression[] } {
  const names: string[] = [];
  const calls: TSESTree.CallExpression[] = [];
  let current: TSESTree.Node = skipTypeWrappers(node);
  for (let i = 0; i < 50; i++) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      calls.push(current);
      current = skipTypeWrappers(current.callee);
    } else if (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(current);
      if (name) names.push(name);
      current = skipTypeWrappers(current.object);
    } else {
      if (current.type === AST_NODE_TYPES.Identifier) names.push(current.name);
      break;
    }
  }
  return { names, calls };
}

function chainCallNamed(calls: readonly TSESTree.CallExpression[], names: ReadonlySet<string>): TSESTree.CallExpression | undefined {
  return calls.find((call) => {
    const member = getCalleeMember(call);
    const name = member && getPropertyName(member);
    return name !== undefined && names.has(name);
  });
}

/** `.input((x) => x as T)`: a function that returns its argument unchecked. */
function isPassthroughValidator(node: TSESTree.Node | undefined): boolean {
  if (!node || !isFunctionNode(node)) return false;
  const param = paramName(node.params[0]);
  if (!param) return false;
  let body: TSESTree.Node = node.body;
  if (body.type === AST_NODE_TYPES.BlockStatement) {
    const last = body.body.length === 1 ? body.body[0] : undefined;
    if (last?.type !== AST_NODE_TYPES.ReturnStatement || !last.argument) return false;
    body = last.argument;
  }
  const value = skipTypeWrappers(body);
  return value.type === AST_NODE_TYPES.Identifier && value.name === param;
}

const TRPC_RESOLVERS = new Set(['query', 'mutation', 'subscription']);
const SAFE_ACTION_RESOLVERS = new Set(['action', 'stateAction', 'handler']);
const SAFE_ACTION_SCHEMAS = new Set(['schema', 'inputSchema', 'input']);

function detectRegistration(call: TSESTree.CallExpression, input: HandlerDetectionInput, add: (handler: Handler) => void): void {
  const member = getCalleeMember(call);
  if (!member) return;
  const method = getPropertyName(member);
  if (!method) return;
  const fnArgs: FunctionNode[] = call.arguments.filter((argument) => isFunctionNode(argument)) as FunctionNode[];

  // tRPC: publicProcedure.input(z.object(...)).mutation(async ({ input, ctx }) => ...)
  if (TRPC_RESOLVERS.has(method) && fnArgs.length === 1 && (call.arguments[0] as TSESTree.Node) === fnArgs[0]) {
    const chain = chainCalls(member.object);
    const looksLikeProcedure = chain.names.some((name) => /procedure$/i.test(name)) || chain.names.includes('input') || chain.names.includes('use');
    if (looksLikeProcedure) {
      const inputCall = chainCallNamed(chain.calls, new Set(['input']));
      const validatorArg = inputCall?.arguments[0];
      const passthrough = isPassthroughValidator(validatorArg);
      add({
        node: fnArgs[0]!,
        kind: 'trpc-procedure',
        httpMethod: method === 'query' ? 'GET' : 'POST',
        label: `tRPC ${method}`,
        registration: call,
        inputValidator: passthrough ? undefined : inputCall,
        passthroughValidator: passthrough ? validatorArg : undefined,
      });
      return;
    }
  }

  // next-safe-action: actionClient.schema(s).action(async ({ parsedInput }) => ...); zsa: .input(s).handler(...)
  if (SAFE_ACTION_RESOLVERS.has(method) && fnArgs.length === 1 && (call.arguments[0] as TSESTree.Node) === fnArgs[0]) {
    const chain = chainCalls(member.object);
    const schemaCall = chainCallNamed(chain.calls, SAFE_ACTION_SCHEMAS);
    const isActionClient = chain.names.some((name) => /action|procedure|createServerAction/i.test(name));
    if (schemaCall || isActionClient) {
      add({
        node: fnArgs[0]!,
        kind: 'safe-action',
        httpMethod: 'POST',
        label: 'server action',
        registration: call,
        inputValidator: schemaCall,
        passthroughValidator: undefined,
      });
      return;
    }
  }

  // Express / Fastify / Koa-router / Hono: app.post('/path', mw, handler), app.post('/path', createUser)
  const routeFns = ROUTER_VERBS.has(method) ? routeFunctions(call, input) : [];
  if (routeFns.length > 0) {
    const first = call.arguments[0];
    const object = skipTypeWrappers(member.object);
    const hasPath =
      !!first &&
      (getStaticString(first)?.startsWith('/') === true ||
        getStaticString(first) === '*' ||
        first.type === AST_NODE_TYPES.TemplateLiteral ||
        (first.type === AST_NODE_TYPES.Literal && 'regex' in first) ||
        first.type === AST_NODE_TYPES.ArrayExpression);
    // router.route('/x').get(fn)
    const isRouteChain = object.type === AST_NODE_TYPES.CallExpression && getCalleeMember(object) !== undefined && getPropertyName(getCalleeMember(object)!) === 'route';
    const usesRequest = routeFns.some((fn) => takesRequestAndResponse(fn));
    if (!hasPath && !isRouteChain && !usesRequest) return;
    if (method === 'use' && !usesRequest && !hasPath) return;
    const middlewareValidator = call.arguments.find(
      (argument) => !isFunctionNode(argument) && isValidatingMiddleware(argument, input),
    );
    const handlerFn = routeFns[routeFns.length - 1]!;
    for (const fn of routeFns) {
      const isLast = fn === handlerFn;
      const verb = method === 'use' || method === 'all' ? undefined : method === 'del' ? 'DELETE' : method.toUpperCase();
      add({
        node: fn,
        kind: method === 'use' || !isLast ? 'express-middleware' : 'express-route',
        httpMethod: verb,
        label: method === 'use' ? 'middleware' : `${verb ?? ''} route handler`.trim(),
        registration: call,
        inputValidator: middlewareValidator,
        passthroughValidator: undefined,
      });
    }
    return;
  }

  // fastify.route({ method, url, handler })
  if (method === 'route' && call.arguments.length === 1) {
    const options = skipTypeWrappers(call.arguments[0]!);
    if (options.type !== AST_NODE_TYPES.ObjectExpression) return;
    const schema = findSchemaOption(options);
    const methodProperty = options.properties.find((property) => property.type === AST_NODE_TYPES.Property && getKeyName(property) === 'method');
    const verb = methodProperty?.type === AST_NODE_TYPES.Property ? getStaticString(methodProperty.value)?.toUpperCase() : undefined;
    for (const property of options.properties) {
      if (property.type !== AST_NODE_TYPES.Property || getKeyName(property) !== 'handler') continue;
      for (const fn of functionsOf(property.value, input)) {
        add({ ...simpleHandler(fn, 'express-route', verb, `${verb ?? ''} route handler`.trim()), inputValidator: schema });
      }
    }
  }
}

/**
 * The functions a route registration runs: inline functions, functions wrapped inline
 * (`asyncHandler(async (req, res) => ...)`), and identifiers that name a function of this file
 * (`router.post('/users', validate(schema), createUser)`).
 */
function routeFunctions(call: TSESTree.CallExpression, input: HandlerDetectionInput): FunctionNode[] {
  const result: FunctionNode[] = [];
  for (const argument of call.arguments) {
    if (isFunctionNode(argument)) {
      result.push(argument);
    } else if (argument.type === AST_NODE_TYPES.CallExpression) {
      for (const fn of functionsOf(argument, input)) if (!result.includes(fn)) result.push(fn);
    } else if (argument.type === AST_NODE_TYPES.Identifier && !isValidatingMiddleware(argument, input)) {
      const def = input.resolver.findVariable(argument)?.defs[0];
      if (def?.type === 'FunctionName' && isFunctionNode(def.node as TSESTree.Node)) {
        result.push(def.node as FunctionNode);
      } else if (def?.type === 'Variable') {
        const init = (def.node as TSESTree.VariableDeclarator).init;
        const value = init ? skipTypeWrappers(init) : undefined;
        if (value && isFunctionNode(value)) result.push(value);
      }
    }
  }
  return result;
}

/** `validate(schema)`, `zValidator('json', s)`, `celebrate({...})`, express-validator chains, `{ schema: {...} }` (Fastify). */
function isValidatingMiddleware(node: TSESTree.Node, input: HandlerDetectionInput, depth = 0): boolean {
  if (depth > 3) return false;
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    return value.elements.some((element) => !!element && element.type !== AST_NODE_TYPES.SpreadElement && isValidatingMiddleware(element, input, depth + 1));
  }
  // Fastify: app.post('/x', { schema: { body } }, handler)
  if (value.type === AST_NODE_TYPES.ObjectExpression) return findSchemaOption(value) !== undefined;
  if (isExpressValidatorChain(value, input)) return true;
  const name = deepCalleeName(value);
  return name !== undefined && (input.validators.has(name) || VALIDATING_MIDDLEWARE.test(name));
}

/** The name a middleware expression is known by: `validate`, `validate(s)`, `withSchema(s)(opts)`, `mw.validate(s)`. */
function deepCalleeName(node: TSESTree.Node): string | undefined {
  let target = skipTypeWrappers(node);
  for (let i = 0; i < 5 && target.type === AST_NODE_TYPES.CallExpression; i++) target = skipTypeWrappers(target.callee);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(target);
  return undefined;
}

const EXPRESS_VALIDATOR_ROOTS = new Set(['body', 'check', 'query', 'param', 'header', 'cookie', 'checkSchema', 'checkExact', 'oneOf', 'checkBody', 'checkQuery', 'checkParams']);

/** express-validator: `body('email').isEmail()`, `checkSchema({...})`, imported from 'express-validator'. */
function isExpressValidatorChain(node: TSESTree.Node, input: HandlerDetectionInput): boolean {
  let current = skipTypeWrappers(node);
  for (let i = 0; i < 50; i++) {
    if (current.type === AST_NODE_TYPES.CallExpression) current = skipTypeWrappers(current.callee);
    else if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
    else break;
  }
  if (current.type !== AST_NODE_TYPES.Identifier || !EXPRESS_VALIDATOR_ROOTS.has(current.name)) return false;
  const source = input.resolver.getImport(current)?.source;
  return source === 'express-validator' || source?.startsWith('express-validator/') === true;
}

/** Fastify's route `schema` option (`{ schema: { body, querystring, params } }`): Fastify validates before the handler. */
function findSchemaOption(options: TSESTree.ObjectExpression): TSESTree.Node | undefined {
  for (const property of options.properties) {
    if (property.type === AST_NODE_TYPES.Property && getKeyName(property) === 'schema') {
      const value = skipTypeWrappers(property.value);
      if (value.type !== AST_NODE_TYPES.ObjectExpression) return property;
      const keys = value.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? getKeyName(p) : undefined));
      if (keys.some((key) => key === 'body' || key === 'querystring' || key === 'query' || key === 'params')) return property;
    }
    // Fastify's `preValidation`/`validatorCompiler` hooks validate too.
    if (property.type === AST_NODE_TYPES.Property && (getKeyName(property) === 'preValidation' || getKeyName(property) === 'validatorCompiler')) return property;
  }
  return undefined;
}

/**
 * A wrapper around an exported handler that validates before calling it:
 * `withValidation({ schema })(handler)`, `withSchema(schema, async (req) => ...)`.
 */
function validatingWrapper(node: TSESTree.Node, input: HandlerDetectionInput, depth = 0): TSESTree.Node | undefined {
  if (depth > 4) return undefined;
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const def = input.resolver.findVariable(value)?.defs[0];
    if (def?.type !== 'Variable') return undefined;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    return init ? validatingWrapper(init, input, depth + 1) : undefined;
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (isValidatingMiddleware(value.callee, input)) return value;
  for (const argument of value.arguments) {
    if (argument.type === AST_NODE_TYPES.SpreadElement || isFunctionNode(argument)) continue;
    const inner = skipTypeWrappers(argument);
    if (inner.type === AST_NODE_TYPES.CallExpression) {
      const found = validatingWrapper(inner, input, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  const expression = skipTypeWrappers(decorator.expression);
  const target = expression.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(expression.callee) : expression;
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(target);
  return undefined;
}

function detectNestController(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, add: (handler: Handler) => void): void {
  if (!cls.decorators.some((decorator) => decoratorName(decorator) === 'Controller')) return;
  // @UsePipes(new ValidationPipe()) / @UsePipes(new ZodValidationPipe(schema)) on the class or the method.
  const classPipes = cls.decorators.find((decorator) => decoratorName(decorator) === 'UsePipes');
  for (const member of cls.body.body) {
    if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'method' || member.value.type !== AST_NODE_TYPES.FunctionExpression) continue;
    const methodPipes = member.decorators.find((decorator) => decoratorName(decorator) === 'UsePipes');
    for (const decorator of member.decorators) {
      const verb = NEST_VERBS.get(decoratorName(decorator) ?? '');
      if (verb) {
        add({
          ...simpleHandler(member.value as TSESTree.FunctionExpression, 'nest-controller', verb, `${verb} controller method ${getKeyName(member) ?? ''}`.trim()),
          inputValidator: methodPipes ?? classPipes,
        });
        break;
      }
    }
  }
}

/** NestJS parameter decorators on a controller method parameter: `@Body()`, `@Query('x')`. */
export function getParameterDecorators(param: TSESTree.Parameter): TSESTree.Decorator[] {
  if (param.type === AST_NODE_TYPES.TSParameterProperty) return param.decorators;
  return 'decorators' in param && Array.isArray(param.decorators) ? param.decorators : [];
}

export { decoratorName };
