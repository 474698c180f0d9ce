// Answers "is this request input, and was it validated?".
// A source is a read of raw input in a handler (`req.body`, `await request.json()`,
// `formData.get('x')`, a server action's object argument). Its value is followed through
// awaits, casts, member reads, object literals, JSON.parse/Object.fromEntries and variables
// (assignment and destructuring); it is validated when any of those values reaches a
// validator call (Zod `parse`/`safeParse`/…, or `settings.validators`).
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  getCalleeMember,
  getMemberPath,
  getPropertyName,
  isFunctionNode,
  skipTypeWrappers,
  type FunctionNode,
} from './ast.js';
import type { ClientResolver } from './clients.js';
import { decoratorName, getParameterDecorators, type Handler } from './handlers.js';

export type InputKind = 'body' | 'query' | 'params' | 'form' | 'argument' | 'procedure-input';

export interface InputSource {
  handler: Handler;
  kind: InputKind;
  /** How messages name it: `req.body`, `request.json()`, `formData`, `input`. */
  label: string;
  /** The first read of the source (where a report goes). */
  node: TSESTree.Node;
  validated: boolean;
  /** Read for something other than validation (passed on, stored, returned, compared). */
  used: boolean;
}

export interface InputOptions {
  /** Treat single reads (`req.query.page`, `searchParams.get('q')`) as input too. */
  singleReads: boolean;
  validators: ReadonlySet<string>;
}

/** Zod, Valibot, Yup, Joi, class-validator, Superstruct method and function names that validate. */
const VALIDATOR_METHODS = new Set([
  'parse',
  'safeParse',
  'parseAsync',
  'safeParseAsync',
  'spa',
  'validate',
  'validateSync',
  'validateAsync',
  'validateOrReject',
  'assert',
  'assertValid',
]);
/** Receivers whose `parse` is a format parser, not a schema check. */
const NOT_A_SCHEMA = /^(?:JSON|JSON5|qs|querystring|url|URL|path|Date|Number|BigInt|yaml|YAML|superjson|devalue|cookie|cookies|Cookies|csv|Papa|papa|toml|TOML|xml|parser|marked|dayjs|moment|DateTime|chrono|ms|bytes|semver|mime|contentType|jwt|jose|assert|console|Math|Intl)$/;
/** Functions whose result is the same input, reshaped. */
const DERIVING_CALLS = new Set(['JSON.parse', 'Object.fromEntries', 'Object.assign', 'structuredClone', 'plainToInstance', 'plainToClass', 'Object.entries', 'Object.values']);
const CONTEXT_PARAM = /^(?:c|ctx|context)$/;
const PRIMITIVE_TYPES = new Set([
  AST_NODE_TYPES.TSStringKeyword,
  AST_NODE_TYPES.TSNumberKeyword,
  AST_NODE_TYPES.TSBooleanKeyword,
  AST_NODE_TYPES.TSBigIntKeyword,
  AST_NODE_TYPES.TSLiteralType,
]);

type Flow = 'validated' | 'used' | 'unused';

interface Read {
  kind: InputKind;
  label: string;
  key: string;
  node: TSESTree.Node;
}

export class RequestInputAnalyzer {
  private readonly visitedVariables = new Set<TSESLint.Scope.Variable>();

  constructor(
    private readonly resolver: ClientResolver,
    private readonly options: InputOptions,
    /** Calls lexically inside a node, from the model's single walk. */
    private readonly callsWithin: (node: TSESTree.Node) => readonly TSESTree.CallExpression[],
  ) {}

  sources(handler: Handler): InputSource[] {
    const reads = this.collectReads(handler);
    const byKey = new Map<string, { first: Read; validated: boolean; used: boolean }>();
    for (const read of reads) {
      this.visitedVariables.clear();
      const flow = handler.inputValidator ? 'validated' : this.follow(read.node, 0);
      const entry = byKey.get(read.key);
      if (!entry) {
        byKey.set(read.key, { first: read, validated: flow === 'validated', used: flow === 'used' });
      } else {
        if (read.node.range[0] < entry.first.node.range[0]) entry.first = read;
        entry.validated ||= flow === 'validated';
        entry.used ||= flow === 'used';
      }
    }
    return [...byKey.values()].map(({ first, validated, used }) => ({
      handler,
      kind: first.kind,
      label: first.label,
      node: first.node,
      validated,
      used,
    }));
  }

  // ---------------------------------------------------------------- sources

  private collectReads(handler: Handler): Read[] {
    const reads: Read[] = [];
    const fn = handler.node;
    switch (handler.kind) {
      case 'trpc-procedure':
        if (handler.passthroughValidator) this.collectProcedureInput(fn, reads);
        break;
      case 'safe-action':
        break; // parsedInput is validated by the action client's schema
      case 'server-action':
        this.collectActionArguments(fn, reads);
        break;
      case 'nest-controller':
        this.collectNestParameters(fn, reads);
        break;
      default: {
        const first = fn.params[0];
        if (first?.type === AST_NODE_TYPES.Identifier) {
          if (CONTEXT_PARAM.test(first.name) && handler.kind !== 'next-route') this.collectContextReads(first, reads);
          else this.collectRequestReads(first, reads);
        }
      }
    }
    // Object.fromEntries(searchParams) and friends, anywhere in the handler.
    for (const call of this.callsWithin(fn)) {
      if (getMemberPath(call.callee) === 'Object.fromEntries' && call.arguments[0]) {
        const text = getMemberPath(stripEntries(call.arguments[0])) ?? '';
        if (/(?:^|\.)searchParams$/.test(text) || /URLSearchParams/.test(text)) {
          reads.push({ kind: 'query', label: 'Object.fromEntries(searchParams)', key: 'query', node: call });
        } else if (/(?:^|\.)formData$/i.test(text) || /formData/i.test(text)) {
          reads.push({ kind: 'form', label: 'Object.fromEntries(formData)', key: 'form', node: call });
        }
      } else if (this.options.singleReads && isSearchParamsGet(call)) {
        reads.push({ kind: 'query', label: 'searchParams.get()', key: 'query', node: call });
      }
    }
    return reads;
  }

  /** Express / Next / Fastify request objects. */
  private collectRequestReads(param: TSESTree.Identifier, reads: Read[]): void {
    const name = param.name;
    for (const reference of this.references(param)) {
      const id = reference.identifier as TSESTree.Node;
      const member = id.parent;
      if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== id) continue;
      const property = getPropertyName(member);
      if (property === 'body') {
        reads.push({ kind: 'body', label: `${name}.body`, key: 'body', node: member });
      } else if (property === 'query' || property === 'params') {
        if (isSingleRead(member)) {
          if (this.options.singleReads) reads.push({ kind: property, label: `${name}.${property}`, key: property, node: member });
        } else {
          reads.push({ kind: property, label: `${name}.${property}`, key: property, node: member });
        }
      } else if ((property === 'json' || property === 'formData' || property === 'text') && member.parent?.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member) {
        reads.push({ kind: property === 'formData' ? 'form' : 'body', label: `${name}.${property}()`, key: 'body', node: member.parent });
      }
    }
  }

  /** Hono `c.req.json()`, Koa `ctx.request.body`, getServerSideProps `context.query`. */
  private collectContextReads(param: TSESTree.Identifier, reads: Read[]): void {
    const name = param.name;
    for (const reference of this.references(param)) {
      const id = reference.identifier as TSESTree.Node;
      const outer = id.parent;
      if (outer?.type !== AST_NODE_TYPES.MemberExpression || outer.object !== id) continue;
      const first = getPropertyName(outer);
      if (first === 'query' || first === 'params') {
        if (!isSingleRead(outer) || this.options.singleReads) reads.push({ kind: first, label: `${name}.${first}`, key: first, node: outer });
        continue;
      }
      if (first !== 'req' && first !== 'request') continue;
      const inner = outer.parent;
      if (inner?.type !== AST_NODE_TYPES.MemberExpression || inner.object !== outer) continue;
      const second = getPropertyName(inner);
      const label = `${name}.${first}.${second}`;
      const call = inner.parent?.type === AST_NODE_TYPES.CallExpression && inner.parent.callee === inner ? inner.parent : undefined;
      if (second === 'body') reads.push({ kind: 'body', label, key: 'body', node: inner });
      else if (call && (second === 'json' || second === 'parseBody' || second === 'formData' || second === 'text')) {
        reads.push({ kind: 'body', label: `${label}()`, key: 'body', node: call });
      } else if (call && (second === 'query' || second === 'queries' || second === 'param') && (call.arguments.length === 0 || this.options.singleReads)) {
        const kind = second === 'param' ? 'params' : 'query';
        reads.push({ kind, label: `${label}()`, key: kind, node: call });
      } else if ((second === 'query' || second === 'params') && !call) {
        if (!isSingleRead(inner) || this.options.singleReads) reads.push({ kind: second, label, key: second, node: inner });
      }
    }
  }

  private collectProcedureInput(fn: FunctionNode, reads: Read[]): void {
    const param = fn.params[0];
    if (!param) return;
    if (param.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of param.properties) {
        if (property.type === AST_NODE_TYPES.Property && getKeyName(property) === 'input' && property.value.type === AST_NODE_TYPES.Identifier) {
          const first = this.references(property.value)[0];
          if (first) reads.push({ kind: 'procedure-input', label: 'input', key: 'input', node: first.identifier as TSESTree.Node });
        }
      }
    } else if (param.type === AST_NODE_TYPES.Identifier) {
      for (const reference of this.references(param)) {
        const member = (reference.identifier as TSESTree.Node).parent;
        if (member?.type === AST_NODE_TYPES.MemberExpression && getPropertyName(member) === 'input') {
          reads.push({ kind: 'procedure-input', label: `${param.name}.input`, key: 'input', node: member });
        }
      }
    }
  }

  /** Server actions: FormData reads and object-typed arguments are input from the network. */
  private collectActionArguments(fn: FunctionNode, reads: Read[]): void {
    fn.params.forEach((param, index) => {
      const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      if (target.type === AST_NODE_TYPES.Identifier) {
        const annotation = target.typeAnnotation?.typeAnnotation;
        const isForm = target.name === 'formData' || (annotation?.type === AST_NODE_TYPES.TSTypeReference && getMemberPath(annotation.typeName as TSESTree.Node) === 'FormData');
        if (isForm) {
          for (const reference of this.references(target)) {
            const member = (reference.identifier as TSESTree.Node).parent;
            if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
            const method = getPropertyName(member);
            if ((method === 'get' || method === 'getAll') && member.parent?.type === AST_NODE_TYPES.CallExpression) {
              reads.push({ kind: 'form', label: `${target.name}.${method}()`, key: `form:${target.name}`, node: member.parent });
            }
          }
          return;
        }
        // (prevState, formData): the first is the action's own previous result.
        const next = fn.params[index + 1];
        if (index === 0 && next?.type === AST_NODE_TYPES.Identifier && next.name === 'formData') return;
        if (!annotation || !isObjectLikeType(annotation)) return;
        const first = this.references(target)[0];
        if (first) reads.push({ kind: 'argument', label: target.name, key: `arg:${index}`, node: first.identifier as TSESTree.Node });
      } else if (target.type === AST_NODE_TYPES.ObjectPattern) {
        for (const variable of this.declaredVariables(target)) {
          const first = variable.references.find((ref) => !ref.init)?.identifier as TSESTree.Node | undefined;
          if (first) reads.push({ kind: 'argument', label: variable.name, key: `arg:${index}`, node: first });
        }
      }
    });
  }

  /** NestJS `@Body() body`, `@Query() query`, `@Req() req`. */
  private collectNestParameters(fn: FunctionNode, reads: Read[]): void {
    for (const param of fn.params) {
      const target = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
      if (target.type !== AST_NODE_TYPES.Identifier) continue;
      for (const decorator of getParameterDecorators(param)) {
        const name = decoratorName(decorator);
        const call = decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression : undefined;
        if (name === 'Req' || name === 'Request') {
          this.collectRequestReads(target, reads);
          continue;
        }
        const kind = name === 'Body' ? 'body' : name === 'Query' ? 'query' : name === 'Param' ? 'params' : undefined;
        if (!kind) continue;
        // @Body(new ZodValidationPipe(schema)) or a pipe argument validates.
        if (call && call.arguments.some((argument) => argument.type !== AST_NODE_TYPES.Literal)) continue;
        // @Query('page') is a single read.
        if (call && call.arguments.length > 0 && !this.options.singleReads) continue;
        // A DTO class is validated by Nest's ValidationPipe.
        const annotation = target.typeAnnotation?.typeAnnotation;
        if (annotation?.type === AST_NODE_TYPES.TSTypeReference && /(?:Dto|DTO|Input|Payload|Body|Query|Params|Request|Args)$/.test(getMemberPath(annotation.typeName as TSESTree.Node) ?? '')) continue;
        if (annotation && PRIMITIVE_TYPES.has(annotation.type)) continue;
        const first = this.references(target)[0];
        if (first) reads.push({ kind, label: `@${name}() ${target.name}`, key: kind, node: first.identifier as TSESTree.Node });
      }
    }
  }

  // ---------------------------------------------------------------- flow

  /** Where the value read at `start` goes. */
  private follow(start: TSESTree.Node, depth: number): Flow {
    if (depth > 6) return 'used';
    let current: TSESTree.Node = start;
    for (let steps = 0; steps < 100; steps++) {
      const parent = current.parent;
      if (!parent) return 'unused';
      switch (parent.type) {
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.TSSatisfiesExpression:
        case AST_NODE_TYPES.TSTypeAssertion:
        case AST_NODE_TYPES.ChainExpression:
        case AST_NODE_TYPES.ArrayExpression:
        case AST_NODE_TYPES.SpreadElement:
        case AST_NODE_TYPES.ObjectExpression:
        case AST_NODE_TYPES.TemplateLiteral:
          current = parent;
          continue;
        case AST_NODE_TYPES.Property:
          if (parent.value !== current) return 'used';
          current = parent;
          continue;
        case AST_NODE_TYPES.LogicalExpression:
        case AST_NODE_TYPES.ConditionalExpression:
          if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === current) return 'used';
          current = parent;
          continue;
        case AST_NODE_TYPES.MemberExpression:
          // A field of the input is still input: req.body.email
          if (parent.object !== current) return 'used';
          current = parent;
          continue;
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression: {
          if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === current) {
            // body.email.trim(): a value derived from input
            current = parent;
            continue;
          }
          const index = parent.arguments.indexOf(current as TSESTree.CallExpressionArgument);
          if (index < 0) return 'used';
          if (parent.type === AST_NODE_TYPES.CallExpression && this.isValidatorCall(parent)) return 'validated';
          const calleePath = getMemberPath(parent.callee);
          if (calleePath && (DERIVING_CALLS.has(calleePath) || DERIVING_CALLS.has(calleePath.split('.').pop() ?? ''))) {
            current = parent;
            continue;
          }
          if (parent.type === AST_NODE_TYPES.CallExpression && this.localFunctionValidates(parent, index, depth)) return 'validated';
          return 'used';
        }
        case AST_NODE_TYPES.VariableDeclarator:
          if (parent.init !== current) return 'used';
          return this.followBindings(parent.id, depth);
        case AST_NODE_TYPES.AssignmentExpression:
          if (parent.right !== current) return 'used';
          if (parent.left.type === AST_NODE_TYPES.Identifier || parent.left.type === AST_NODE_TYPES.ObjectPattern) {
            return this.followBindings(parent.left, depth);
          }
          return 'used';
        case AST_NODE_TYPES.ExpressionStatement:
          return 'unused';
        default:
          return 'used';
      }
    }
    return 'used';
  }

  /** Follows every variable bound by a declaration target (identifier or destructuring pattern). */
  private followBindings(target: TSESTree.Node, depth: number): Flow {
    let result: Flow = 'unused';
    for (const variable of this.declaredVariables(target)) {
      if (this.visitedVariables.has(variable)) continue;
      this.visitedVariables.add(variable);
      for (const reference of variable.references) {
        if (!reference.isRead()) continue;
        const flow = this.follow(reference.identifier as TSESTree.Node, depth + 1);
        if (flow === 'validated') return 'validated';
        if (flow === 'used') result = 'used';
      }
    }
    return result;
  }

  isValidatorCall(call: TSESTree.CallExpression): boolean {
    const callee = skipTypeWrappers(call.callee);
    const path = getMemberPath(callee);
    if (path && this.options.validators.has(path)) return true;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      return this.options.validators.has(callee.name) || VALIDATOR_METHODS.has(callee.name);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = getPropertyName(callee);
    if (!method) return false;
    if (this.options.validators.has(method)) return true;
    const receiver = skipTypeWrappers(callee.object);
    if (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'typia') return true;
    if (!VALIDATOR_METHODS.has(method)) return false;
    const receiverName = receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : receiver.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(receiver) : undefined;
    return !(receiverName && NOT_A_SCHEMA.test(receiverName));
  }

  /** `validateInput(body)` where `validateInput` is declared in this file and validates that parameter. */
  private localFunctionValidates(call: TSESTree.CallExpression, index: number, depth: number): boolean {
    if (depth > 3) return false;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) return false;
    const fn = this.resolveLocalFunction(callee);
    const param = fn?.params[index];
    if (!fn || !param) return false;
    const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    if (target.type !== AST_NODE_TYPES.Identifier && target.type !== AST_NODE_TYPES.ObjectPattern) return false;
    return this.followBindings(target, depth + 1) === 'validated';
  }

  private resolveLocalFunction(identifier: TSESTree.Identifier): FunctionNode | undefined {
    const def = this.resolver.findVariable(identifier)?.defs[0];
    if (!def) return undefined;
    if (def.type === 'FunctionName' && isFunctionNode(def.node as TSESTree.Node)) return def.node as FunctionNode;
    if (def.type === 'Variable') {
      const init = (def.node as TSESTree.VariableDeclarator).init;
      return init && isFunctionNode(init) ? init : undefined;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- scope helpers

  private references(identifier: TSESTree.Identifier): TSESLint.Scope.Reference[] {
    const variable = this.resolver.findVariable(identifier);
    if (!variable) return [];
    return variable.references.filter((reference) => reference.isRead()).sort((a, b) => a.identifier.range[0] - b.identifier.range[0]);
  }

  private declaredVariables(target: TSESTree.Node): TSESLint.Scope.Variable[] {
    const identifiers: TSESTree.Identifier[] = [];
    collectPatternIdentifiers(target, identifiers);
    const variables: TSESLint.Scope.Variable[] = [];
    for (const identifier of identifiers) {
      const variable = this.resolver.findVariable(identifier);
      if (variable) variables.push(variable);
    }
    return variables;
  }
}

function getKeyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal) return String(property.key.value);
  return undefined;
}

function collectPatternIdentifiers(node: TSESTree.Node, out: TSESTree.Identifier[]): void {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      out.push(node);
      break;
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of node.properties) {
        collectPatternIdentifiers(property.type === AST_NODE_TYPES.RestElement ? property.argument : property.value, out);
      }
      break;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of node.elements) if (element) collectPatternIdentifiers(element, out);
      break;
    case AST_NODE_TYPES.AssignmentPattern:
      collectPatternIdentifiers(node.left, out);
      break;
    case AST_NODE_TYPES.RestElement:
      collectPatternIdentifiers(node.argument, out);
      break;
    default:
      break;
  }
}

/** `req.query.page` or `const { page } = req.query`: one named field, not the whole object. */
function isSingleRead(member: TSESTree.MemberExpression): boolean {
  const parent = member.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === member && getPropertyName(parent) !== undefined) return true;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === member && parent.id.type === AST_NODE_TYPES.ObjectPattern) {
    return parent.id.properties.every((property) => property.type === AST_NODE_TYPES.Property);
  }
  return false;
}

function stripEntries(node: TSESTree.Node): TSESTree.Node {
  const value = skipTypeWrappers(node);
  // Object.fromEntries(searchParams.entries()) / new URL(req.url).searchParams
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const member = getCalleeMember(value);
    if (member && getPropertyName(member) === 'entries') return skipTypeWrappers(member.object);
  }
  if (value.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(value.object).type === AST_NODE_TYPES.NewExpression) {
    const name = getPropertyName(value);
    if (name) return { ...value, type: AST_NODE_TYPES.Identifier, name } as unknown as TSESTree.Node;
  }
  return value;
}

function isSearchParamsGet(call: TSESTree.CallExpression): boolean {
  const member = getCalleeMember(call);
  if (!member || getPropertyName(member) !== 'get') return false;
  const object = skipTypeWrappers(member.object);
  const name = object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(object) : undefined;
  return name === 'searchParams';
}

function isObjectLikeType(node: TSESTree.TypeNode): boolean {
  if (PRIMITIVE_TYPES.has(node.type)) return false;
  if (node.type === AST_NODE_TYPES.TSUnionType) return node.types.some(isObjectLikeType);
  return true;
}

