// Answers "is this SQL text built from values that could carry an injection?".
// Follows the string through `const`/`let` assignments (and `+=`, `push` into a parts array) in
// the same function. Parts that can only take a fixed set of values — literals, numbers, lookups
// in a constant object of literals, literal-union typed variables, allow-listed values, enum
// schemas — are safe. What we cannot see is never reported as a whole (a parameter, an import,
// a helper's result); only as an interpolated part of a string the code builds itself.
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getKeyName, getMemberPath, getPropertyName, getRootIdentifier, getStaticString, isFunctionNode, skipTypeWrappers, type FunctionNode } from './ast.js';
import type { ClientResolver } from './clients.js';

export type SqlVerdict =
  /** Every part is a literal. */
  | { kind: 'constant' }
  /** Dynamic, but every dynamic part comes from a fixed set of values. */
  | { kind: 'fixed' }
  /** At least one part could be anything: the first such part. */
  | { kind: 'dynamic'; part: TSESTree.Node }
  /** Cannot tell (a parameter, an import, a call result holding the whole text). */
  | { kind: 'unknown' };

/**
 * Where a value ends up in the SQL text:
 * - `whole`: it is the entire text;
 * - `quoted`: spliced inside a string literal, `name = '${name}'`;
 * - `value`: spliced where a value goes, `id = ${id}`, `LIMIT ${n}`, `IN (${list})`;
 * - `other`: spliced as an identifier, a keyword or a fragment, `ORDER BY ${column}`, `FROM ${table}`, `${where}`.
 * What we cannot see is reported when it is request input, anywhere; or when the SQL treats it as
 * a string value (`quoted`, or a string-typed parameter in a `value` position). Elsewhere it is a
 * helper's parameter or a value of the app's own (a table alias, a schema name): not reported.
 */
export type SqlPosition = 'whole' | 'quoted' | 'value' | 'other';
type Position = SqlPosition;

type Variable = TSESLint.Scope.Variable;

const CONSTANT: SqlVerdict = { kind: 'constant' };
const FIXED: SqlVerdict = { kind: 'fixed' };
const UNKNOWN: SqlVerdict = { kind: 'unknown' };
const MAX_DEPTH = 16;

const NUMERIC_CALLS = new Set([
  'Number', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat', 'BigInt', 'Boolean', 'Date.now', 'Date.parse', 'Date.UTC',
  'Number.isInteger', 'Number.isFinite', 'Number.isSafeInteger', 'isNaN', 'isFinite', 'Array.isArray', 'crypto.randomUUID', 'randomUUID',
]);
/** Methods whose result is a number, a boolean or a fixed-format string whatever the receiver holds. */
const FIXED_RESULT_METHODS = /^(?:toFixed|toPrecision|toExponential|toISOString|toJSON|toUTCString|toDateString|toTimeString|getTime|get(?:UTC)?(?:FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds)|getTimezoneOffset|indexOf|lastIndexOf|findIndex|findLastIndex|charCodeAt|codePointAt|localeCompare|includes|startsWith|endsWith|has|some|every|test|isInteger)$/;
/** String methods whose result is made of the receiver's characters (and their arguments). */
const STRING_TRANSFORMS = /^(?:trim|trimStart|trimEnd|toLowerCase|toUpperCase|toLocaleLowerCase|toLocaleUpperCase|toString|padStart|padEnd|repeat|slice|substring|substr|normalize|at|charAt|concat|replace|replaceAll)$/;
/** Escaping helpers (pg-format, sqlstring, mysql2, pg `escapeIdentifier`/`escapeLiteral`): their result is quoted for SQL. */
const ESCAPE_CALLS = /^(?:escape|escapeId|escapeIdentifier|escapeLiteral|escapeString|quoteIdent|quoteIdentifier|quoteLiteral|quote_ident|quote_literal)$/;
/** `format` that escapes (pg-format, sqlstring, mysql) or formats a date; not Node's `util.format`, which splices as is. */
const SAFE_FORMAT_SOURCES = /^(?:pg-format|sqlstring|mysql2?(?:\/promise)?|date-fns(?:-tz)?(?:\/.*)?|dayjs|moment(?:-timezone)?|luxon)$/;
/** Helpers named for what they do to SQL text: `pgQuoteLiteral`, `sqlEscape`, `appSchemaIdent`, `sanitizeColumn`. */
const SANITIZER_NAME = /(?:^|[a-z0-9_])(?:[Ee]scape|[Qq]uote|[Ss]anitiz)|(?:Ident|Identifier)$/;
/** Array callbacks whose first parameter is an element of the receiver and second its index. */
const ELEMENT_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'some', 'every']);
/** Zod constructors whose values form a fixed set: enums, literals, numbers, booleans. */
const FIXED_ZOD_FACTORIES = new Set(['enum', 'nativeEnum', 'literal', 'number', 'int', 'bigint', 'boolean', 'coerce.number', 'coerce.bigint', 'coerce.boolean', 'coerce.date', 'date', 'uuid', 'cuid', 'cuid2', 'ulid']);
/** Zod methods that keep a schema's value set (or narrow it). */
const ZOD_KEEPING_METHODS = new Set(['default', 'optional', 'nullable', 'nullish', 'catch', 'int', 'min', 'max', 'positive', 'nonnegative', 'negative', 'finite', 'safe', 'gt', 'gte', 'lt', 'lte', 'multipleOf', 'describe', 'readonly', 'brand']);
/** Keys of a query result row that hold ids, counts or catalog names: never text a user typed. */
const DB_KEY = /^(?:id|uuid|[a-z][A-Za-z0-9]*(?:Id|ID|_id|Ids|_ids|Count|_count)|count|total|tablename|table_name|schemaname|table_schema|relname|indexname|viewname|matviewname|sequencename|column_name|attname)$/;
const REQUEST_OBJECTS = /^(?:req|request|_req|_request)$/;
const REQUEST_PARTS = new Set(['query', 'body', 'params', 'headers', 'cookies', 'nextUrl', 'searchParams', 'url', 'originalUrl', 'path', 'files', 'file']);
const NEST_INPUT_DECORATORS = new Set(['Body', 'Query', 'Param', 'Headers', 'Req', 'Request']);

export class SqlStringAnalyzer {
  private readonly resolvingVariables = new Set<Variable>();
  private readonly resolvingFunctions = new Set<FunctionNode>();
  /** Parameters of a local helper being analysed for one call: the arguments that call passes. */
  private readonly bindings = new Map<Variable, TSESTree.Node>();

  /**
   * @param isDbCall Is this call a database query? Keys read from query results (`row.id`,
   *   `tablename` from pg_tables) are data the database produced, not request input.
   */
  constructor(
    private readonly resolver: ClientResolver,
    private readonly isDbCall: (node: TSESTree.Node) => boolean = () => false,
  ) {}

  /** The verdict for the SQL text a sink receives. Never throws. */
  analyze(node: TSESTree.Node): SqlVerdict {
    try {
      return this.value(node, 'whole', 0);
    } catch {
      return UNKNOWN;
    } finally {
      this.resolvingVariables.clear();
      this.resolvingFunctions.clear();
      this.bindings.clear();
    }
  }

  private value(node: TSESTree.Node, position: Position, depth: number): SqlVerdict {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const value = skipAwait(node);
    switch (value.type) {
      case AST_NODE_TYPES.Literal:
        return CONSTANT;
      case AST_NODE_TYPES.TemplateLiteral: {
        const contexts = templateContexts(value, position);
        return combine(value.expressions.map((expression, index) => this.value(expression, contexts[index] ?? 'other', depth + 1)));
      }
      case AST_NODE_TYPES.TaggedTemplateExpression:
        // String.raw`…` is a string; sql`…` / Prisma.sql`…` are parameterised fragments, not text.
        return getMemberPath(value.tag) === 'String.raw' ? this.value(value.quasi, position, depth + 1) : UNKNOWN;
      case AST_NODE_TYPES.BinaryExpression:
        if (value.operator !== '+') return FIXED; // arithmetic and comparisons yield numbers and booleans
        return combine(concatContexts(value, position).map(([operand, context]) => this.value(operand, context, depth + 1)));
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.UpdateExpression:
        return FIXED;
      case AST_NODE_TYPES.LogicalExpression:
        return combine([this.value(value.left, position, depth + 1), this.value(value.right, position, depth + 1)]);
      case AST_NODE_TYPES.ConditionalExpression:
        if (this.isAllowListed(value, depth)) return FIXED;
        return combine([this.value(value.consequent, position, depth + 1), this.value(value.alternate, position, depth + 1)]);
      case AST_NODE_TYPES.ArrayExpression:
        // `${[a, b]}` is a.toString() + ',' + b.toString()
        return combine(value.elements.map((element) => (element ? this.value(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element, 'other', depth + 1) : CONSTANT)));
      case AST_NODE_TYPES.Identifier:
        return this.guarded(value, depth) ? FIXED : this.identifier(value, position, depth);
      case AST_NODE_TYPES.MemberExpression:
        return this.guarded(value, depth) ? FIXED : this.member(value, position, depth);
      case AST_NODE_TYPES.CallExpression:
        return this.call(value, position, depth);
      default:
        return this.opaque(value, position, depth);
    }
  }

  /** Something we cannot see into: reported when it is request input, or a string the SQL treats as a value. */
  private opaque(node: TSESTree.Node, position: Position, depth: number): SqlVerdict {
    if (this.isRequestInput(node, depth + 1)) return { kind: 'dynamic', part: node };
    if (position === 'quoted' || (position === 'value' && this.isStringParameter(node))) return { kind: 'dynamic', part: node };
    return UNKNOWN;
  }

  /**
   * A parameter that holds a string, as far as the code says: typed `string`, or untyped in a
   * function of its own (plain JavaScript). A callback's untyped parameter takes its type from
   * the caller, which we cannot see.
   */
  private isStringParameter(node: TSESTree.Node): boolean {
    if (node.type !== AST_NODE_TYPES.Identifier) return false;
    const def = this.resolver.findVariable(node)?.defs[0];
    if (!def || (def.type !== 'Parameter' && def.type !== 'Variable')) return false;
    const name = def.name as TSESTree.Identifier;
    const type = declaredType(name) ?? patternPropertyType(name);
    if (type) return isStringType(type);
    if (def.type !== 'Parameter') return false;
    let declared: TSESTree.Node = name;
    while (declared.parent && !isFunctionNode(declared.parent)) declared = declared.parent;
    if (declared !== name) return false; // destructured: the object's type decides, and we cannot see it
    const fn = declared.parent;
    if (!fn || !isFunctionNode(fn)) return false;
    const parent = fn.parent;
    // Contextually typed: a callback, an object literal's property, a variable or field with a type annotation.
    const contextual = parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression ||
      parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.ReturnStatement ||
      parent?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      (parent?.type === AST_NODE_TYPES.VariableDeclarator && !!(parent.id as TSESTree.Identifier).typeAnnotation) ||
      (parent?.type === AST_NODE_TYPES.PropertyDefinition && !!parent.typeAnnotation);
    return !contextual;
  }

  // ------------------------------------------------------------------ identifiers

  private identifier(identifier: TSESTree.Identifier, position: Position, depth: number): SqlVerdict {
    if (identifier.name === 'undefined') return CONSTANT;
    if (identifier.name === 'NaN' || identifier.name === 'Infinity') return FIXED;
    const variable = this.resolver.findVariable(identifier);
    const def = variable?.defs[0];
    if (!variable || !def) return this.opaque(identifier, position, depth);
    if (def.type === 'ImportBinding') return UNKNOWN; // module configuration we cannot see: not request input
    const argument = this.bindings.get(variable);
    if (argument) return this.value(argument, position, depth + 1);
    if (def.type === 'TSEnumName' || def.type === 'FunctionName' || def.type === 'ClassName') return FIXED;
    const typed = declaredType(def.name as TSESTree.Node);
    if (typed && this.isFixedType(typed, depth)) return FIXED;
    if (def.type === 'Parameter') return this.parameter(identifier, def.name as TSESTree.Identifier, def.node as TSESTree.Node, position, depth);
    if (def.type !== 'Variable') return this.opaque(identifier, position, depth);

    const declarator = def.node as TSESTree.VariableDeclarator;
    const declaration = declarator.parent as TSESTree.VariableDeclaration;
    const loop = declaration.parent;
    if ((loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) && loop.left === declaration) {
      if (declarator.id !== def.name) {
        const key = patternKey(def.name as TSESTree.Identifier);
        if (loop.type === AST_NODE_TYPES.ForOfStatement && key !== undefined && DB_KEY.test(key) && this.isDbDerived(loop.right, depth + 1)) return UNKNOWN;
        // for (const [table, column] of Object.entries(REFERENCES)): parts of constant elements
        if (loop.type === AST_NODE_TYPES.ForOfStatement) {
          const elements = this.elements(loop.right, 'other', depth + 1);
          if (elements.kind === 'constant' || elements.kind === 'fixed') return elements;
        }
        return this.opaque(identifier, position, depth);
      }
      return loop.type === AST_NODE_TYPES.ForOfStatement ? this.elements(loop.right, position, depth + 1) : this.keys(loop.right, position, depth + 1);
    }
    if (declarator.id !== def.name) return this.destructured(identifier, def.name as TSESTree.Identifier, declarator, position, depth);

    const moduleConstant = declaration.kind === 'const' && (variable.scope.type === 'module' || variable.scope.type === 'global');
    if (this.resolvingVariables.has(variable)) return CONSTANT; // `sql = sql + …`: the other writes decide
    this.resolvingVariables.add(variable);
    try {
      // Every write: the initialiser, `=` and `+=` assignments.
      const verdicts: SqlVerdict[] = [];
      if (declarator.init) verdicts.push(this.value(declarator.init, position, depth + 1));
      for (const reference of variable.references) {
        if (!reference.isWrite() || reference.init) continue;
        const assignment = reference.identifier.parent;
        if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== reference.identifier) {
          verdicts.push(this.opaque(identifier, position, depth));
          continue;
        }
        if (assignment.operator === '=' || assignment.operator === '??=' || assignment.operator === '||=') verdicts.push(this.value(assignment.right, position, depth + 1));
        else if (assignment.operator === '+=') verdicts.push(this.value(assignment.right, 'other', depth + 1));
        else verdicts.push(FIXED); // -=, *=, …: numbers
      }
      if (verdicts.length === 0) return UNKNOWN;
      const verdict = combine(verdicts);
      // A module-level constant is computed once at load time, from configuration: never request input.
      if (moduleConstant && (verdict.kind === 'dynamic' || verdict.kind === 'unknown')) return UNKNOWN;
      return verdict;
    } finally {
      this.resolvingVariables.delete(variable);
    }
  }

  /** `const { sort } = …`: follow the source when it is a parsed schema or a constant object. */
  private destructured(identifier: TSESTree.Identifier, name: TSESTree.Identifier, declarator: TSESTree.VariableDeclarator, position: Position, depth: number): SqlVerdict {
    const key = patternKey(name);
    const init = declarator.init ? skipAwait(declarator.init) : undefined;
    if (init && key !== undefined && DB_KEY.test(key) && this.isDbDerived(init, depth + 1)) return UNKNOWN;
    // const { schema } = await resolveContext(...): the property of what the local function returns
    if (init?.type === AST_NODE_TYPES.CallExpression && key !== undefined && declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
      const callee = skipTypeWrappers(init.callee);
      const fn = callee.type === AST_NODE_TYPES.Identifier ? this.resolver.functionOf(callee) : undefined;
      if (fn) {
        const verdict = this.returnedProperty(fn, init, key, position, depth);
        if (verdict) return verdict;
      }
    }
    if (init && key !== undefined) {
      const schema = this.parsedSchema(init, depth);
      if (schema && this.isFixedSchema(objectSchemaProperty(schema, key, this.resolver), depth)) return FIXED;
      const typed = patternPropertyType(name);
      if (typed && this.isFixedType(typed, depth)) return FIXED;
    }
    return this.opaque(identifier, position, depth);
  }

  private parameter(identifier: TSESTree.Identifier, name: TSESTree.Identifier, fn: TSESTree.Node, position: Position, depth: number): SqlVerdict {
    if (!isFunctionNode(fn)) return this.opaque(identifier, position, depth);
    const index = fn.params.findIndex((param) => param === name || (param.type === AST_NODE_TYPES.AssignmentPattern && param.left === name));
    const call = fn.parent;
    const key = patternKey(name);
    const destructured = index < 0;
    // rows.map(({ id }) => …) over query results
    if (destructured && key !== undefined && DB_KEY.test(key) && call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === fn) {
      const callee = skipTypeWrappers(call.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && ELEMENT_CALLBACKS.has(getPropertyName(callee) ?? '') && this.isDbDerived(callee.object, depth + 1)) return UNKNOWN;
    }
    if (index >= 0 && call?.type === AST_NODE_TYPES.CallExpression && call.arguments.some((argument) => argument === fn)) {
      const callee = skipTypeWrappers(call.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
      // xs.map((x, i) => …): x is an element of xs, i a number
      if (callee.type === AST_NODE_TYPES.MemberExpression && method && ELEMENT_CALLBACKS.has(method) && call.arguments[0] === fn) {
        if (index === 1) return FIXED;
        if (index === 0) return this.elements(callee.object, position, depth + 1);
      }
      // Array.from(xs, (x, i) => …), Array.from({ length: n }, (_, i) => …)
      if (getMemberPath(callee) === 'Array.from' && call.arguments[1] === fn) {
        if (index === 1) return FIXED;
        if (index === 0 && call.arguments[0]) {
          const source = skipTypeWrappers(call.arguments[0]);
          return source.type === AST_NODE_TYPES.ObjectExpression ? CONSTANT : this.elements(source, position, depth + 1);
        }
      }
    }
    // ({ sort }: { sort: 'asc' | 'desc' })
    const typed = patternPropertyType(name);
    if (typed && this.isFixedType(typed, depth)) return FIXED;
    // tRPC: .input(z.object({ sort: z.enum([...]) })).query(({ input: { sort } }) => …)
    const inputPattern = name.parent?.type === AST_NODE_TYPES.Property ? name.parent.parent : undefined;
    const inputProperty = inputPattern?.type === AST_NODE_TYPES.ObjectPattern ? inputPattern.parent : undefined;
    if (destructured && key !== undefined && inputProperty?.type === AST_NODE_TYPES.Property && getKeyName(inputProperty) === 'input' && fn.params[0] === inputProperty.parent) {
      if (this.isFixedSchema(procedureInputSchema(fn), depth, key)) return FIXED;
    }
    return this.opaque(identifier, position, depth);
  }

  // ------------------------------------------------------------------ members

  private member(member: TSESTree.MemberExpression, position: Position, depth: number): SqlVerdict {
    const property = getPropertyName(member);
    if (property === 'length' || property === 'size') return FIXED;
    const object = skipAwait(member.object);
    const path = getMemberPath(member);
    if (path?.startsWith('process.env.') || path === 'process.env') return UNKNOWN; // deployment configuration
    if (object.type === AST_NODE_TYPES.ThisExpression) return this.classField(member, property);
    if (property !== undefined && DB_KEY.test(property) && this.isDbDerived(object, depth + 1)) return UNKNOWN;
    if (this.isConstantLookup(member, depth)) return FIXED;
    // order.data where order = z.enum([...]).safeParse(x)
    if (property === 'data' && this.isFixedSchema(this.parsedSchema(object, depth), depth)) return FIXED;
    if (object.type === AST_NODE_TYPES.Identifier) {
      const def = this.resolver.findVariable(object)?.defs[0];
      if (def?.type === 'TSEnumName') return CONSTANT;
      // MonitorScheduler.claimTimeoutMs: a static field of a class of this file
      if (def?.type === 'ClassName' && property !== undefined) return this.staticField(def.node as TSESTree.ClassDeclaration, property);
      if (def?.type === 'ImportBinding') return UNKNOWN; // config.schema, env.TABLE
      if (property !== undefined && def) {
        // query.sort where `query: ListQuery` and ListQuery says sort: 'asc' | 'desc'
        const typed = declaredType(def.name as TSESTree.Node);
        const memberType = typed ? this.memberType(typed, property, depth) : undefined;
        if (memberType && this.isFixedType(memberType, depth)) return FIXED;
        // input.sort where the tRPC procedure's .input(z.object({ sort: z.enum([...]) }))
        if (this.isFixedSchema(this.schemaOfObject(object, depth), depth, property)) return FIXED;
      }
    }
    // z.object({...}).parse(x).sort, schema.safeParse(x).data.sort
    if (property !== undefined) {
      const schema = this.parsedSchema(object, depth);
      if (schema && this.isFixedSchema(objectSchemaProperty(schema, property, this.resolver), depth)) return FIXED;
    }
    // A member of a module-level constant (a config object).
    const root = getRootIdentifier(member);
    if (root && root !== member.object && path !== undefined) {
      const def = this.resolver.findVariable(root)?.defs[0];
      if (def?.type === 'ImportBinding') return UNKNOWN;
    }
    if (root && object === root) {
      const variable = this.resolver.findVariable(root);
      const def = variable?.defs[0];
      if (def?.type === 'Variable' && (variable!.scope.type === 'module' || variable!.scope.type === 'global') && (def.parent as TSESTree.VariableDeclaration).kind === 'const') {
        return UNKNOWN;
      }
    }
    return this.opaque(member, position, depth);
  }

  /** `this.table`: a class field set once; its initialiser decides, else we cannot see it. */
  private classField(member: TSESTree.MemberExpression, name: string | undefined): SqlVerdict {
    if (name === undefined) return UNKNOWN;
    let current: TSESTree.Node | undefined = member.parent;
    while (current && current.type !== AST_NODE_TYPES.ClassBody) current = current.parent;
    if (!current) return UNKNOWN;
    for (const element of current.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition && getKeyName(element) === name && element.value) {
        const verdict = this.value(element.value, 'whole', MAX_DEPTH - 2);
        return verdict.kind === 'constant' || verdict.kind === 'fixed' ? verdict : UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  private staticField(declaration: TSESTree.ClassDeclaration, name: string): SqlVerdict {
    for (const element of declaration.body.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition && element.static && getKeyName(element) === name && element.value) {
        const verdict = this.value(element.value, 'whole', MAX_DEPTH - 2);
        return verdict.kind === 'constant' || verdict.kind === 'fixed' ? verdict : UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  /** `SORT_COLUMNS[key]`, `COLUMNS.name` where the object is a `const` object or array of literals. */
  private isConstantLookup(member: TSESTree.MemberExpression, depth: number): boolean {
    const object = skipTypeWrappers(member.object);
    if (object.type !== AST_NODE_TYPES.Identifier) return false;
    const init = constInitOf(object, this.resolver);
    if (!init) return false;
    return isLiteralCollection(init) || (depth < MAX_DEPTH && init.type === AST_NODE_TYPES.ObjectExpression && init.properties.every((property) =>
      property.type === AST_NODE_TYPES.Property && isLiteralCollection(skipTypeWrappers(property.value))));
  }

  // ------------------------------------------------------------------ calls

  private call(call: TSESTree.CallExpression, position: Position, depth: number): SqlVerdict {
    const callee = skipTypeWrappers(call.callee);
    const path = getMemberPath(callee);
    if (path !== undefined && (NUMERIC_CALLS.has(path) || path.startsWith('Math.'))) return FIXED;
    if ((path === 'String' || path === 'JSON.stringify' || path === 'encodeURIComponent') && call.arguments[0]) {
      return this.value(call.arguments[0], position, depth + 1);
    }
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
    if (name !== undefined && (ESCAPE_CALLS.test(name) || SANITIZER_NAME.test(name))) return FIXED;
    if (name === 'format') {
      const root = getRootIdentifier(callee);
      const source = root ? this.resolver.getImport(root)?.source : undefined;
      if (source && SAFE_FORMAT_SOURCES.test(source)) return FIXED;
    }
    if (this.isRequestInput(call, depth + 1)) return { kind: 'dynamic', part: call };

    if (callee.type === AST_NODE_TYPES.MemberExpression && name !== undefined) {
      const receiver = callee.object;
      if (FIXED_RESULT_METHODS.test(name)) return FIXED;
      if (name === 'join') {
        const separator = call.arguments[0] ? this.value(call.arguments[0], 'other', depth + 1) : CONSTANT;
        return combine([this.elements(receiver, position, depth + 1), separator]);
      }
      if (name === 'map' || name === 'flatMap' || name === 'filter' || name === 'fill' || name === 'slice' || name === 'concat' || name === 'reverse' || name === 'sort') {
        return this.elements(call, position, depth + 1);
      }
      if (STRING_TRANSFORMS.test(name)) {
        const args = name === 'replace' || name === 'replaceAll' ? call.arguments.slice(1) : name === 'concat' || name === 'padStart' || name === 'padEnd' ? call.arguments : [];
        return combine([this.value(receiver, position, depth + 1), ...args.map((arg) => this.value(arg, position === 'whole' ? 'other' : position, depth + 1))]);
      }
      // SortSchema.parse(x), z.enum([...]).parse(x)
      if (name === 'parse' || name === 'parseAsync') {
        if (this.isFixedSchema(receiver, depth)) return FIXED;
      }
      const root = getRootIdentifier(callee);
      if (root && this.resolver.findVariable(root)?.defs[0]?.type === 'ImportBinding') return UNKNOWN; // a helper of another module
      return this.opaque(call, position, depth);
    }
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const def = this.resolver.findVariable(callee)?.defs[0];
      if (def?.type === 'ImportBinding') return UNKNOWN; // we cannot see into it: it may quote what it returns
      const fn = this.resolver.functionOf(callee);
      if (fn) return this.returns(fn, call, position, depth);
    }
    return this.opaque(call, position, depth);
  }

  /** What a function of this file returns, its parameters being what the call passes. */
  private returns(fn: FunctionNode, call: TSESTree.CallExpression, position: Position, depth: number): SqlVerdict {
    if (this.resolvingFunctions.has(fn) || fn.generator) return this.opaque(call, position, depth);
    const results: TSESTree.Node[] = [];
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) results.push(fn.body);
    else collectReturns(fn.body, results);
    if (results.length === 0) return this.opaque(call, position, depth);
    this.resolvingFunctions.add(fn);
    const bound: Variable[] = [];
    try {
      fn.params.forEach((param, index) => {
        const name = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
        const argument = call.arguments[index];
        if (name.type !== AST_NODE_TYPES.Identifier || !argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
        const variable = this.resolver.findVariable(name);
        if (!variable || this.bindings.has(variable)) return;
        this.bindings.set(variable, argument);
        bound.push(variable);
      });
      return combine(results.map((result) => this.value(result, position, depth + 1)));
    } finally {
      for (const variable of bound) this.bindings.delete(variable);
      this.resolvingFunctions.delete(fn);
    }
  }

  /** `return { schema: appSchemaIdent(slug), … }` → the verdict of `schema` (undefined when a return is not an object literal). */
  private returnedProperty(fn: FunctionNode, call: TSESTree.CallExpression, key: string, position: Position, depth: number): SqlVerdict | undefined {
    if (this.resolvingFunctions.has(fn) || fn.body.type !== AST_NODE_TYPES.BlockStatement) return undefined;
    const results: TSESTree.Node[] = [];
    collectReturns(fn.body, results);
    const values: TSESTree.Node[] = [];
    for (const result of results) {
      const object = skipAwait(result);
      if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
      const property = object.properties.find((entry) => entry.type === AST_NODE_TYPES.Property && getKeyName(entry) === key);
      if (!property || property.type !== AST_NODE_TYPES.Property) return undefined;
      values.push(property.value);
    }
    if (values.length === 0) return undefined;
    this.resolvingFunctions.add(fn);
    const bound: Variable[] = [];
    try {
      fn.params.forEach((param, index) => {
        const argument = call.arguments[index];
        if (param.type !== AST_NODE_TYPES.Identifier || !argument || argument.type === AST_NODE_TYPES.SpreadElement) return;
        const variable = this.resolver.findVariable(param);
        if (!variable || this.bindings.has(variable)) return;
        this.bindings.set(variable, argument);
        bound.push(variable);
      });
      return combine(values.map((value) => this.value(value, position, depth + 1)));
    } finally {
      for (const variable of bound) this.bindings.delete(variable);
      this.resolvingFunctions.delete(fn);
    }
  }

  // ------------------------------------------------------------------ arrays

  /** What one element of an array (or of `xs.map(...)`, `Array(n).fill('?')`) can be. */
  private elements(node: TSESTree.Node, position: Position, depth: number): SqlVerdict {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const value = skipAwait(node);
    if (value.type === AST_NODE_TYPES.ArrayExpression) {
      return combine(value.elements.map((element) => {
        if (!element) return CONSTANT;
        return element.type === AST_NODE_TYPES.SpreadElement ? this.elements(element.argument, position, depth + 1) : this.value(element, position, depth + 1);
      }));
    }
    if (value.type === AST_NODE_TYPES.Identifier) return this.arrayVariable(value, position, depth);
    if (value.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(value.callee);
      const path = getMemberPath(callee);
      if ((path === 'Object.keys' || path === 'Object.values' || path === 'Object.entries') && value.arguments[0]) {
        const source = skipTypeWrappers(value.arguments[0]);
        if (source.type === AST_NODE_TYPES.Identifier) {
          const init = constInitOf(source, this.resolver);
          if (init?.type === AST_NODE_TYPES.ObjectExpression && (path === 'Object.keys' || isLiteralCollection(init))) return CONSTANT;
        }
        return this.opaque(value, position, depth);
      }
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = getPropertyName(callee);
        if (method === 'map' || method === 'flatMap') {
          const callback = value.arguments[0];
          if (callback && isFunctionNode(callback)) {
            const results: TSESTree.Node[] = [];
            if (callback.body.type !== AST_NODE_TYPES.BlockStatement) results.push(callback.body);
            else collectReturns(callback.body, results);
            return results.length > 0 ? combine(results.map((result) => this.value(result, position, depth + 1))) : this.opaque(value, position, depth);
          }
          // ids.map(Number), ids.map(String)
          const mapper = callback ? getMemberPath(callback) : undefined;
          if (mapper && NUMERIC_CALLS.has(mapper)) return FIXED;
          if (mapper === 'String') return this.elements(callee.object, position, depth + 1);
          return this.opaque(value, position, depth);
        }
        if (method === 'fill' && value.arguments[0]) return this.value(value.arguments[0], position, depth + 1);
        // columns.filter((c) => ALLOWED.includes(c)): only allow-listed elements remain
        if (method === 'filter' && isAllowListFilter(value.arguments[0])) return FIXED;
        if (method === 'filter' || method === 'slice' || method === 'reverse' || method === 'sort' || method === 'toSorted' || method === 'toReversed') return this.elements(callee.object, position, depth + 1);
        if (method === 'concat') return combine([this.elements(callee.object, position, depth + 1), ...value.arguments.map((arg) => this.elements(arg, position, depth + 1))]);
        if (method === 'keys') return FIXED; // array.keys(): indices
      }
      if (path === 'Array.from' && value.arguments[0]) {
        const mapper = value.arguments[1];
        if (mapper && isFunctionNode(mapper) && mapper.body.type !== AST_NODE_TYPES.BlockStatement) return this.value(mapper.body, position, depth + 1);
        return this.elements(value.arguments[0], position, depth + 1);
      }
    }
    if (value.type === AST_NODE_TYPES.MemberExpression && this.isConstantLookup(value, depth)) return FIXED;
    return this.opaque(value, position, depth);
  }

  /** An array variable: its initialiser's elements and everything pushed into it. */
  private arrayVariable(identifier: TSESTree.Identifier, position: Position, depth: number): SqlVerdict {
    const variable = this.resolver.findVariable(identifier);
    const def = variable?.defs[0];
    if (!variable || !def) return this.opaque(identifier, position, depth);
    if (def.type === 'ImportBinding') return UNKNOWN;
    const typed = declaredType(def.name as TSESTree.Node) ?? patternPropertyType(def.name as TSESTree.Identifier);
    if (typed && this.isFixedElementType(typed, depth)) return FIXED;
    if (def.type !== 'Variable') return this.opaque(identifier, position, depth);
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.id !== def.name || !declarator.init) return this.opaque(identifier, position, depth);
    if (this.resolvingVariables.has(variable)) return CONSTANT;
    this.resolvingVariables.add(variable);
    try {
      const verdicts: SqlVerdict[] = [this.elements(declarator.init, position, depth + 1)];
      for (const reference of variable.references) {
        if (reference.init) continue;
        if (reference.isWrite()) {
          const assignment = reference.identifier.parent;
          verdicts.push(assignment?.type === AST_NODE_TYPES.AssignmentExpression && assignment.operator === '=' ? this.elements(assignment.right, position, depth + 1) : this.opaque(identifier, position, depth));
          continue;
        }
        // parts.push('a = $1'), parts.unshift(...), parts[i] = ...
        const parent = reference.identifier.parent;
        if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) continue;
        const method = getPropertyName(parent);
        const call = parent.parent;
        if ((method === 'push' || method === 'unshift') && call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent) {
          for (const arg of call.arguments) {
            verdicts.push(arg.type === AST_NODE_TYPES.SpreadElement ? this.elements(arg.argument, position, depth + 1) : this.value(arg, position, depth + 1));
          }
        } else if (parent.computed && call?.type === AST_NODE_TYPES.AssignmentExpression && call.left === parent) {
          verdicts.push(this.value(call.right, position, depth + 1));
        } else if (method === 'splice' && call?.type === AST_NODE_TYPES.CallExpression) {
          for (const arg of call.arguments.slice(2)) verdicts.push(arg.type === AST_NODE_TYPES.SpreadElement ? this.opaque(arg, position, depth) : this.value(arg, position, depth + 1));
        }
      }
      return combine(verdicts);
    } finally {
      this.resolvingVariables.delete(variable);
    }
  }

  /** `for (const key in X)`: the keys of a constant object are code. */
  private keys(node: TSESTree.Node, position: Position, depth: number): SqlVerdict {
    const value = skipTypeWrappers(node);
    if (value.type === AST_NODE_TYPES.Identifier && constInitOf(value, this.resolver)?.type === AST_NODE_TYPES.ObjectExpression) return CONSTANT;
    return this.opaque(value, position, depth);
  }

  // ------------------------------------------------------------------ allow-lists

  /** `ALLOWED.includes(sort) ? sort : 'created_at'`, `sort in COLUMNS ? sort : 'id'`, and the negated forms. */
  private isAllowListed(node: TSESTree.ConditionalExpression, depth: number): boolean {
    let test = skipTypeWrappers(node.test);
    let chosen = node.consequent;
    let fallback = node.alternate;
    if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') {
      test = skipTypeWrappers(test.argument);
      [chosen, fallback] = [fallback, chosen];
    }
    const checked = membershipSubject(test);
    if (!checked || !sameExpression(checked, chosen)) return false;
    const rest = this.value(fallback, 'quoted', depth + 1);
    return rest.kind === 'constant' || rest.kind === 'fixed';
  }

  /**
   * The expression is checked against an allow-list before it is used: inside
   * `if (ALLOWED.includes(x)) { … }`, or after `if (!ALLOWED.includes(x)) throw …` / `return …`.
   */
  private guarded(node: TSESTree.Identifier | TSESTree.MemberExpression, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    let child: TSESTree.Node = node;
    let current: TSESTree.Node | undefined = node.parent;
    while (current) {
      if (current.type === AST_NODE_TYPES.IfStatement && current.consequent === child) {
        const subject = membershipSubject(skipTypeWrappers(current.test));
        if (subject && sameExpression(subject, node)) return true;
      }
      if (current.type === AST_NODE_TYPES.BlockStatement || current.type === AST_NODE_TYPES.Program || current.type === AST_NODE_TYPES.SwitchCase) {
        const body: readonly TSESTree.Node[] = current.type === AST_NODE_TYPES.SwitchCase ? current.consequent : current.body;
        for (const statement of body) {
          if (statement === child || statement.range[0] >= child.range[0]) break;
          if (statement.type !== AST_NODE_TYPES.IfStatement || !alwaysExits(statement.consequent)) continue;
          const test = skipTypeWrappers(statement.test);
          if (test.type !== AST_NODE_TYPES.UnaryExpression || test.operator !== '!') continue;
          const subject = membershipSubject(skipTypeWrappers(test.argument));
          if (subject && sameExpression(subject, node)) return true;
        }
      }
      if (isFunctionNode(current)) {
        // The guard may sit in the function that declared the value: `const sort = …; if (!ok(sort)) throw`
        // is found from the use, which is in the same function in the common case. Stop here.
        return false;
      }
      child = current;
      current = current.parent;
    }
    return false;
  }

  // ------------------------------------------------------------------ types and schemas

  /** A type whose values form a fixed set: literal unions, numbers, booleans, enums, `keyof`. */
  private isFixedType(type: TSESTree.TypeNode, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    switch (type.type) {
      case AST_NODE_TYPES.TSLiteralType:
      case AST_NODE_TYPES.TSNumberKeyword:
      case AST_NODE_TYPES.TSBooleanKeyword:
      case AST_NODE_TYPES.TSBigIntKeyword:
      case AST_NODE_TYPES.TSNullKeyword:
      case AST_NODE_TYPES.TSUndefinedKeyword:
        return true;
      case AST_NODE_TYPES.TSUnionType:
        return type.types.every((member) => this.isFixedType(member, depth + 1));
      case AST_NODE_TYPES.TSTypeOperator:
        return type.operator === 'keyof' || (type.operator === 'readonly' && !!type.typeAnnotation && this.isFixedType(type.typeAnnotation, depth + 1));
      case AST_NODE_TYPES.TSIndexedAccessType:
        // (typeof SORT_COLUMNS)[number], (typeof MAP)[keyof typeof MAP]
        return type.objectType.type === AST_NODE_TYPES.TSTypeQuery;
      case AST_NODE_TYPES.TSTypeReference: {
        const name = type.typeName;
        // Prisma.SortOrder, Prisma.QueryMode, Prisma.NullsOrder
        if (name.type === AST_NODE_TYPES.TSQualifiedName) return /^(?:SortOrder|QueryMode|NullsOrder)$/.test(name.right.name);
        if (name.type !== AST_NODE_TYPES.Identifier) return false;
        if (name.name === 'SortOrder' || name.name === 'Date') return true;
        const def = this.resolver.findVariable(name)?.defs[0];
        if (!def) return false;
        // A type from the Prisma client spliced into SQL text is one of its enums (a model object would print [object Object]).
        if (def.type === 'ImportBinding') return /prisma/i.test(this.resolver.getImport(name)?.source ?? '');
        if (def.type === 'TSEnumName') return true;
        if (def.type === 'Type' && def.node.type === AST_NODE_TYPES.TSTypeAliasDeclaration) return this.isFixedType(def.node.typeAnnotation, depth + 1);
        return false;
      }
      default:
        return false;
    }
  }

  private isFixedElementType(type: TSESTree.TypeNode, depth: number): boolean {
    if (type.type === AST_NODE_TYPES.TSArrayType) return this.isFixedType(type.elementType, depth + 1);
    if (type.type === AST_NODE_TYPES.TSTypeOperator && type.operator === 'readonly' && type.typeAnnotation) return this.isFixedElementType(type.typeAnnotation, depth + 1);
    if (type.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier && /^(?:Array|ReadonlyArray|Set|ReadonlySet)$/.test(type.typeName.name)) {
      const argument = type.typeArguments?.params[0];
      return !!argument && this.isFixedType(argument, depth + 1);
    }
    return false;
  }

  /** The type of `property` in a type literal, interface, type alias or class of this file. */
  private memberType(type: TSESTree.TypeNode, property: string, depth: number): TSESTree.TypeNode | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (type.type === AST_NODE_TYPES.TSTypeLiteral) return memberOf(type.members, property);
    if (type.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
    const def = this.resolver.findVariable(type.typeName)?.defs[0];
    if (!def) return undefined;
    const node = def.node as TSESTree.Node;
    if (node.type === AST_NODE_TYPES.TSInterfaceDeclaration) return memberOf(node.body.body, property);
    if (node.type === AST_NODE_TYPES.TSTypeAliasDeclaration) return this.memberType(node.typeAnnotation, property, depth + 1);
    if (node.type === AST_NODE_TYPES.ClassDeclaration) {
      for (const element of node.body.body) {
        if (element.type === AST_NODE_TYPES.PropertyDefinition && getKeyName(element) === property) return element.typeAnnotation?.typeAnnotation;
      }
    }
    return undefined;
  }

  /** A zod schema whose values form a fixed set: `z.enum([...])`, `z.coerce.number().int()`, a variable holding one. */
  private isFixedSchema(node: TSESTree.Node | undefined, depth: number, property?: string): boolean {
    if (!node || depth > MAX_DEPTH) return false;
    if (property !== undefined) return this.isFixedSchema(objectSchemaProperty(node, property, this.resolver), depth + 1);
    let current = skipTypeWrappers(node);
    if (current.type === AST_NODE_TYPES.Identifier) {
      const init = constInitOf(current, this.resolver, true);
      return !!init && this.isFixedSchema(init, depth + 1);
    }
    for (;;) {
      if (current.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = skipTypeWrappers(current.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const method = getPropertyName(callee);
      const path = getMemberPath(callee);
      if (path && /^(?:z|zod)\./.test(path)) {
        const factory = path.replace(/^(?:z|zod)\./, '');
        if (FIXED_ZOD_FACTORIES.has(factory)) return true;
        if (factory === 'union') {
          const options = current.arguments[0] && skipTypeWrappers(current.arguments[0]);
          return options?.type === AST_NODE_TYPES.ArrayExpression && options.elements.every((option) => !!option && option.type !== AST_NODE_TYPES.SpreadElement && this.isFixedSchema(option, depth + 1));
        }
        return false;
      }
      if (!method || !ZOD_KEEPING_METHODS.has(method)) {
        // z.string().uuid(), .email() narrow a string to a safe alphabet? Not all of them do: only keep known ones.
        return method === 'uuid' || method === 'cuid' || method === 'cuid2' || method === 'ulid' || method === 'datetime' ? this.isZodString(callee.object) : false;
      }
      current = skipTypeWrappers(callee.object);
    }
  }

  private isZodString(node: TSESTree.Node): boolean {
    let current = skipTypeWrappers(node);
    while (current.type === AST_NODE_TYPES.CallExpression) {
      const path = getMemberPath(current.callee);
      if (path === 'z.string' || path === 'zod.string') return true;
      const callee = skipTypeWrappers(current.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      current = skipTypeWrappers(callee.object);
    }
    return false;
  }

  /** The object schema a value was parsed with: `Schema.parse(x)`, `Schema.safeParse(x).data`, a variable holding either. */
  private parsedSchema(node: TSESTree.Node, depth: number): TSESTree.Node | undefined {
    if (depth > MAX_DEPTH) return undefined;
    let value = skipAwait(node);
    if (value.type === AST_NODE_TYPES.MemberExpression && getPropertyName(value) === 'data') value = skipAwait(value.object);
    if (value.type === AST_NODE_TYPES.Identifier) {
      const init = constInitOf(value, this.resolver, true);
      return init ? this.parsedSchema(init, depth + 1) : undefined;
    }
    if (value.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = skipTypeWrappers(value.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = getPropertyName(callee);
    if (method === 'parse' || method === 'parseAsync' || method === 'safeParse' || method === 'safeParseAsync') return callee.object;
    return undefined;
  }

  /** The tRPC `.input(schema)` of the procedure whose resolver destructured `input` (or takes `opts.input`). */
  private schemaOfObject(object: TSESTree.Identifier, depth: number): TSESTree.Node | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const def = this.resolver.findVariable(object)?.defs[0];
    if (!def) return undefined;
    if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      return declarator.id === def.name && declarator.init ? this.parsedSchema(declarator.init, depth + 1) : undefined;
    }
    if (def.type !== 'Parameter' || patternKey(def.name as TSESTree.Identifier) !== 'input') return undefined;
    return procedureInputSchema(def.node as TSESTree.Node);
  }

  // ------------------------------------------------------------------ query results

  /** A query result, or rows / elements / fields of one: `await prisma.post.findMany()`, `rows.map(r => r)`, `result.rows`. */
  private isDbDerived(node: TSESTree.Node, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const value = skipAwait(node);
    if ((value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.TaggedTemplateExpression) && this.isDbCall(value)) return true;
    if (value.type === AST_NODE_TYPES.MemberExpression) return this.isDbDerived(value.object, depth + 1);
    if (value.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(value.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
      if (callee.type === AST_NODE_TYPES.MemberExpression && method && /^(?:map|flatMap|filter|slice|find|at|sort|toSorted|concat|flat)$/.test(method)) return this.isDbDerived(callee.object, depth + 1);
      return false;
    }
    if (value.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.resolver.findVariable(value);
    const def = variable?.defs[0];
    if (!variable || !def || this.resolvingVariables.has(variable)) return false;
    if (def.type === 'Parameter') {
      const fn = def.node as TSESTree.Node;
      const call = fn.parent;
      if (!isFunctionNode(fn) || call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return false;
      const callee = skipTypeWrappers(call.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && ELEMENT_CALLBACKS.has(getPropertyName(callee) ?? '') && contains(fn.params[0] ?? fn, def.name as TSESTree.Node) && this.isDbDerived(callee.object, depth + 1);
    }
    if (def.type !== 'Variable') return false;
    const declarator = def.node as TSESTree.VariableDeclarator;
    const declaration = declarator.parent as TSESTree.VariableDeclaration;
    this.resolvingVariables.add(variable);
    try {
      if (declaration.parent?.type === AST_NODE_TYPES.ForOfStatement && declaration.parent.left === declaration) return this.isDbDerived(declaration.parent.right, depth + 1);
      return !!declarator.init && this.isDbDerived(declarator.init, depth + 1);
    } finally {
      this.resolvingVariables.delete(variable);
    }
  }

  // ------------------------------------------------------------------ request input

  /** Plainly request input: `req.query.x`, `await request.json()`, `searchParams.get('x')`, a Nest `@Query()` parameter, tRPC `input`. */
  isRequestInput(node: TSESTree.Node, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    const value = skipAwait(node);
    if (value.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(value.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const method = getPropertyName(callee);
      const receiver = skipAwait(callee.object);
      const receiverName = receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : receiver.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(receiver) : undefined;
      if ((method === 'json' || method === 'formData' || method === 'text') && receiverName && REQUEST_OBJECTS.test(receiverName)) return true;
      if ((method === 'get' || method === 'getAll') && receiverName && /^(?:searchParams|formData|query|params)$/.test(receiverName)) return true;
      if (method && STRING_TRANSFORMS.test(method)) return this.isRequestInput(receiver, depth + 1);
      return false;
    }
    if (value.type === AST_NODE_TYPES.MemberExpression) {
      const parts: string[] = [];
      let current: TSESTree.Node = value;
      while (current.type === AST_NODE_TYPES.MemberExpression) {
        parts.unshift(getPropertyName(current) ?? '[]');
        current = skipAwait(current.object);
      }
      if (current.type === AST_NODE_TYPES.CallExpression) return this.isRequestInput(current, depth + 1);
      if (current.type !== AST_NODE_TYPES.Identifier) return false;
      const first = parts[0] ?? '';
      if (REQUEST_OBJECTS.test(current.name) && REQUEST_PARTS.has(first)) return true;
      if (current.name === 'ctx' && (first === 'query' || first === 'params' || first === 'request')) return true; // Koa
      if (first === 'input' && this.resolver.findVariable(current)?.defs[0]?.type === 'Parameter') return true; // tRPC opts.input
      return this.isRequestInput(current, depth + 1);
    }
    if (value.type === AST_NODE_TYPES.Identifier) {
      const variable = this.resolver.findVariable(value);
      const def = variable?.defs[0];
      if (!def) return false;
      if (def.type === 'Parameter') {
        const param = (def.node as TSESTree.Node);
        if (isFunctionNode(param)) {
          const declared = param.params.find((candidate) => contains(candidate, def.name as TSESTree.Node));
          if (declared && decoratorNames(declared).some((name) => NEST_INPUT_DECORATORS.has(name))) return true;
        }
        // ({ input }), ({ input: { sort } }) of a tRPC resolver, ({ searchParams }) of a Next.js page
        for (let current: TSESTree.Node | undefined = (def.name as TSESTree.Node).parent; current && !isFunctionNode(current); current = current.parent) {
          if (current.type === AST_NODE_TYPES.Property) {
            const key = getKeyName(current);
            if (key === 'input' || key === 'searchParams') return true;
          } else if (current.type !== AST_NODE_TYPES.ObjectPattern && current.type !== AST_NODE_TYPES.AssignmentPattern) {
            break;
          }
        }
        return false;
      }
      if (def.type !== 'Variable') return false;
      const declarator = def.node as TSESTree.VariableDeclarator;
      const declaration = declarator.parent as TSESTree.VariableDeclaration;
      const loop = declaration.parent;
      if (loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === declaration) return this.isRequestInput(loop.right, depth + 1);
      if (!declarator.init || this.resolvingVariables.has(variable!)) return false;
      this.resolvingVariables.add(variable!);
      try {
        return this.isRequestInput(declarator.init, depth + 1);
      } finally {
        this.resolvingVariables.delete(variable!);
      }
    }
    return false;
  }
}

// -------------------------------------------------------------------- helpers

function skipAwait(node: TSESTree.Node): TSESTree.Node {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
  return current;
}

/** After these, a value goes: `= ${x}`, `LIKE ${x}`, `LIMIT ${n}`, `BETWEEN ${a} AND ${b}`, `VALUES ${rows}`. */
const VALUE_TAIL = /(?:[=<>]|!=|\blike|\bilike|\blimit|\boffset|\bbetween|\bbetween\s+\S+\s+and|\bvalues)\s*$/i;
/** Inside `IN (…`, `VALUES (…`, `ANY(…`: a list of values. */
const VALUE_LIST = /\b(?:in|values|any)\s*\([^()]*$/i;

/** The position of each of n values spliced between n + 1 pieces of SQL text. */
export function sqlContexts(pieces: readonly string[], outer: SqlPosition = 'whole'): SqlPosition[] {
  const contexts: SqlPosition[] = [];
  let before = '';
  let quoted = false;
  for (let index = 0; index < pieces.length - 1; index++) {
    const piece = pieces[index] ?? '';
    for (const char of piece) if (char === "'") quoted = !quoted;
    before += piece;
    let context: SqlPosition = quoted ? 'quoted' : VALUE_TAIL.test(before) || VALUE_LIST.test(before) ? 'value' : 'other';
    // A fragment spliced into a string or a value list: `(${a}, ${b})` inside VALUES ${rows}, `${a}-${b}` inside '…'.
    if (context === 'other' && outer === 'quoted') context = 'quoted';
    if (context === 'other' && outer === 'value' && !/[A-Za-z_]/.test(before)) context = 'value';
    contexts.push(context);
    before += '0';
  }
  return contexts;
}

function templateContexts(template: TSESTree.TemplateLiteral, outer: SqlPosition): SqlPosition[] {
  return sqlContexts(template.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw), outer);
}

/** `'… name = \'' + name + '\''`: each operand of a `+` chain with its position. */
function concatContexts(node: TSESTree.BinaryExpression, outer: SqlPosition): [TSESTree.Node, SqlPosition][] {
  const operands: TSESTree.Node[] = [];
  const flatten = (current: TSESTree.Node): void => {
    const value = skipTypeWrappers(current);
    if (value.type === AST_NODE_TYPES.BinaryExpression && value.operator === '+') {
      flatten(value.left);
      flatten(value.right);
    } else {
      operands.push(value);
    }
  };
  flatten(node);
  const pieces: string[] = [''];
  const dynamic: TSESTree.Node[] = [];
  for (const operand of operands) {
    const text = operand.type === AST_NODE_TYPES.Literal ? String(operand.value) : getStaticString(operand);
    if (text !== undefined) {
      pieces[pieces.length - 1] += text;
    } else {
      dynamic.push(operand);
      pieces.push('');
    }
  }
  const contexts = sqlContexts(pieces, outer);
  return dynamic.map((operand, index) => [operand, contexts[index] ?? 'other']);
}

function combine(verdicts: readonly SqlVerdict[]): SqlVerdict {
  let result: SqlVerdict = CONSTANT;
  for (const verdict of verdicts) {
    if (verdict.kind === 'dynamic') return verdict;
    if (verdict.kind === 'unknown') result = verdict;
    else if (verdict.kind === 'fixed' && result.kind === 'constant') result = verdict;
  }
  return result;
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** `string`, `any`, or an array of them (the elements are what reaches the SQL). */
function isStringType(type: TSESTree.TypeNode): boolean {
  if (type.type === AST_NODE_TYPES.TSStringKeyword || type.type === AST_NODE_TYPES.TSAnyKeyword) return true;
  if (type.type === AST_NODE_TYPES.TSArrayType) return isStringType(type.elementType);
  if (type.type === AST_NODE_TYPES.TSTypeOperator && type.operator === 'readonly' && type.typeAnnotation) return isStringType(type.typeAnnotation);
  if (type.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier && /^(?:Array|ReadonlyArray)$/.test(type.typeName.name)) {
    const argument = type.typeArguments?.params[0];
    return !!argument && isStringType(argument);
  }
  return false;
}

/** The type annotation written on a declared name (`sort: SortDir`), if any. */
function declaredType(name: TSESTree.Node): TSESTree.TypeNode | undefined {
  if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
  return name.typeAnnotation?.typeAnnotation;
}

/** `{ sort }` or `{ sort: s }` in a pattern: the key the name was taken from. */
function patternKey(name: TSESTree.Identifier): string | undefined {
  let node: TSESTree.Node = name;
  if (node.parent?.type === AST_NODE_TYPES.AssignmentPattern && node.parent.left === node) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === node) return getKeyName(parent);
  return name.name;
}

/** For `({ sort }: { sort: 'a' | 'b' })`, the type of `sort` from the pattern's annotation. */
function patternPropertyType(name: TSESTree.Identifier): TSESTree.TypeNode | undefined {
  let node: TSESTree.Node = name;
  if (node.parent?.type === AST_NODE_TYPES.AssignmentPattern && node.parent.left === node) node = node.parent;
  const property = node.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== node) return undefined;
  const pattern = property.parent;
  if (pattern?.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const annotation = pattern.typeAnnotation?.typeAnnotation;
  const key = getKeyName(property);
  if (!annotation || annotation.type !== AST_NODE_TYPES.TSTypeLiteral || key === undefined) return undefined;
  return memberOf(annotation.members, key);
}

function memberOf(members: readonly TSESTree.TypeElement[], property: string): TSESTree.TypeNode | undefined {
  for (const member of members) {
    if (member.type !== AST_NODE_TYPES.TSPropertySignature) continue;
    const key = member.key.type === AST_NODE_TYPES.Identifier ? member.key.name : member.key.type === AST_NODE_TYPES.Literal ? String(member.key.value) : undefined;
    if (key === property) return member.typeAnnotation?.typeAnnotation;
  }
  return undefined;
}

/** The initialiser of a `const` (or, with `anyKind`, any single-assignment) variable. */
function constInitOf(identifier: TSESTree.Identifier, resolver: ClientResolver, anyKind = false): TSESTree.Node | undefined {
  const variable = resolver.findVariable(identifier);
  const def = variable?.defs[0];
  if (!def || def.type !== 'Variable') return undefined;
  const declarator = def.node as TSESTree.VariableDeclarator;
  if (declarator.id !== def.name || !declarator.init) return undefined;
  if ((declarator.parent as TSESTree.VariableDeclaration).kind !== 'const') {
    if (!anyKind || variable!.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  }
  let init = skipTypeWrappers(declarator.init);
  // Object.freeze({...})
  if (init.type === AST_NODE_TYPES.CallExpression && getMemberPath(init.callee) === 'Object.freeze' && init.arguments[0]) init = skipTypeWrappers(init.arguments[0]);
  return init;
}

/** An object or array whose values are all literals (or arrays of literals). */
function isLiteralCollection(node: TSESTree.Node, depth = 0): boolean {
  const isLiteral = (value: TSESTree.Node): boolean => {
    const inner = skipTypeWrappers(value);
    if (inner.type === AST_NODE_TYPES.ArrayExpression && depth < 2) return inner.elements.length === 0 || isLiteralCollection(inner, depth + 1);
    return inner.type === AST_NODE_TYPES.Literal || getStaticString(inner) !== undefined;
  };
  if (node.type === AST_NODE_TYPES.ObjectExpression) {
    return node.properties.length > 0 && node.properties.every((property) => property.type === AST_NODE_TYPES.Property && isLiteral(property.value));
  }
  if (node.type === AST_NODE_TYPES.ArrayExpression) {
    return node.elements.length > 0 && node.elements.every((element) => !!element && element.type !== AST_NODE_TYPES.SpreadElement && isLiteral(element));
  }
  return false;
}

/** `z.object({ sort: z.enum([...]) })` (or a variable holding it, or `.extend`/`.strict()` of it) → the `sort` schema. */
function objectSchemaProperty(schema: TSESTree.Node | undefined, property: string, resolver: ClientResolver, depth = 0): TSESTree.Node | undefined {
  if (!schema || depth > 8) return undefined;
  const value = skipTypeWrappers(schema);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = constInitOf(value, resolver, true);
    return init ? objectSchemaProperty(init, property, resolver, depth + 1) : undefined;
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipTypeWrappers(value.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  const path = getMemberPath(callee);
  if (path === 'z.object' || path === 'zod.object' || method === 'extend' || method === 'merge') {
    const shape = value.arguments[0] && skipTypeWrappers(value.arguments[0]);
    if (shape?.type === AST_NODE_TYPES.ObjectExpression) {
      for (const entry of shape.properties) {
        if (entry.type === AST_NODE_TYPES.Property && getKeyName(entry) === property) return entry.value;
      }
    }
    if (method === 'extend' || method === 'merge') return objectSchemaProperty(callee.object, property, resolver, depth + 1);
    return undefined;
  }
  if (method && /^(?:strict|strip|passthrough|partial|required|optional|default|describe|refine|superRefine|readonly)$/.test(method)) {
    return objectSchemaProperty(callee.object, property, resolver, depth + 1);
  }
  return undefined;
}

/** `ALLOWED.includes(x)`, `ALLOWED.has(x)`, `x in COLUMNS`, `Object.hasOwn(COLUMNS, x)`: the checked expression. */
function membershipSubject(test: TSESTree.Node): TSESTree.Node | undefined {
  if (test.type === AST_NODE_TYPES.BinaryExpression && test.operator === 'in') return test.left;
  if (test.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipTypeWrappers(test.callee);
  const path = getMemberPath(callee);
  if ((path === 'Object.hasOwn' || path === 'Object.prototype.hasOwnProperty.call') && test.arguments[1]) return test.arguments[1];
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  if ((method === 'includes' || method === 'has' || method === 'hasOwnProperty') && test.arguments[0]) return test.arguments[0];
  return undefined;
}

/** Structural equality of simple expressions: identifiers, member chains, literals, and calls of those. */
export function sameExpression(a: TSESTree.Node, b: TSESTree.Node, depth = 0): boolean {
  if (depth > 8) return false;
  const left = skipTypeWrappers(a);
  const right = skipTypeWrappers(b);
  if (left.type !== right.type) return false;
  switch (left.type) {
    case AST_NODE_TYPES.Identifier:
      return left.name === (right as TSESTree.Identifier).name;
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.Literal:
      return left.value === (right as TSESTree.Literal).value;
    case AST_NODE_TYPES.MemberExpression: {
      const other = right as TSESTree.MemberExpression;
      const name = getPropertyName(left);
      if (name === undefined || name !== getPropertyName(other)) return false;
      return sameExpression(left.object, other.object, depth + 1);
    }
    case AST_NODE_TYPES.CallExpression: {
      const other = right as TSESTree.CallExpression;
      if (left.arguments.length !== other.arguments.length || !sameExpression(left.callee, other.callee, depth + 1)) return false;
      return left.arguments.every((arg, index) => sameExpression(arg, other.arguments[index]!, depth + 1));
    }
    default:
      return false;
  }
}

/** `(c) => ALLOWED.includes(c)`, `(c) => c in COLUMNS` */
function isAllowListFilter(callback: TSESTree.Node | undefined): boolean {
  if (!callback || !isFunctionNode(callback) || callback.body.type === AST_NODE_TYPES.BlockStatement) return false;
  const param = callback.params[0];
  const subject = membershipSubject(skipTypeWrappers(callback.body));
  return param?.type === AST_NODE_TYPES.Identifier && !!subject && sameExpression(subject, param);
}

function alwaysExits(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body[statement.body.length - 1];
    return !!last && alwaysExits(last);
  }
  if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
    // next(err) / res.status(400).json(...) are not exits: only return/throw count.
    return false;
  }
  return false;
}

function collectReturns(node: TSESTree.Node, results: TSESTree.Node[]): void {
  if (node.type === AST_NODE_TYPES.ReturnStatement) {
    if (node.argument) results.push(node.argument);
    return;
  }
  if (isFunctionNode(node)) return;
  for (const [key, child] of Object.entries(node)) {
    if (key === 'parent' || !child || typeof child !== 'object') continue;
    if (Array.isArray(child)) {
      for (const item of child) if (item && typeof (item as TSESTree.Node).type === 'string') collectReturns(item as TSESTree.Node, results);
    } else if (typeof (child as TSESTree.Node).type === 'string') {
      collectReturns(child as TSESTree.Node, results);
    }
  }
}

/** The schema of `.input(schema)` in the tRPC procedure chain that `fn` resolves: `.input(s).query(fn)`. */
function procedureInputSchema(fn: TSESTree.Node): TSESTree.Node | undefined {
  const call = fn.parent;
  if (!isFunctionNode(fn) || call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  let current: TSESTree.Node = skipTypeWrappers(call.callee);
  while (current.type === AST_NODE_TYPES.MemberExpression || current.type === AST_NODE_TYPES.CallExpression) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(current.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'input' && current.arguments[0]) return current.arguments[0];
      current = callee;
    } else {
      current = skipTypeWrappers(current.object);
    }
  }
  return undefined;
}

function decoratorNames(param: TSESTree.Node): string[] {
  const target = param.type === AST_NODE_TYPES.TSParameterProperty ? param : param;
  const decorators = 'decorators' in target && Array.isArray(target.decorators) ? (target.decorators as TSESTree.Decorator[]) : [];
  return decorators.map((decorator) => {
    const expression = decorator.expression;
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    return callee.type === AST_NODE_TYPES.Identifier ? callee.name : '';
  });
}

// -------------------------------------------------------------------- sinks

export type SqlSinkKind =
  | 'prisma-unsafe'
  | 'prisma-raw-call'
  | 'prisma-raw-fragment'
  | 'driver'
  | 'knex-raw'
  | 'query-builder'
  | 'raw-fragment'
  | 'postgres-unsafe';

export interface SqlSink {
  node: TSESTree.CallExpression;
  kind: SqlSinkKind;
  /** `prisma.$queryRawUnsafe`, `pool.query`, `knex.whereRaw`, `Prisma.raw`. */
  label: string;
  /** The argument that carries the SQL text. */
  sql: TSESTree.Node;
  /** The library that builds `?` bindings (knex) or `$1` placeholders (pg), when the call says. */
  library?: 'knex' | 'drizzle' | 'kysely' | 'sequelize' | 'objection' | 'typeorm';
}

const KNEX_RAW_METHODS = new Set([
  'raw', 'whereRaw', 'orWhereRaw', 'andWhereRaw', 'whereNotRaw', 'orWhereNotRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw', 'fromRaw', 'onRaw', 'selectRaw',
]);
/** Methods of a TypeORM `createQueryBuilder()` chain that take a SQL condition string. */
const TYPEORM_CONDITION_METHODS = new Set(['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving']);
const TYPEORM_RECEIVERS = /^(?:manager|entityManager|queryRunner|dataSource|appDataSource|AppDataSource|connection)$/;
const TYPEORM_REPOSITORY = /(?:Repository|Repo)$/;
const LOOKS_LIKE_SQL = /^\s*\(?\s*(?:select|insert|update|delete|with|create|alter|drop|truncate|merge|call|exec|explain|refresh|vacuum|analyze|lock|grant|revoke)\b/i;

/** Where SQL text goes: Prisma raw APIs, driver `query`/`execute`, knex `*Raw`, drizzle/kysely `sql.raw`, postgres.js `sql.unsafe`, TypeORM. */
export function findSqlSinks(
  calls: readonly TSESTree.CallExpression[],
  resolver: ClientResolver,
  dbCallOf: (node: TSESTree.Node) => { library: string; method: string; label: string } | undefined,
  getText: (node: TSESTree.Node) => string,
): SqlSink[] {
  const sinks: SqlSink[] = [];
  for (const call of calls) {
    try {
      const sink = sinkOf(call, resolver, dbCallOf, getText);
      if (sink) sinks.push(sink);
    } catch {
      // An odd shape must never take the lint run down.
    }
  }
  return sinks;
}

function sinkOf(
  call: TSESTree.CallExpression,
  resolver: ClientResolver,
  dbCallOf: (node: TSESTree.Node) => { library: string; method: string; label: string } | undefined,
  getText: (node: TSESTree.Node) => string,
): SqlSink | undefined {
  const sql = call.arguments[0];
  if (!sql || sql.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const callee = skipTypeWrappers(call.callee);

  // Objection's `raw(...)`, Sequelize's `literal(...)` imported as functions.
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const imported = resolver.getImport(callee);
    if (imported?.source === 'objection' && imported.imported === 'raw') return { node: call, kind: 'knex-raw', label: callee.name, sql, library: 'objection' };
    if (imported?.source === 'sequelize' && imported.imported === 'literal') return { node: call, kind: 'raw-fragment', label: callee.name, sql, library: 'sequelize' };
    return undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  if (!method) return undefined;
  const object = skipTypeWrappers(callee.object);

  const dbCall = dbCallOf(call);
  if (dbCall?.library === 'prisma') {
    if (method === '$queryRawUnsafe' || method === '$executeRawUnsafe') return { node: call, kind: 'prisma-unsafe', label: dbCall.label, sql };
    if (method === '$queryRaw' || method === '$executeRaw') return { node: call, kind: 'prisma-raw-call', label: dbCall.label, sql };
    return undefined;
  }
  if (dbCall?.library === 'sql') {
    if (method === 'query' || method === 'execute') {
      const text = sqlTextOf(sql);
      return text ? { node: call, kind: 'driver', label: dbCall.label, sql: text } : undefined;
    }
    if (method === 'raw') return { node: call, kind: 'knex-raw', label: dbCall.label, sql, library: 'knex' };
    return undefined;
  }
  const path = getMemberPath(callee);
  if (path === 'Prisma.raw' && isPrismaNamespace(callee.object, resolver)) {
    return { node: call, kind: 'prisma-raw-fragment', label: 'Prisma.raw', sql };
  }
  // drizzle / kysely: sql.raw(text)
  if (method === 'raw' && object.type === AST_NODE_TYPES.Identifier && object.name === 'sql') {
    const imported = resolver.getImport(object);
    if (imported?.source.startsWith('drizzle-orm')) return { node: call, kind: 'raw-fragment', label: 'sql.raw', sql, library: 'drizzle' };
    if (imported?.source === 'kysely') return { node: call, kind: 'raw-fragment', label: 'sql.raw', sql, library: 'kysely' };
    return undefined;
  }
  // Sequelize.literal(text), sequelize.literal(text)
  if (method === 'literal' && object.type === AST_NODE_TYPES.Identifier) {
    const imported = resolver.getImport(object);
    if (imported?.source === 'sequelize' || resolver.classify(object)?.reason === 'created with new Sequelize()') {
      return { node: call, kind: 'raw-fragment', label: `${object.name}.literal`, sql, library: 'sequelize' };
    }
    return undefined;
  }
  if (method === 'unsafe' && resolver.classify(object)?.kind === 'sql') {
    return { node: call, kind: 'postgres-unsafe', label: `${getText(object)}.unsafe`, sql };
  }
  if (KNEX_RAW_METHODS.has(method)) {
    if (method === 'raw') {
      // this.knex.raw(...), Model.knex().raw(...)
      const objectCallee = object.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(object.callee) : undefined;
      const receiverName = object.type === AST_NODE_TYPES.Identifier ? object.name
        : object.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(object)
          : objectCallee?.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(objectCallee) : undefined;
      if (receiverName === 'knex') return { node: call, kind: 'knex-raw', label: `${getText(object)}.raw`, sql, library: 'knex' };
      return undefined;
    }
    // knex('users').whereRaw(...), qb.orderByRaw(...), User.query().whereRaw(...): a knex (or Objection) builder.
    // Other builders have methods of these names too (with their own parameter syntax): not them.
    if (isKnexBuilder(object, resolver, 0)) return { node: call, kind: 'knex-raw', label: chainLabel(object, method, getText), sql, library: 'knex' };
    return undefined;
  }
  if (TYPEORM_CONDITION_METHODS.has(method) && isTypeormQueryBuilder(object, resolver)) {
    return { node: call, kind: 'query-builder', label: `createQueryBuilder(…).${method}`, sql, library: 'typeorm' };
  }
  if (method === 'query') {
    const receiverName = object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(object) : undefined;
    if (receiverName && TYPEORM_RECEIVERS.test(receiverName)) {
      const text = sqlTextOf(sql);
      if (text) return { node: call, kind: 'driver', label: `${getText(object)}.query`, sql: text, library: 'typeorm' };
    }
    // TypeORM Repository#query(sql, params): only when the text reads as SQL.
    if (receiverName && TYPEORM_REPOSITORY.test(receiverName) && looksLikeSql(sql)) {
      return { node: call, kind: 'driver', label: `${getText(object)}.query`, sql, library: 'typeorm' };
    }
  }
  return undefined;
}

const OBJECTION_QUERY_METHODS = /^(?:query|\$query|relatedQuery|\$relatedQuery|knex|transacting)$/;

/**
 * A knex query builder: a chain started by calling a SQL client (`knex('users')`, `db('t')`,
 * `this.knex('t')`), an Objection `Model.query()`, a variable holding one, or the builder a knex
 * callback receives (`.where((qb) => …)`, `.where(function () { this… })`).
 */
function isKnexBuilder(node: TSESTree.Node, resolver: ClientResolver, depth: number): boolean {
  if (depth > 6) return false;
  let current = skipAwait(node);
  while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(current.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && OBJECTION_QUERY_METHODS.test(getPropertyName(callee) ?? '')) return true;
      if (callee.type !== AST_NODE_TYPES.MemberExpression) {
        const client = resolver.classify(callee);
        return !!client && (client.kind === 'sql' || client.kind === 'db');
      }
      const client = resolver.classify(callee);
      if (client && (client.kind === 'sql' || client.kind === 'db')) return true; // this.knex('users')
      current = skipTypeWrappers(callee.object);
    } else {
      const client = resolver.classify(current);
      if (client && (client.kind === 'sql' || client.kind === 'db')) return true;
      current = skipTypeWrappers(current.object);
    }
  }
  if (current.type === AST_NODE_TYPES.ThisExpression) {
    // .where(function () { this.whereRaw(...) })
    let fn: TSESTree.Node | undefined = current.parent;
    while (fn && !(isFunctionNode(fn) && fn.type !== AST_NODE_TYPES.ArrowFunctionExpression)) fn = fn.parent;
    return !!fn && isKnexCallback(fn, resolver, depth);
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return false;
  const client = resolver.classify(current);
  if (client) return client.kind === 'sql' || client.kind === 'db';
  const def = resolver.findVariable(current)?.defs[0];
  if (def?.type === 'Parameter') return isKnexCallback(def.node as TSESTree.Node, resolver, depth);
  if (def?.type !== 'Variable') return false;
  const init = (def.node as TSESTree.VariableDeclarator).init;
  return !!init && isKnexBuilder(init, resolver, depth + 1);
}

/** A function handed to a method of a knex builder chain: its parameter (or `this`) is a builder. */
function isKnexCallback(fn: TSESTree.Node, resolver: ClientResolver, depth: number): boolean {
  const call = fn.parent;
  if (!isFunctionNode(fn) || call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.some((argument) => argument === fn)) return false;
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && isKnexBuilder(callee.object, resolver, depth + 1);
}

/** `db('users')….whereRaw`, `qb.whereRaw`, `Product.query().whereRaw`: the chain's first call and the method. */
function chainLabel(object: TSESTree.Node, method: string, getText: (node: TSESTree.Node) => string): string {
  const links: TSESTree.Node[] = [];
  let current: TSESTree.Node = skipTypeWrappers(object);
  while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
    links.push(current);
    current = skipTypeWrappers(current.type === AST_NODE_TYPES.CallExpression ? current.callee : current.object);
  }
  const firstCall = [...links].reverse().find((link) => link.type === AST_NODE_TYPES.CallExpression);
  const head = firstCall ?? object;
  let text = getText(head).replace(/\s+/g, ' ');
  if (text.length > 40) text = `${text.slice(0, 37)}...`;
  return head === skipTypeWrappers(object) ? `${text}.${method}` : `${text}….${method}`;
}

/** The receiver is (a chain from) `x.createQueryBuilder(...)`, or a variable holding one. */
function isTypeormQueryBuilder(node: TSESTree.Node, resolver: ClientResolver, depth = 0): boolean {
  if (depth > 6) return false;
  let current = skipAwait(node);
  while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(current.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'createQueryBuilder') return true;
      current = callee;
    } else {
      current = skipTypeWrappers(current.object);
    }
  }
  if (current.type === AST_NODE_TYPES.Identifier) {
    const init = constInitOf(current, resolver, true);
    return !!init && isTypeormQueryBuilder(init, resolver, depth + 1);
  }
  return false;
}

function looksLikeSql(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return LOOKS_LIKE_SQL.test(value.quasis[0]?.value.cooked ?? '');
  if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'string') return LOOKS_LIKE_SQL.test(value.value);
  if (value.type === AST_NODE_TYPES.BinaryExpression && value.operator === '+') return looksLikeSql(value.left);
  return false;
}

/** The SQL text of a driver call: the string itself, or `{ text }` (pg) / `{ sql }` (mysql2). */
function sqlTextOf(node: TSESTree.Node): TSESTree.Node | undefined {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of value.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
      const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
      if (key === 'text' || key === 'sql') return property.value;
    }
    return undefined;
  }
  // drizzle's db.execute(sql`…`), @vercel/postgres sql.query(sql`…`): a parameterised fragment, not text.
  if (value.type === AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
  return value;
}

function isPrismaNamespace(node: TSESTree.Node, resolver: ClientResolver): boolean {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const imported = resolver.getImport(value);
  if (!imported) return !resolver.findVariable(value);
  return imported.imported === 'Prisma';
}

/** Prisma.sql`…`, sql`…` (the Prisma helper re-exported), Prisma.join(...), or a variable holding one. */
export function isPrismaSqlFragment(node: TSESTree.Node, resolver: ClientResolver, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.TaggedTemplateExpression) return true; // Prisma.sql`…`, sql`…`: parameterised
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const path = getMemberPath(value.callee);
    return path === 'Prisma.sql' || path === 'Prisma.join' || path === 'Prisma.raw' || path === 'sql' || path === 'join' || path === 'raw';
  }
  if (value.type === AST_NODE_TYPES.ConditionalExpression && depth < 4) {
    return isPrismaSqlFragment(value.consequent, resolver, depth + 1) && isPrismaSqlFragment(value.alternate, resolver, depth + 1);
  }
  if (value.type === AST_NODE_TYPES.Identifier && depth < 4) {
    const def = resolver.findVariable(value)?.defs[0];
    if (!def) return false;
    if (def.type === 'Parameter') return true; // a fragment handed in: its type says Sql, we cannot check here
    if (def.type !== 'Variable') return false;
    const init = (def.node as TSESTree.VariableDeclarator).init;
    return !!init && isPrismaSqlFragment(init, resolver, depth + 1);
  }
  return false;
}
