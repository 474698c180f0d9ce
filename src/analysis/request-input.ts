// Answers "is this request input, and was it validated?".
// A source is a read of raw input in a handler (`req.body`, `await request.json()`,
// `formData.get('x')`, a server action's object argument). Its value is followed through
// awaits, casts, member reads, object literals, JSON.parse/Object.fromEntries and variables
// (assignment and destructuring); it is validated when any of those values reaches a
// validator call (Zod `parse`/`safeParse`/…, or `settings.validators`), a hand-written
// runtime check (`typeof`, `instanceof`, `Array.isArray`), or a webhook signature check.
// Everything here is defensive: an unexpected shape means "not input", never an exception.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  getCalleeMember,
  getKeyName as getMemberKeyName,
  getMemberPath,
  getPropertyName,
  getStaticString,
  isFunctionNode,
  isTransparentWrapper,
  skipTypeWrappers,
  type FunctionNode,
} from './ast.js';
import type { ClientResolver } from './clients.js';
import { decoratorName, getParameterDecorators, type Handler } from './handlers.js';

export type InputKind = 'body' | 'query' | 'params' | 'form' | 'argument' | 'procedure-input';

export interface InputSource {
  handler: Handler;
  kind: InputKind;
  /** How messages name it: `req.body`, `request.json()`, `formData.get()`, `input`. */
  label: string;
  /** The first read of the source (where a report goes). */
  node: TSESTree.Node;
  validated: boolean;
  /** Read for something other than validation (passed on, stored, returned, compared). */
  used: boolean;
  /** One named field (`req.query.page`, `@Param('id')`), not a whole body or query object. */
  single: boolean;
}

export interface InputOptions {
  /** Treat single reads (`req.query.page`, `searchParams.get('q')`) as input too. */
  singleReads: boolean;
  validators: ReadonlySet<string>;
}

/** Zod, Valibot, Yup, Joi, class-validator, Superstruct, ArkType, TypeBox method and function names that validate. */
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
  'is',
  'isValid',
  'isValidSync',
  'Check',
  'Parse',
  'Decode',
  'Assert',
]);
/** Function or method names that announce validation: `validateBody`, `isValidSlug`, `assertIsUser`. */
const VALIDATOR_PREFIX = /^(?:validate|isValid|assertValid|assert(?=[A-Z]))/;
/** Receivers whose `parse`/`validate` is a format parser or something else, not a schema check. */
const NOT_A_SCHEMA = /^(?:JSON|JSON5|qs|querystring|url|URL|path|Date|Number|BigInt|yaml|YAML|superjson|devalue|cookie|cookies|Cookies|csv|Papa|papa|toml|TOML|xml|parser|marked|dayjs|moment|DateTime|chrono|ms|bytes|semver|mime|contentType|jwt|jose|assert|console|Math|Intl|Object|Array|Reflect|uuid|dateFns|cron|cronParser|ua|UAParser|useragent|htmlParser|parse5|cheerio|matter|contentDisposition|accepts|rangeParser)$/;
/** Modules whose `parse`/`assert`/`validate` exports are not schema checks. */
const NOT_A_SCHEMA_MODULE = /^(?:node:)?(?:assert|assert\/strict|querystring|url|path|util)$|^(?:qs|date-fns(?:\/.*)?|dayjs|cookie|set-cookie-parser|content-type|json5|yaml|csv-parse(?:\/.*)?|papaparse|marked|chrono-node|superjson|devalue|uuid|semver|bytes|ms|cron-parser|node-html-parser|gray-matter|mime|accept-language-parser|tldts|psl|parse-duration)$/;
/** Functions whose result is the same input, reshaped. */
const DERIVING_CALLS = new Set([
  'JSON.parse',
  'JSON.stringify',
  'Object.fromEntries',
  'Object.assign',
  'structuredClone',
  'plainToInstance',
  'plainToClass',
  'Object.entries',
  'Object.values',
  'Object.keys',
]);
/** Hand-written runtime type checks. */
const RUNTIME_CHECKS = new Set(['Array.isArray', 'Number.isInteger', 'Number.isFinite', 'Number.isSafeInteger', 'Number.isNaN']);
/** Webhook signature checks: a verified payload comes from the provider, not from an attacker. */
const SIGNATURE_CHECKS = /^(?:constructEvent|constructEventAsync|verify|verify\w*(?:Signature|Webhook|Hmac|HMAC|Request|Payload|Qstash|QStash)|verifyKey|verifyAndReceive|unmarshal|isValidSignature|validateRequest|validateWebhook|unwrap)$/;
const LOG_METHODS = /^(?:log|info|warn|error|debug|trace|fatal|verbose|captureException|captureMessage|addBreadcrumb|setContext|setExtra)$/;
const LOG_RECEIVERS = /^(?:console|logger|log|_logger|pino|winston|Sentry|Logger)$|[a-z]Logger$/;
const CONTEXT_PARAM = /^(?:c|ctx|context)$/;
const PRIMITIVE_TYPES = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.TSStringKeyword,
  AST_NODE_TYPES.TSNumberKeyword,
  AST_NODE_TYPES.TSBooleanKeyword,
  AST_NODE_TYPES.TSBigIntKeyword,
  AST_NODE_TYPES.TSLiteralType,
  AST_NODE_TYPES.TSTemplateLiteralType,
  AST_NODE_TYPES.TSNullKeyword,
  AST_NODE_TYPES.TSUndefinedKeyword,
  AST_NODE_TYPES.TSVoidKeyword,
  AST_NODE_TYPES.TSNeverKeyword,
  AST_NODE_TYPES.TSSymbolKeyword,
]);
/** Imported type names that almost always stand for a string, number or union of literals. */
const PRIMITIVE_LOOKING_TYPE = /(?:Id|ID|Uuid|UUID|Slug|Status|Locale|Lang|Language|Role|Kind|Mode|Theme|Plan|Tier|Key|Token|Email|Url|URL|Href|Path|Name|Currency|Timezone|TimeZone|Variant|Level|Step|Tab|Format|Direction|Visibility|Permission|Priority|Color|Colour|Enum|Date|Timestamp)$/;
/** The `prevState` of `useActionState(action, initial)`. */
const PREV_STATE_NAME = /^_?(?:prev|previous|current|initial)?State$|^_?prevState$|^_$/i;

type Flow = 'validated' | 'used' | 'unused';

interface Read {
  kind: InputKind;
  label: string;
  /**
   * What validation covers: reads with the same key share one verdict (`req.body` read twice).
   * Single fields get their own key (`query:page`, `form:formData:title`).
   */
  key: string;
  /** What a report is about: one report per group at most (defaults to the key). */
  group?: string;
  /** A form field (`formData.get('x')`), whose type a primitive conversion (`String(x)`) settles. */
  coercible?: boolean;
  /** Where a report goes. */
  node: TSESTree.Node;
  /** When the value is bound by destructuring (`const { body } = req`): the binding to follow. */
  binding?: TSESTree.Node;
}

interface KeyVerdict {
  first: Read;
  validated: boolean;
  used: boolean;
  /** The first read whose value is used (not validated, not dropped). */
  firstUsed: Read | undefined;
}

type Variable = TSESLint.Scope.Variable;
type Reference = TSESLint.Scope.Reference;

export class RequestInputAnalyzer {
  private readonly visitedVariables = new Set<Variable>();

  constructor(
    private readonly resolver: ClientResolver,
    private readonly options: InputOptions,
    /** Calls lexically inside a node, from the model's single walk. */
    private readonly callsWithin: (node: TSESTree.Node) => readonly TSESTree.CallExpression[],
  ) {}

  sources(handler: Handler): InputSource[] {
    const reads = this.collectReads(handler);
    if (reads.length === 0) return [];
    const validatedUpfront = !!handler.inputValidator || this.usesExpressValidator(handler.node);
    // 1. One verdict per key: validated when any read of it is validated, used when any is used.
    const byKey = new Map<string, KeyVerdict>();
    for (const read of reads) {
      this.visitedVariables.clear();
      let flow: Flow;
      if (validatedUpfront) flow = 'validated';
      else if (read.coercible && isCoerced(read.node)) flow = 'validated';
      else if (read.binding) flow = this.followBindings(read.binding, 0);
      else flow = this.follow(read.node, 0);
      let entry = byKey.get(read.key);
      if (!entry) {
        entry = { first: read, validated: false, used: false, firstUsed: undefined };
        byKey.set(read.key, entry);
      }
      if (read.node.range[0] < entry.first.node.range[0]) entry.first = read;
      entry.validated ||= flow === 'validated';
      if (flow === 'used') {
        entry.used = true;
        if (!entry.firstUsed || read.node.range[0] < entry.firstUsed.node.range[0]) entry.firstUsed = read;
      }
    }
    // 2. One source per group: validating the whole object covers its fields; otherwise the
    //    first read of an unvalidated, used key is the one to report.
    const byGroup = new Map<string, KeyVerdict[]>();
    for (const entry of byKey.values()) {
      const group = entry.first.group ?? entry.first.key;
      const list = byGroup.get(group) ?? [];
      list.push(entry);
      byGroup.set(group, list);
    }
    const result: InputSource[] = [];
    for (const [group, entries] of byGroup) {
      const whole = entries.find((entry) => entry.first.key === group);
      const wholeValidated = whole?.validated ?? false;
      const offending = wholeValidated ? [] : entries.filter((entry) => entry.used && !entry.validated);
      const make = (read: Read, validated: boolean, used: boolean): InputSource => ({
        handler,
        kind: read.kind,
        label: read.label,
        node: read.node,
        validated,
        used,
        single: read.key !== group && !read.coercible,
      });
      if (offending.length > 0) {
        const reads = offending.map((entry) => entry.firstUsed ?? entry.first).sort((a, b) => a.node.range[0] - b.node.range[0]);
        result.push(make(reads[0]!, false, true));
      } else {
        const first = entries.map((entry) => entry.first).sort((a, b) => a.node.range[0] - b.node.range[0])[0]!;
        result.push(make(first, wholeValidated || entries.some((entry) => entry.validated), entries.some((entry) => entry.used)));
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- sources

  private collectReads(handler: Handler): Read[] {
    const reads: Read[] = [];
    const fn = handler.node;
    switch (handler.kind) {
      case 'trpc-procedure':
        if (handler.passthroughValidator) this.collectProcedureInput(fn, reads);
        return reads;
      case 'safe-action':
        return reads; // parsedInput is validated by the action client's schema
      case 'server-action':
        this.collectActionArguments(fn, reads);
        break;
      case 'nest-controller':
        this.collectNestParameters(fn, reads);
        break;
      default: {
        const first = fn.params[0];
        if (first?.type === AST_NODE_TYPES.Identifier) {
          if (CONTEXT_PARAM.test(first.name) && handler.kind !== 'next-route' && handler.kind !== 'next-pages-api') {
            this.collectContextReads(first, reads);
          } else {
            this.collectRequestReads(first, handler, reads);
          }
        } else if (first?.type === AST_NODE_TYPES.ObjectPattern) {
          // Wrapped handlers: withWorkspace(async ({ req, params }) => ...)
          for (const property of first.properties) {
            if (property.type !== AST_NODE_TYPES.Property) continue;
            const key = getPatternKeyName(property);
            const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
            if ((key === 'req' || key === 'request') && value.type === AST_NODE_TYPES.Identifier) {
              this.collectRequestReads(value, handler, reads);
            }
          }
        }
      }
    }
    // Object.fromEntries(searchParams) and friends, anywhere in the handler.
    for (const call of this.callsWithin(fn)) {
      if (getMemberPath(call.callee) === 'Object.fromEntries' && call.arguments[0]) {
        const text = getMemberPath(stripEntries(call.arguments[0])) ?? '';
        if (/(?:^|\.)searchParams$/.test(text)) {
          reads.push({ kind: 'query', label: 'Object.fromEntries(searchParams)', key: 'query', node: call });
        }
      } else if (this.options.singleReads && isSearchParamsGet(call)) {
        reads.push({ kind: 'query', label: 'searchParams.get()', key: fieldKey('query', call), group: 'query', node: call });
      }
    }
    return reads;
  }

  /** Express / Next / Fastify request objects. */
  private collectRequestReads(param: TSESTree.Identifier, handler: Handler, reads: Read[]): void {
    const name = param.name;
    // In app-router handlers and middleware `request.body` is a ReadableStream, not parsed data.
    const bodyIsStream = handler.kind === 'next-route' || handler.kind === 'next-middleware';
    for (const reference of this.references(param)) {
      const id = reference.identifier as TSESTree.Node;
      const member = id.parent;
      if (member?.type === AST_NODE_TYPES.MemberExpression && member.object === id) {
        if (isWrittenOrDeleted(member)) continue;
        const property = getPropertyName(member);
        if (property === 'body') {
          if (!bodyIsStream) reads.push({ kind: 'body', label: `${name}.body`, key: 'body', node: member });
        } else if (property === 'query' || property === 'params') {
          const single = this.isSingleRead(member);
          if (!single || this.options.singleReads) {
            reads.push({
              kind: property,
              label: single ? singleLabel(member, `${name}.${property}`) : `${name}.${property}`,
              key: single ? fieldKey(property, member) : property,
              group: property,
              node: member,
            });
          }
        } else if (
          (property === 'json' || property === 'formData' || property === 'text') &&
          member.parent?.type === AST_NODE_TYPES.CallExpression &&
          member.parent.callee === member
        ) {
          const formVariable = property === 'formData' ? formDataBinding(member.parent) : undefined;
          if (formVariable) this.collectFormDataReads(formVariable, reads, 'body');
          else reads.push({ kind: property === 'formData' ? 'form' : 'body', label: `${name}.${property}()`, key: 'body', node: member.parent });
        } else if (property === 'clone') {
          // req.clone().text(): a copy of the body, read for a signature check or a second parse
          const cloneCall = member.parent;
          const reader = cloneCall?.type === AST_NODE_TYPES.CallExpression && cloneCall.callee === member ? cloneCall.parent : undefined;
          const readerName = reader?.type === AST_NODE_TYPES.MemberExpression && reader.object === cloneCall ? getPropertyName(reader) : undefined;
          if (reader && (readerName === 'json' || readerName === 'text' || readerName === 'formData') && reader.parent?.type === AST_NODE_TYPES.CallExpression && reader.parent.callee === reader) {
            reads.push({ kind: readerName === 'formData' ? 'form' : 'body', label: `${name}.clone().${readerName}()`, key: 'body', node: reader.parent });
          }
        }
        continue;
      }
      // const { body, query } = req
      const pattern = destructuredFrom(id);
      if (!pattern) continue;
      for (const property of pattern.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = getPatternKeyName(property);
        if (key === 'body' && !bodyIsStream) {
          reads.push({ kind: 'body', label: `${name}.body`, key: 'body', node: property, binding: property.value });
        } else if (key === 'query' || key === 'params') {
          const single = this.isSingleBinding(property.value);
          if (!single || this.options.singleReads) {
            reads.push({ kind: key, label: `${name}.${key}`, key: single ? fieldKey(key, property) : key, group: key, node: property, binding: property.value });
          }
        }
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
      if (isWrittenOrDeleted(outer)) continue;
      const first = getPropertyName(outer);
      if (first === 'query' || first === 'params') {
        const single = this.isSingleRead(outer);
        if (!single || this.options.singleReads) {
          reads.push({
            kind: first,
            label: single ? singleLabel(outer, `${name}.${first}`) : `${name}.${first}`,
            key: single ? fieldKey(first, outer) : first,
            group: first,
            node: outer,
          });
        }
        continue;
      }
      if (first !== 'req' && first !== 'request') continue;
      const inner = outer.parent;
      if (inner?.type !== AST_NODE_TYPES.MemberExpression || inner.object !== outer) continue;
      if (isWrittenOrDeleted(inner)) continue;
      const second = getPropertyName(inner);
      const label = `${name}.${first}.${second}`;
      const call = inner.parent?.type === AST_NODE_TYPES.CallExpression && inner.parent.callee === inner ? inner.parent : undefined;
      if (second === 'body' && !call) reads.push({ kind: 'body', label, key: 'body', node: inner });
      else if (call && (second === 'json' || second === 'parseBody' || second === 'formData' || second === 'text')) {
        const formVariable = second === 'formData' ? formDataBinding(call) : undefined;
        if (formVariable) this.collectFormDataReads(formVariable, reads, 'body');
        else reads.push({ kind: second === 'formData' ? 'form' : 'body', label: `${label}()`, key: 'body', node: call });
      } else if (call && (second === 'query' || second === 'queries' || second === 'param')) {
        // c.req.query() is the whole query object; c.req.query('q') and `const { id } = c.req.param()` single reads.
        const single = call.arguments.length > 0 || this.isSingleRead(call);
        if (!single || this.options.singleReads) {
          const kind = second === 'param' ? 'params' : 'query';
          reads.push({ kind, label: `${label}()`, key: single ? fieldKey(kind, call) : kind, group: kind, node: call });
        }
      } else if ((second === 'query' || second === 'params') && !call) {
        const single = this.isSingleRead(inner);
        if (!single || this.options.singleReads) {
          reads.push({ kind: second, label: single ? singleLabel(inner, label) : label, key: single ? fieldKey(second, inner) : second, group: second, node: inner });
        }
      }
    }
  }

  private collectProcedureInput(fn: FunctionNode, reads: Read[]): void {
    const param = fn.params[0];
    if (!param) return;
    if (param.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of param.properties) {
        if (property.type === AST_NODE_TYPES.Property && getPatternKeyName(property) === 'input' && property.value.type === AST_NODE_TYPES.Identifier) {
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
    // An action wrapped by a helper (`withAuth(async (user, input) => ...)`) receives what the
    // wrapper passes, which may be validated already: only FormData reads count there.
    // A component that happens to live in a 'use server' file (`async ({ params }) => <Page />`) is rendered, not called with client data.
    const wrapped = (fn.parent?.type === AST_NODE_TYPES.CallExpression && fn.parent.callee !== fn) || returnsJsx(fn);
    const isFormParam = (param: TSESTree.Parameter | undefined): boolean => {
      const target = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      if (target?.type !== AST_NODE_TYPES.Identifier) return false;
      const annotation = target.typeAnnotation?.typeAnnotation;
      return /^formData$/i.test(target.name) || (annotation?.type === AST_NODE_TYPES.TSTypeReference && getMemberPath(annotation.typeName as TSESTree.Node) === 'FormData');
    };
    fn.params.forEach((param, index) => {
      const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      if (target.type === AST_NODE_TYPES.Identifier) {
        if (isFormParam(param)) {
          this.collectFormDataReads(target, reads);
          return;
        }
        if (wrapped) return;
        // (prevState, formData): the first is the action's own previous result.
        // useActionState passes (prevState, payload): a state-named parameter followed by another one.
        if (isFormParam(fn.params[index + 1]) || (PREV_STATE_NAME.test(target.name) && index + 1 < fn.params.length)) return;
        const annotation = target.typeAnnotation?.typeAnnotation;
        if (!annotation || !this.isObjectLikeType(annotation, 0)) return;
        const first = this.references(target)[0];
        if (first) reads.push({ kind: 'argument', label: target.name, key: `arg:${index}`, node: first.identifier as TSESTree.Node });
      } else if (target.type === AST_NODE_TYPES.ObjectPattern) {
        if (wrapped) return;
        for (const variable of this.declaredVariables(target)) {
          const first = variable.references.find((ref) => !ref.init && ref.isRead())?.identifier as TSESTree.Node | undefined;
          if (first) reads.push({ kind: 'argument', label: variable.name, key: `arg:${index}`, node: first });
        }
      }
    });
  }

  /** `formData.get('x')`, `formData.getAll('x')`, `Object.fromEntries(formData)`. */
  private collectFormDataReads(param: TSESTree.Identifier, reads: Read[], group?: string): void {
    const key = group ?? `form:${param.name}`;
    for (const reference of this.references(param)) {
      const id = reference.identifier as TSESTree.Node;
      const member = id.parent;
      if (member?.type === AST_NODE_TYPES.MemberExpression && member.object === id) {
        const method = getPropertyName(member);
        if ((method === 'get' || method === 'getAll') && member.parent?.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member) {
          reads.push({ kind: 'form', label: `${param.name}.${method}()`, key: fieldKey(key, member.parent), group: key, coercible: true, node: member.parent });
        } else if (method === 'entries' && member.parent?.type === AST_NODE_TYPES.CallExpression && isFromEntriesArgument(member.parent)) {
          reads.push({ kind: 'form', label: `Object.fromEntries(${param.name})`, key, node: member.parent.parent! });
        }
      } else if (isFromEntriesArgument(id)) {
        reads.push({ kind: 'form', label: `Object.fromEntries(${param.name})`, key, node: id.parent! });
      }
    }
  }

  /** NestJS `@Body() body`, `@Query() query`, `@Req() req`. */
  private collectNestParameters(fn: FunctionNode, reads: Read[]): void {
    const handlerStub = { kind: 'nest-controller' } as Handler;
    for (const param of fn.params) {
      const target = param.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
      if (target.type !== AST_NODE_TYPES.Identifier) continue;
      for (const decorator of getParameterDecorators(param)) {
        const name = decoratorName(decorator);
        const call = decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression : undefined;
        if (name === 'Req' || name === 'Request') {
          this.collectRequestReads(target, handlerStub, reads);
          continue;
        }
        const kind = name === 'Body' ? 'body' : name === 'Query' ? 'query' : name === 'Param' ? 'params' : undefined;
        if (!kind) continue;
        // @Body(new ZodValidationPipe(schema)), @Param('id', ParseIntPipe): a pipe validates.
        if (call && call.arguments.some((argument) => argument.type !== AST_NODE_TYPES.Literal)) continue;
        const annotation = target.typeAnnotation?.typeAnnotation;
        if (call && call.arguments.length > 0) {
          // @Query('page') page: a single read.
          if (!this.options.singleReads) continue;
        } else {
          // A class (DTO) is validated by Nest's ValidationPipe; an interface, a type alias, `any`
          // or an object type is erased at runtime, so the pipe has nothing to check it against.
          if (annotation && (!this.isObjectLikeType(annotation, 0) || this.isNestValidatedType(annotation))) continue;
        }
        const first = this.references(target)[0];
        const field = call?.arguments[0] ? getStaticString(call.arguments[0]) : undefined;
        if (first) {
          reads.push({
            kind,
            label: field !== undefined ? `@${name}('${field}') ${target.name}` : `@${name}() ${target.name}`,
            key: field !== undefined ? `${kind}:${field}` : kind,
            group: kind,
            node: first.identifier as TSESTree.Node,
          });
        }
      }
    }
  }

  /** `CreateUserDto` declared as a class here, or imported (DTOs are classes by convention). */
  private isNestValidatedType(annotation: TSESTree.TypeNode): boolean {
    if (annotation.type !== AST_NODE_TYPES.TSTypeReference) return false;
    if (annotation.typeName.type !== AST_NODE_TYPES.Identifier) return true; // Dto.CreateUser: a namespaced class
    const typeName = annotation.typeName.name;
    if (/^(?:Record|Partial|Pick|Omit|Required|Readonly|Array|Object|Map)$/.test(typeName)) return false;
    const def = this.resolver.findVariable(annotation.typeName)?.defs[0];
    if (!def) return true; // undeclared here: assume a DTO class
    if (def.type === 'ClassName') return true;
    if (def.type === 'ImportBinding') {
      // `import type { Dto }` leaves no class at runtime: decorator metadata says Object and the pipe checks nothing.
      const specifier = def.node as TSESTree.Node;
      const declaration = def.parent as TSESTree.Node | null;
      const typeOnly =
        (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type') ||
        (declaration?.type === AST_NODE_TYPES.ImportDeclaration && declaration.importKind === 'type');
      return !typeOnly;
    }
    return false; // an interface or a type alias: nothing to validate against at runtime
  }

  // ---------------------------------------------------------------- types

  /** Could a server action argument of this type carry an object (and so a mass assignment or operator injection)? */
  private isObjectLikeType(node: TSESTree.TypeNode, depth: number): boolean {
    if (depth > 5) return false;
    if (PRIMITIVE_TYPES.has(node.type)) return false;
    switch (node.type) {
      case AST_NODE_TYPES.TSUnionType:
        return node.types.some((type) => this.isObjectLikeType(type, depth + 1));
      case AST_NODE_TYPES.TSTypeOperator:
        // keyof T is a string/number/symbol; readonly X[] is X[].
        if (node.operator !== 'readonly') return false;
        return node.typeAnnotation ? this.isObjectLikeType(node.typeAnnotation, depth + 1) : false;
      case AST_NODE_TYPES.TSFunctionType:
      case AST_NODE_TYPES.TSConstructorType:
        return false; // functions cannot be sent from the client
      case AST_NODE_TYPES.TSArrayType:
        // string[] cannot carry a mass assignment or an operator object; { id: string }[] can.
        return this.isObjectLikeType(node.elementType, depth + 1);
      case AST_NODE_TYPES.TSTypeReference: {
        const name = node.typeName.type === AST_NODE_TYPES.Identifier ? node.typeName.name : getMemberPath(node.typeName as TSESTree.Node);
        if (!name) return true;
        if (name === 'Date' || name === 'FormData' || name === 'File' || name === 'Blob') return false;
        if (node.typeName.type !== AST_NODE_TYPES.Identifier) return true; // z.infer<...>, Prisma.UserCreateInput
        const def = this.resolver.findVariable(node.typeName)?.defs[0];
        if (def?.type === 'TSEnumName') return false;
        if (def?.type === 'Type' && def.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration) {
          return this.isObjectLikeType(def.node.typeAnnotation, depth + 1);
        }
        if (def?.type === 'Type' || def?.type === 'ClassName') return true;
        // Imported or global: the name decides (`Locale`, `UserId`, `Status` are strings).
        return !PRIMITIVE_LOOKING_TYPE.test(name);
      }
      default:
        return true;
    }
  }

  // ---------------------------------------------------------------- flow

  /** Where the value read at `start` goes. */
  private follow(start: TSESTree.Node, depth: number): Flow {
    if (depth > 8) return 'used';
    let current: TSESTree.Node = start;
    for (let steps = 0; steps < 100; steps++) {
      const parent = current.parent;
      if (!parent) return 'unused';
      if (isTransparentWrapper(parent)) {
        current = parent;
        continue;
      }
      switch (parent.type) {
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.SpreadElement:
        case AST_NODE_TYPES.ObjectExpression:
        case AST_NODE_TYPES.TemplateLiteral:
          current = parent;
          continue;
        case AST_NODE_TYPES.ArrayExpression: {
          // const [session, body] = await Promise.all([auth(), req.json()])
          const positional = this.followPromiseAll(parent, current, depth);
          if (positional) return positional;
          current = parent;
          continue;
        }
        case AST_NODE_TYPES.Property:
          if (parent.value !== current) return 'used';
          if (isForwardedBody(parent)) return 'unused';
          current = parent;
          continue;
        case AST_NODE_TYPES.LogicalExpression:
          current = parent;
          continue;
        case AST_NODE_TYPES.ConditionalExpression:
          if (parent.test === current) return 'used';
          current = parent;
          continue;
        case AST_NODE_TYPES.UnaryExpression:
          // typeof body.email === 'string' is a hand-written runtime check.
          if (parent.operator === 'typeof') return 'validated';
          if (parent.operator === 'void' || parent.operator === 'delete') return 'unused';
          return 'used';
        case AST_NODE_TYPES.BinaryExpression:
          if (parent.operator === 'instanceof' && parent.left === current) return 'validated';
          return 'used';
        case AST_NODE_TYPES.MemberExpression: {
          // A field of the input is still input: req.body.email
          if (parent.object !== current) return 'used';
          const thenFlow = this.followThenCallback(parent, depth);
          if (thenFlow) return thenFlow;
          current = parent;
          continue;
        }
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression: {
          if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === current) {
            // body.email.trim(): a value derived from input
            current = parent;
            continue;
          }
          const index = parent.arguments.indexOf(current as TSESTree.CallExpressionArgument);
          if (index < 0) return 'used';
          if (parent.type === AST_NODE_TYPES.NewExpression) return 'used';
          if (this.isValidatorCall(parent) || isRuntimeCheck(parent) || isSignatureCheck(parent, this.resolver)) return 'validated';
          if (isLoggingCall(parent)) return 'unused';
          const calleePath = getMemberPath(parent.callee);
          if (calleePath && (DERIVING_CALLS.has(calleePath) || DERIVING_CALLS.has(calleePath.split('.').pop() ?? ''))) {
            if (calleePath === 'Object.assign' && index > 0) {
              // Object.assign(user, body) writes the input into `user`.
              const flow = this.follow(parent, depth + 1);
              return flow === 'unused' ? 'used' : flow;
            }
            current = parent;
            continue;
          }
          if (this.localFunctionValidates(parent, index, depth)) return 'validated';
          return 'used';
        }
        case AST_NODE_TYPES.VariableDeclarator:
          if (parent.init !== current) return 'used';
          return this.followBindings(parent.id, depth);
        case AST_NODE_TYPES.AssignmentExpression:
          if (parent.right !== current) return 'used';
          if (parent.left.type === AST_NODE_TYPES.Identifier || parent.left.type === AST_NODE_TYPES.ObjectPattern || parent.left.type === AST_NODE_TYPES.ArrayPattern) {
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
        if (!isValueRead(reference)) continue;
        const flow = this.follow(reference.identifier as TSESTree.Node, depth + 1);
        if (flow === 'validated') return 'validated';
        if (flow === 'used') result = 'used';
      }
    }
    return result;
  }

  /** `req.json().then((data) => schema.parse(data))`: the callback's parameter is the input. */
  private followThenCallback(member: TSESTree.MemberExpression, depth: number): Flow | undefined {
    if (getPropertyName(member) !== 'then') return undefined;
    const call = member.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return undefined;
    const callback = call.arguments[0];
    if (!callback || !isFunctionNode(callback) || !callback.params[0]) return undefined;
    const flow = this.followBindings(callback.params[0], depth + 1);
    if (flow === 'validated') return 'validated';
    // The callback's result flows on; when it ignores its argument the input is dropped.
    return flow === 'used' ? 'used' : undefined;
  }

  /** `const [session, body] = await Promise.all([auth(), req.json()])`: only the matching element. */
  private followPromiseAll(array: TSESTree.ArrayExpression, element: TSESTree.Node, depth: number): Flow | undefined {
    const call = array.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== array) return undefined;
    const path = getMemberPath(call.callee);
    if (path !== 'Promise.all' && path !== 'Promise.allSettled') return undefined;
    let outer: TSESTree.Node = call;
    while (outer.parent && (outer.parent.type === AST_NODE_TYPES.AwaitExpression || outer.parent.type === AST_NODE_TYPES.TSAsExpression)) outer = outer.parent;
    const declarator = outer.parent;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== outer || declarator.id.type !== AST_NODE_TYPES.ArrayPattern) return undefined;
    const index = array.elements.indexOf(element as TSESTree.Expression);
    if (index < 0) return undefined;
    const target = declarator.id.elements[index];
    if (!target) return 'unused';
    return this.followBindings(target, depth);
  }

  isValidatorCall(call: TSESTree.CallExpression): boolean {
    const callee = skipTypeWrappers(call.callee);
    const validators = this.options.validators;
    const path = getMemberPath(callee);
    if (path && validators.has(path)) return true;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const name = callee.name;
      if (validators.has(name)) return true;
      if (!VALIDATOR_METHODS.has(name) && !VALIDATOR_PREFIX.test(name) && !this.isLocalTypeGuard(callee)) return false;
      const source = this.resolver.getImport(callee)?.source;
      if (source && NOT_A_SCHEMA_MODULE.test(source)) return false;
      // Node's assert(value) checks truthiness only; superstruct's assert(value, Struct) validates.
      if (name === 'assert' && call.arguments.length < 2) return false;
      return true;
    }
    if (callee.type === AST_NODE_TYPES.CallExpression) {
      // Curried validators: Schema.decodeUnknownSync(S)(body), ajv.compile(schema)(body), TypeCompiler.Compile(T).Check(body)
      const inner = getCalleeMember(callee);
      const innerName = inner ? getPropertyName(inner) : skipTypeWrappers(callee.callee).type === AST_NODE_TYPES.Identifier ? (skipTypeWrappers(callee.callee) as TSESTree.Identifier).name : undefined;
      return !!innerName && (/^(?:decodeUnknown|decode|validate|compile|is|asserts?)(?:Sync|Either|Promise|Option|Result)?$/.test(innerName) || validators.has(innerName));
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = getPropertyName(callee);
    if (!method) return false;
    if (validators.has(method)) return true;
    const receiver = skipTypeWrappers(callee.object);
    const receiverName = receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : receiver.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(receiver) : undefined;
    if (receiverName === 'typia' || receiverName === 'validator') return true;
    if (!VALIDATOR_METHODS.has(method) && !VALIDATOR_PREFIX.test(method)) return false;
    if (receiverName && NOT_A_SCHEMA.test(receiverName)) return false;
    if (receiver.type === AST_NODE_TYPES.Identifier) {
      const source = this.resolver.getImport(receiver)?.source;
      if (source && NOT_A_SCHEMA_MODULE.test(source)) return false;
    }
    return true;
  }

  /** `function isCreateInput(x: unknown): x is CreateInput` declared in this file. */
  private isLocalTypeGuard(callee: TSESTree.Identifier): boolean {
    const fn = this.resolver.functionOf(callee);
    return fn?.returnType?.typeAnnotation.type === AST_NODE_TYPES.TSTypePredicate;
  }

  /** `validateInput(body)` where `validateInput` is declared in this file and validates that parameter. */
  private localFunctionValidates(call: TSESTree.CallExpression, index: number, depth: number): boolean {
    if (depth > 4) return false;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) return false;
    const fn = this.resolver.functionOf(callee);
    const param = fn?.params[index];
    if (!fn || !param) return false;
    const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    if (target.type !== AST_NODE_TYPES.Identifier && target.type !== AST_NODE_TYPES.ObjectPattern && target.type !== AST_NODE_TYPES.ArrayPattern) return false;
    return this.followBindings(target, depth + 1) === 'validated';
  }

  /** express-validator: `validationResult(req)` / `matchedData(req)` in the handler checks the chains run before it. */
  private usesExpressValidator(fn: FunctionNode): boolean {
    for (const call of this.callsWithin(fn)) {
      const callee = skipTypeWrappers(call.callee);
      if (callee.type === AST_NODE_TYPES.Identifier && (callee.name === 'validationResult' || callee.name === 'matchedData')) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- single reads

  /** `req.query.page`, `const { page } = req.query`, or an alias only ever read field by field. */
  private isSingleRead(member: TSESTree.MemberExpression | TSESTree.CallExpression): boolean {
    let node: TSESTree.Node = member;
    while (
      node.parent &&
      (node.parent.type === AST_NODE_TYPES.TSAsExpression ||
        node.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
        node.parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
        node.parent.type === AST_NODE_TYPES.AwaitExpression)
    ) {
      node = node.parent;
    }
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && getPropertyName(parent) !== undefined) return true;
    if (parent?.type === AST_NODE_TYPES.ChainExpression) {
      const chained = parent.expression;
      return chained.type === AST_NODE_TYPES.MemberExpression && chained.object === node && getPropertyName(chained) !== undefined;
    }
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) return this.isSingleBinding(parent.id);
    return false;
  }

  /** A binding of a query/params object that only names fields: `{ page, limit }`, or `q` used as `q.page`. */
  private isSingleBinding(target: TSESTree.Node): boolean {
    const value = target.type === AST_NODE_TYPES.AssignmentPattern ? target.left : target;
    if (value.type === AST_NODE_TYPES.ObjectPattern) {
      return value.properties.every((property) => property.type === AST_NODE_TYPES.Property && !property.computed);
    }
    if (value.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.resolver.findVariable(value);
    if (!variable) return false;
    const reads = variable.references.filter(isValueRead);
    if (reads.length === 0) return false;
    return reads.every((reference) => {
      const parent = (reference.identifier as TSESTree.Node).parent;
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier && !parent.computed) {
        return !isWrittenOrDeleted(parent);
      }
      if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === reference.identifier && parent.id.type === AST_NODE_TYPES.ObjectPattern) {
        return parent.id.properties.every((property) => property.type === AST_NODE_TYPES.Property && !property.computed);
      }
      return false;
    });
  }

  // ---------------------------------------------------------------- scope helpers

  private references(identifier: TSESTree.Identifier): Reference[] {
    const variable = this.resolver.findVariable(identifier);
    if (!variable) return [];
    return variable.references.filter(isValueRead).sort((a, b) => a.identifier.range[0] - b.identifier.range[0]);
  }

  private declaredVariables(target: TSESTree.Node): Variable[] {
    const identifiers: TSESTree.Identifier[] = [];
    collectPatternIdentifiers(target, identifiers);
    const variables: Variable[] = [];
    for (const identifier of identifiers) {
      const variable = this.resolver.findVariable(identifier);
      if (variable) variables.push(variable);
    }
    return variables;
  }
}

function isValueRead(reference: Reference): boolean {
  if (!reference.isRead()) return false;
  const maybe = reference as Reference & { isValueReference?: boolean };
  return maybe.isValueReference !== false;
}

function getPatternKeyName(property: TSESTree.Property): string | undefined {
  return getMemberKeyName(property);
}

function collectPatternIdentifiers(node: TSESTree.Node, out: TSESTree.Identifier[], depth = 0): void {
  if (depth > 20) return;
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      out.push(node);
      break;
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of node.properties) {
        collectPatternIdentifiers(property.type === AST_NODE_TYPES.RestElement ? property.argument : property.value, out, depth + 1);
      }
      break;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of node.elements) if (element) collectPatternIdentifiers(element, out, depth + 1);
      break;
    case AST_NODE_TYPES.AssignmentPattern:
      collectPatternIdentifiers(node.left, out, depth + 1);
      break;
    case AST_NODE_TYPES.RestElement:
      collectPatternIdentifiers(node.argument, out, depth + 1);
      break;
    default:
      break;
  }
}

/** `req.body = parsed` or `delete req.body.password`: a write, not a read. */
function isWrittenOrDeleted(member: TSESTree.MemberExpression): boolean {
  const parent = member.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member) return true;
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete') return true;
  return false;
}

/** `const { body } = req` / `const { query } = req as NextApiRequest`: the pattern, when `id` is destructured. */
function destructuredFrom(id: TSESTree.Node): TSESTree.ObjectPattern | undefined {
  let node: TSESTree.Node = id;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.ObjectPattern) return parent.id;
  return undefined;
}

/** `req.query.page` → "req.query.page"; otherwise the object's own label. */
function singleLabel(member: TSESTree.MemberExpression, objectLabel: string): string {
  const parent = member.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === member) {
    const name = getPropertyName(parent);
    if (name && /^[A-Za-z_$][\w$]*$/.test(name)) return `${objectLabel}.${name}`;
  }
  return objectLabel;
}

/** `Object.fromEntries(x)` with `node` as its argument. */
function isFromEntriesArgument(node: TSESTree.Node): boolean {
  const call = node.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === node && getMemberPath(call.callee) === 'Object.fromEntries';
}

function stripEntries(node: TSESTree.Node): TSESTree.Node {
  const value = skipTypeWrappers(node);
  // Object.fromEntries(searchParams.entries())
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const member = getCalleeMember(value);
    if (member && getPropertyName(member) === 'entries') return stripEntries(member.object);
    return value;
  }
  // Object.fromEntries(new URL(req.url).searchParams)
  if (value.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(value.object).type === AST_NODE_TYPES.NewExpression) {
    const name = getPropertyName(value);
    if (name) return { ...value, type: AST_NODE_TYPES.Identifier, name } as unknown as TSESTree.Node;
  }
  return value;
}

function isSearchParamsGet(call: TSESTree.CallExpression): boolean {
  const member = getCalleeMember(call);
  if (!member || (getPropertyName(member) !== 'get' && getPropertyName(member) !== 'getAll')) return false;
  const object = skipTypeWrappers(member.object);
  const name = object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(object) : undefined;
  return name === 'searchParams';
}

function isRuntimeCheck(call: TSESTree.CallExpression): boolean {
  const path = getMemberPath(call.callee);
  return !!path && RUNTIME_CHECKS.has(path);
}

/** `stripe.webhooks.constructEvent(body, sig, secret)`, `wh.verify(payload, headers)`, `createHmac(...).update(body)`. */
function isSignatureCheck(call: TSESTree.CallExpression, resolver: ClientResolver): boolean {
  const member = getCalleeMember(call);
  const callee = skipTypeWrappers(call.callee);
  const name = member ? getPropertyName(member) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
  if (!name) return false;
  if (SIGNATURE_CHECKS.test(name)) {
    // jwt.verify(token, key) checks a token, not the payload it travels in: still a check of that value.
    return true;
  }
  if (name === 'update' && member) return isHmac(member.object, resolver, 0);
  return false;
}

function isHmac(node: TSESTree.Node, resolver: ClientResolver, depth: number): boolean {
  if (depth > 3) return false;
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(value.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
    if (name === 'createHmac') return true;
    // hmac.update(a).update(b)
    if (name === 'update' && callee.type === AST_NODE_TYPES.MemberExpression) return isHmac(callee.object, resolver, depth + 1);
    return false;
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const def = resolver.findVariable(value)?.defs[0];
    if (def?.type !== 'Variable') return false;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    return !!init && isHmac(init, resolver, depth + 1);
  }
  return false;
}

function isLoggingCall(call: TSESTree.CallExpression): boolean {
  const member = getCalleeMember(call);
  if (!member) return false;
  const method = getPropertyName(member);
  if (!method || !LOG_METHODS.test(method)) return false;
  const receiver = skipTypeWrappers(member.object);
  const name = receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : receiver.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(receiver) : undefined;
  return !!name && LOG_RECEIVERS.test(name);
}

/** `fetch(upstream, { body: await req.text() })`: a proxy forwards the body, it does not use it. */
function isForwardedBody(property: TSESTree.Property): boolean {
  if (getMemberKeyName(property) !== 'body') return false;
  const object = property.parent;
  const call = object?.parent;
  if (!call || (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression)) return false;
  if (call.arguments[1] !== object) return false;
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.Identifier && (callee.name === 'fetch' || (call.type === AST_NODE_TYPES.NewExpression && callee.name === 'Request'));
}

/** Does the function return JSX (a React component rather than an action)? */
function returnsJsx(fn: FunctionNode): boolean {
  const isJsx = (node: TSESTree.Node | null | undefined): boolean => {
    if (!node) return false;
    const value = skipTypeWrappers(node);
    if (value.type === AST_NODE_TYPES.JSXElement || value.type === AST_NODE_TYPES.JSXFragment) return true;
    if (value.type === AST_NODE_TYPES.ConditionalExpression) return isJsx(value.consequent) || isJsx(value.alternate);
    if (value.type === AST_NODE_TYPES.LogicalExpression) return isJsx(value.right);
    return false;
  };
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return isJsx(fn.body);
  const stack: TSESTree.Node[] = [...fn.body.body];
  for (let steps = 0; stack.length > 0 && steps < 2000; steps++) {
    const node = stack.pop()!;
    switch (node.type) {
      case AST_NODE_TYPES.ReturnStatement:
        if (isJsx(node.argument)) return true;
        break;
      case AST_NODE_TYPES.BlockStatement:
        stack.push(...node.body);
        break;
      case AST_NODE_TYPES.IfStatement:
        stack.push(node.consequent);
        if (node.alternate) stack.push(node.alternate);
        break;
      case AST_NODE_TYPES.TryStatement:
        stack.push(node.block);
        if (node.handler) stack.push(node.handler.body);
        if (node.finalizer) stack.push(node.finalizer);
        break;
      case AST_NODE_TYPES.SwitchStatement:
        for (const switchCase of node.cases) stack.push(...switchCase.consequent);
        break;
      default:
        break;
    }
  }
  return false;
}

/**
 * The key of a single-field read: `query:page` for `req.query.page`, `searchParams.get('page')`,
 * `c.req.query('page')`, `formData.get('page')`; a position-based key when the field is not static.
 */
function fieldKey(group: string, node: TSESTree.Node): string {
  let field: string | undefined;
  if (node.type === AST_NODE_TYPES.CallExpression) {
    field = node.arguments[0] ? getStaticString(node.arguments[0]) : undefined;
  } else if (node.type === AST_NODE_TYPES.MemberExpression) {
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) field = getPropertyName(parent);
  }
  return field !== undefined ? `${group}:${field}` : `${group}:@${node.range[0]}`;
}

const COERCIONS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat']);

/** `String(formData.get('email') ?? '')`: a single value converted to a primitive cannot smuggle an object or a File. */
function isCoerced(node: TSESTree.Node): boolean {
  let current = node;
  for (let steps = 0; steps < 10; steps++) {
    const parent = current.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.AwaitExpression:
        current = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.left !== current) return false;
        current = parent;
        continue;
      case AST_NODE_TYPES.CallExpression: {
        const path = getMemberPath(parent.callee);
        return parent.arguments[0] === current && !!path && COERCIONS.has(path);
      }
      default:
        return false;
    }
  }
  return false;
}

/** `const form = await req.formData()`: the variable holding the FormData, whose fields are read one by one. */
function formDataBinding(call: TSESTree.Node): TSESTree.Identifier | undefined {
  let node: TSESTree.Node = call;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.AwaitExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression)) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id;
  return undefined;
}
