// Answers "does a query return sensitive fields (password hashes, tokens, secrets) that reach a
// response?": sensitive names by pattern and schema type, the row followed through variables,
// destructuring, spreads and local helpers to res.json / Response.json / a handler's return,
// and Prisma `omit` at query and client level.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { BackendModel, LocatedDbCall } from './model.js';
import {
  findProperty,
  getCalleeMember,
  getKeyName,
  getMemberPath,
  getPropertyName,
  getRootIdentifier,
  isFunctionNode,
  skipTypeWrappers,
  type FunctionNode,
} from './ast.js';
import { returnedExpressions } from './responses.js';
import type { PrismaSchema, SchemaModel } from './schema.js';

/** Default name patterns of fields that hold credentials or secrets. */
export const DEFAULT_SENSITIVE_FIELDS = [
  'password',
  'passwordHash',
  'hash',
  'salt',
  'secret',
  'token',
  'apiKey',
  'totp',
  'otp',
  'resetToken',
  'refreshToken',
  'accessToken',
  'privateKey',
];

/** Words that may follow a pattern and still name the same secret: `passwordDigest`, `tokenEncrypted`, `secretKey`. */
const SAME_SECRET_QUALIFIERS = new Set(['hash', 'hashed', 'digest', 'encrypted', 'enc', 'cipher', 'ciphertext', 'key', 'secret', 'salt', 'token', 'value', 'seed']);
/** Before a pattern, these words name a redacted copy made for display: `displaySecretKey`, `maskedApiKey`. */
const REDACTED_PREFIXES = new Set(['display', 'masked', 'redacted', 'obfuscated', 'truncated', 'preview', 'public']);
/** `hash` after these words is a content fingerprint, not a credential: `contentHash`, `blurHash`, `commitHash`. */
const FINGERPRINT_PREFIXES = new Set(['content', 'file', 'commit', 'blur', 'image', 'etag', 'checksum', 'body', 'payload', 'git', 'block', 'merkle', 'url', 'avatar', 'email', 'gravatar', 'dedupe', 'dedup', 'data']);

/** Field types that can hold a secret. */
const SECRET_TYPES = new Set(['String', 'Bytes', 'Json']);
/** Models whose bare `hash` field fingerprints content rather than hiding a credential. */
const FINGERPRINT_MODELS = new Set(['file', 'files', 'content', 'image', 'images', 'media', 'blob', 'commit', 'asset', 'document', 'attachment', 'upload', 'version', 'block', 'chunk']);

/** Queries whose result carries model rows (counts and batch writes return numbers). */
const ROW_METHODS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'create',
  'createManyAndReturn',
  'update',
  'updateManyAndReturn',
  'upsert',
  'delete',
]);

/** Handler kinds whose return value is serialized to the caller. */
/** Receivers of `x.json(body)` / `x.send(body)` that are HTTP responses. */
/** Calls whose result carries their argument's data unchanged. */
const PASS_THROUGH_CALLS = new Set(['JSON.stringify', 'JSON.parse', 'structuredClone', 'Promise.resolve']);
const PASS_THROUGH_METHODS = new Set(['filter', 'slice', 'sort', 'reverse', 'find', 'findLast', 'at', 'toSorted', 'toReversed', 'concat', 'flat']);

interface Leak {
  call: LocatedDbCall;
  model: string;
  field: string;
}

/** The sensitive data a value carries, by the property that holds it. */
interface Exposure {
  /** Property at this level → leaks it holds directly (`user.passwordHash`). */
  own: Map<string, Leak[]>;
  /** Property at this level → the object it holds (`post.author`). */
  nested: Map<string, Exposure>;
  /** Leaks that are this value itself (`user.passwordHash` read out). */
  value: Leak[];
  /** For a tuple (`[a, b]`, `Promise.all([q1, q2])`): what each position holds. */
  elements?: Exposure[];
}

type OmitMap = ReadonlyMap<string, ReadonlySet<string>>;


const empty = (): Exposure => ({ own: new Map(), nested: new Map(), value: [] });

function isEmpty(exposure: Exposure): boolean {
  return exposure.value.length === 0 && [...exposure.own.values()].every((leaks) => leaks.length === 0) && [...exposure.nested.values()].every(isEmpty);
}

function merge(target: Exposure, source: Exposure): Exposure {
  target.value.push(...source.value);
  for (const [key, leaks] of source.own) target.own.set(key, [...(target.own.get(key) ?? []), ...leaks]);
  for (const [key, nested] of source.nested) {
    const existing = target.nested.get(key);
    target.nested.set(key, existing ? merge(existing, nested) : merge(empty(), nested));
  }
  return target;
}

function union(parts: readonly Exposure[]): Exposure {
  return parts.reduce((acc, part) => merge(acc, part), empty());
}

function flatten(exposure: Exposure, out: Leak[] = [], depth = 0): Leak[] {
  if (depth > 10) return out;
  out.push(...exposure.value);
  for (const leaks of exposure.own.values()) out.push(...leaks);
  for (const nested of exposure.nested.values()) flatten(nested, out, depth + 1);
  return out;
}

/** The part of an object exposure one property holds. */
function property(exposure: Exposure, key: string): Exposure {
  const result = empty();
  const own = exposure.own.get(key);
  if (own) result.value.push(...own);
  const nested = exposure.nested.get(key);
  if (nested) merge(result, nested);
  return result;
}

/** An object exposure without some properties (`const { passwordHash, ...safe } = user`). */
function without(exposure: Exposure, keys: ReadonlySet<string>): Exposure {
  const result = empty();
  for (const [key, leaks] of exposure.own) if (!keys.has(key)) result.own.set(key, [...leaks]);
  for (const [key, nested] of exposure.nested) if (!keys.has(key)) result.nested.set(key, nested);
  return result;
}

/** camelCase, PascalCase, snake_case and kebab-case names as lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/**
 * A field is sensitive when a pattern matches whole words of its name and whatever follows the
 * match only qualifies the same secret: `passwordHash`, `hashedPassword`, `twoFactorSecret`,
 * `refresh_token`, `apiKeyHash` are; `tokenCount`, `hashtag`, `resetTokenExpiresAt`, `otpEnabled`
 * are not. `hash` right after `content`/`file`/`blur`/… is a fingerprint, not a credential.
 */
export function isSensitiveName(field: string, patterns: readonly string[][]): boolean {
  const words = nameWords(field);
  for (const pattern of patterns) {
    if (pattern.length === 0) continue;
    for (let start = 0; start + pattern.length <= words.length; start++) {
      if (!pattern.every((word, i) => words[start + i] === word)) continue;
      const rest = words.slice(start + pattern.length);
      if (!rest.every((word) => SAME_SECRET_QUALIFIERS.has(word))) continue;
      if (pattern.length === 1 && pattern[0] === 'hash' && start > 0 && FINGERPRINT_PREFIXES.has(words[start - 1]!)) continue;
      if (start > 0 && REDACTED_PREFIXES.has(words[start - 1]!)) continue;
      return true;
    }
  }
  return false;
}

export interface SensitiveExposure {
  /** The query whose result carries the fields. */
  call: LocatedDbCall;
  fields: { model: string; field: string }[];
  /** How messages name the response: "this GET route handler's response". */
  sink: string;
}

/** Queries whose sensitive fields reach a response in this file. */
export function findSensitiveExposures(model: BackendModel, schema: PrismaSchema, patterns: readonly string[][]): SensitiveExposure[] {
  return new ExposureAnalysis(model, schema, patterns).run();
}

class ExposureAnalysis {
  private readonly modelsByName = new Map<string, SchemaModel>();
  private readonly sensitiveCache = new Map<string, string[]>();
  private readonly queryExposure = new Map<TSESTree.Node, Exposure | null>();
  private readonly visiting = new Set<TSESTree.Node>();
  private readonly reported = new Set<TSESTree.Node>();
  private fileOmitCache: OmitMap | null | undefined;
  private projectOmitCache: OmitMap | null | undefined;

  constructor(
    private readonly model: BackendModel,
    private readonly schema: PrismaSchema,
    private readonly patterns: readonly string[][],
  ) {
    for (const schemaModel of schema.models.values()) this.modelsByName.set(schemaModel.name, schemaModel);
  }

  run(): SensitiveExposure[] {
    const exposures: SensitiveExposure[] = [];
    const rowQueries = this.model.dbCalls.filter(
      (call) => call.library === 'prisma' && call.model && ROW_METHODS.has(call.method) && call.node.type === AST_NODE_TYPES.CallExpression,
    );
    if (rowQueries.length === 0) return exposures;
    const sinks = this.model.responseSinks.map(({ node, label }) => ({ node, sink: label }));
    const findings = new Map<LocatedDbCall, { leaks: Leak[]; sink: string }>();
    for (const { node, sink } of sinks) {
      let leaks: Leak[];
      try {
        leaks = flatten(this.exposureOf(node, 0));
      } catch {
        continue;
      }
      for (const leak of leaks) {
        const finding = findings.get(leak.call) ?? { leaks: [], sink };
        if (!finding.leaks.some((known) => known.model === leak.model && known.field === leak.field)) finding.leaks.push(leak);
        findings.set(leak.call, finding);
      }
    }
    const ordered = [...findings].sort(([a], [b]) => a.node.range[0] - b.node.range[0]);
    for (const [call, { leaks, sink }] of ordered) {
      if (this.reported.has(call.node)) continue;
      this.reported.add(call.node);
      exposures.push({ call, fields: leaks.map((leak) => ({ model: leak.model, field: leak.field })), sink });
    }
    return exposures;
  }

  // ------------------------------------------------------------------ sinks

  /** Expressions whose value goes out in a response, with how the message names the response. */
  // ------------------------------------------------------------------ value flow

  /** What sensitive data the value of `node` carries. */
  private exposureOf(node: TSESTree.Node, depth: number): Exposure {
    if (depth > 12 || this.visiting.has(node)) return empty();
    this.visiting.add(node);
    try {
      return this.exposureOfUncached(skipTypeWrappers(node), depth + 1);
    } finally {
      this.visiting.delete(node);
    }
  }

  private exposureOfUncached(node: TSESTree.Node, depth: number): Exposure {
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return this.exposureOf(node.argument, depth);
      case AST_NODE_TYPES.Identifier:
        return this.exposureOfIdentifier(node, depth);
      case AST_NODE_TYPES.ConditionalExpression:
        return union([this.exposureOf(node.consequent, depth), this.exposureOf(node.alternate, depth)]);
      case AST_NODE_TYPES.LogicalExpression:
        return union([this.exposureOf(node.left, depth), this.exposureOf(node.right, depth)]);
      case AST_NODE_TYPES.ArrayExpression: {
        const elements = node.elements.map((element) => (element ? this.exposureOf(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element, depth) : empty()));
        const result = union(elements);
        // Positions are known only without spreads: `const [user, flag] = await Promise.all([...])`.
        if (!node.elements.some((element) => element?.type === AST_NODE_TYPES.SpreadElement)) result.elements = elements;
        return result;
      }
      case AST_NODE_TYPES.ObjectExpression:
        return this.exposureOfObject(node, depth);
      case AST_NODE_TYPES.MemberExpression: {
        const key = getPropertyName(node);
        const object = this.exposureOf(node.object, depth);
        if (node.computed && key === undefined) return object; // users[0]
        return key === undefined ? empty() : property(object, key);
      }
      case AST_NODE_TYPES.CallExpression:
        return this.exposureOfCall(node, depth);
      default:
        return empty();
    }
  }

  private exposureOfObject(node: TSESTree.ObjectExpression, depth: number): Exposure {
    const result = empty();
    for (const prop of node.properties) {
      if (prop.type === AST_NODE_TYPES.SpreadElement) {
        merge(result, without(this.exposureOf(prop.argument, depth), new Set()));
        continue;
      }
      const key = getKeyName(prop);
      if (key === undefined) continue;
      // A later property replaces an earlier one: `{ ...user, passwordHash: undefined }`.
      result.own.delete(key);
      result.nested.delete(key);
      if (prop.kind !== 'init' || isFunctionNode(prop.value)) continue;
      const value = this.exposureOf(prop.value, depth);
      if (value.value.length > 0) result.own.set(key, [...value.value]);
      const nested = without(value, new Set());
      if (!isEmpty(nested)) result.nested.set(key, nested);
    }
    return result;
  }

  private exposureOfCall(node: TSESTree.CallExpression, depth: number): Exposure {
    const dbCall = this.model.getDbCall(node);
    if (dbCall) return this.exposureOfQuery(dbCall);
    const path = getMemberPath(node.callee);
    const first = node.arguments[0];
    if (path && PASS_THROUGH_CALLS.has(path)) return first && first.type !== AST_NODE_TYPES.SpreadElement ? this.exposureOf(first, depth) : empty();
    if (path === 'Promise.all' || path === 'Promise.allSettled') return first && first.type !== AST_NODE_TYPES.SpreadElement ? this.exposureOf(first, depth) : empty();
    const member = getCalleeMember(node);
    if (member) {
      const method = getPropertyName(member);
      if (method && PASS_THROUGH_METHODS.has(method)) return this.exposureOf(member.object, depth);
      if (method === 'map' || method === 'flatMap') {
        const callback = first && skipTypeWrappers(first);
        if (callback && isFunctionNode(callback)) return union(returnedExpressions(callback).map((returned) => this.exposureOf(returned, depth)));
        return empty();
      }
    }
    // A helper of this file: what it returns (mappers and serializers elsewhere are trusted).
    const target = this.model.resolveLocalFunction(node);
    if (target) return union(returnedExpressions(target).map((returned) => this.exposureOf(returned, depth)));
    return empty();
  }

  private exposureOfIdentifier(identifier: TSESTree.Identifier, depth: number): Exposure {
    const variable = this.model.resolver.findVariable(identifier);
    if (!variable || variable.defs.length !== 1) return empty();
    const def = variable.defs[0]!;
    // Reassigned (`user = sanitize(user)`): flow-sensitive questions we do not answer.
    if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return empty();
    let source: Exposure;
    let pattern: TSESTree.Node;
    if (def.type === 'Variable') {
      const declarator = def.node as TSESTree.VariableDeclarator;
      if (!declarator.init) return empty();
      source = this.exposureOf(declarator.init, depth);
      pattern = declarator.id;
    } else if (def.type === 'Parameter') {
      // The element parameter of `rows.map((row) => …)` / `rows.filter(…)`.
      const fn = def.node as FunctionNode;
      const call = fn.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn || fn.params[0] === undefined) return empty();
      const member = getCalleeMember(call);
      const method = member && getPropertyName(member);
      if (!member || !method || !['map', 'flatMap', 'forEach', 'filter', 'find', 'some', 'every'].includes(method)) return empty();
      source = this.exposureOf(member.object, depth);
      pattern = fn.params[0];
    } else {
      return empty();
    }
    const bound = bindingExposure(pattern, def.name as TSESTree.Identifier, source);
    return this.removeDeleted(variable, bound);
  }

  /** `delete user.passwordHash` / `user.passwordHash = undefined` take the field out. */
  private removeDeleted(variable: TSESLint.Scope.Variable, exposure: Exposure): Exposure {
    const removed = new Set<string>();
    for (const reference of variable.references) {
      const parent = reference.identifier.parent;
      if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) continue;
      const key = getPropertyName(parent);
      if (key === undefined) continue;
      const grand = parent.parent;
      if (grand?.type === AST_NODE_TYPES.UnaryExpression && grand.operator === 'delete') removed.add(key);
      if (grand?.type === AST_NODE_TYPES.AssignmentExpression && grand.left === parent) removed.add(key);
    }
    if (removed.size === 0) return exposure;
    const result = without(exposure, removed);
    result.value.push(...exposure.value);
    return result;
  }

  // ------------------------------------------------------------------ queries

  private exposureOfQuery(call: LocatedDbCall): Exposure {
    const cached = this.queryExposure.get(call.node);
    if (cached !== undefined) return cached ?? empty();
    this.queryExposure.set(call.node, null);
    let result: Exposure | null = null;
    try {
      if (call.library === 'prisma' && call.model && ROW_METHODS.has(call.method) && call.node.type === AST_NODE_TYPES.CallExpression) {
        const schemaModel = this.schema.models.get(call.model);
        const clientOmit = this.clientOmit(call);
        if (schemaModel && clientOmit) {
          const argument = call.node.arguments[0];
          const args = argument === undefined ? undefined : this.model.resolver.constObjectOf(argument);
          if (argument === undefined || args) result = this.rowExposure(call, schemaModel, args, clientOmit, 0);
        }
      }
    } catch {
      result = null;
    }
    this.queryExposure.set(call.node, result);
    return result ?? empty();
  }

  /**
   * The sensitive fields a row of `schemaModel` carries, given the query's `select`/`include`/`omit`
   * (undefined args: the whole row). Anything we cannot see (a spread, a variable) → nothing.
   */
  private rowExposure(call: LocatedDbCall, schemaModel: SchemaModel, args: TSESTree.ObjectExpression | undefined, clientOmit: OmitMap, depth: number): Exposure | null {
    if (depth > 5) return null;
    const result = empty();
    const leak = (field: string): void => {
      result.own.set(field, [{ call, model: schemaModel.name, field }]);
    };
    if (args?.properties.some((prop) => prop.type === AST_NODE_TYPES.SpreadElement)) return null;
    const selectProperty = findProperty(args, 'select');
    if (selectProperty) {
      const select = this.model.resolver.constObjectOf(selectProperty.value);
      if (!select) return null;
      for (const prop of select.properties) {
        if (prop.type === AST_NODE_TYPES.SpreadElement) continue;
        const key = getKeyName(prop);
        const field = key === undefined ? undefined : schemaModel.fields.get(key);
        if (!field || isFalse(prop.value)) continue;
        if (field.kind === 'object') {
          const nested = this.relationExposure(call, field.type, prop.value, clientOmit, depth);
          if (nested && !isEmpty(nested)) result.nested.set(field.name, nested);
        } else if (this.sensitiveFieldsOf(schemaModel).includes(field.name)) {
          leak(field.name);
        }
      }
      return result;
    }
    const omitted = new Set(clientOmit.get(schemaModel.delegate) ?? []);
    const omitProperty = findProperty(args, 'omit');
    if (omitProperty) {
      const omit = this.model.resolver.constObjectOf(omitProperty.value);
      if (!omit) return null;
      for (const prop of omit.properties) {
        if (prop.type === AST_NODE_TYPES.SpreadElement) return null;
        const key = getKeyName(prop);
        if (key === undefined) return null;
        const value = skipTypeWrappers(prop.value);
        if (value.type === AST_NODE_TYPES.Literal && value.value === false) omitted.delete(key); // re-includes a client-level omit
        else omitted.add(key);
      }
    }
    for (const field of this.sensitiveFieldsOf(schemaModel)) if (!omitted.has(field)) leak(field);
    const includeProperty = findProperty(args, 'include');
    if (includeProperty) {
      const include = this.model.resolver.constObjectOf(includeProperty.value);
      if (!include) return result;
      for (const prop of include.properties) {
        if (prop.type === AST_NODE_TYPES.SpreadElement) continue;
        const key = getKeyName(prop);
        const field = key === undefined ? undefined : schemaModel.fields.get(key);
        if (!field || field.kind !== 'object' || isFalse(prop.value)) continue;
        const nested = this.relationExposure(call, field.type, prop.value, clientOmit, depth);
        if (nested && !isEmpty(nested)) result.nested.set(field.name, nested);
      }
    }
    return result;
  }

  /** `author: true` or `author: { select | include | omit }` under a select/include. */
  private relationExposure(call: LocatedDbCall, modelName: string, value: TSESTree.Node, clientOmit: OmitMap, depth: number): Exposure | null {
    const related = this.modelsByName.get(modelName);
    if (!related) return null;
    const inner = skipTypeWrappers(value);
    if (inner.type === AST_NODE_TYPES.Literal && inner.value === true) return this.rowExposure(call, related, undefined, clientOmit, depth + 1);
    const args = this.model.resolver.constObjectOf(inner);
    return args ? this.rowExposure(call, related, args, clientOmit, depth + 1) : null;
  }

  private sensitiveFieldsOf(schemaModel: SchemaModel): string[] {
    let fields = this.sensitiveCache.get(schemaModel.name);
    if (!fields) {
      // Only a string (or bytes, or JSON) can hold a secret: `enablePassword Boolean` is a flag.
      // A bare `hash` on a model of files or content is a fingerprint (`ModelFileHash.hash`).
      const fingerprintModel = nameWords(schemaModel.name).some((word) => FINGERPRINT_MODELS.has(word));
      fields = [...schemaModel.fields.values()]
        .filter((field) => field.kind === 'scalar' && SECRET_TYPES.has(field.type) && isSensitiveName(field.name, this.patterns))
        .filter((field) => !(fingerprintModel && /^(?:hash|hashes|checksum)$/i.test(field.name)))
        .map((field) => field.name);
      this.sensitiveCache.set(schemaModel.name, fields);
    }
    return fields;
  }

  // ------------------------------------------------------------------ client-level omit

  /**
   * The client-level `omit` of the client a query runs on: from `new PrismaClient({ omit })` in
   * this file, or in the module the client is imported from when that is a relative or `@/`/`~/`
   * path we can read. `null` when the client has an omit we cannot read (then we stay silent).
   */
  private clientOmit(call: LocatedDbCall): OmitMap | null {
    const callee = call.node.type === AST_NODE_TYPES.CallExpression ? getCalleeMember(call.node) : undefined;
    const delegate = callee && skipTypeWrappers(callee.object);
    const clientExpression = delegate?.type === AST_NODE_TYPES.MemberExpression ? delegate.object : undefined;
    const root = clientExpression && getRootIdentifier(clientExpression);
    const variable = root && this.model.resolver.findVariable(root);
    const def = variable?.defs[0];
    if (this.projectOmitCache === undefined) this.projectOmitCache = projectOmit(this.model.filename, this.schema.files);
    const project = this.projectOmitCache;
    if (def?.type === 'ImportBinding') {
      const declaration = def.parent as TSESTree.ImportDeclaration | null;
      const source = declaration?.source.value;
      return mergeOmits(typeof source === 'string' ? moduleOmit(this.model.filename, source) : new Map(), project);
    }
    return mergeOmits(this.fileOmit(), project);
  }

  /** Client-level omits of every `new PrismaClient({ omit })` in this file (merged). */
  private fileOmit(): OmitMap | null {
    if (this.fileOmitCache !== undefined) return this.fileOmitCache;
    const result = new Map<string, Set<string>>();
    let unreadable = false;
    for (const expression of this.model.newExpressions) {
      if (getMemberPath(expression.callee) !== 'PrismaClient') continue;
      const options = expression.arguments[0];
      if (!options) continue;
      const object = this.model.resolver.constObjectOf(options);
      if (!object) {
        unreadable = true;
        continue;
      }
      const omitProperty = findProperty(object, 'omit');
      if (!omitProperty) continue;
      const omit = this.model.resolver.constObjectOf(omitProperty.value);
      if (!omit) {
        unreadable = true;
        continue;
      }
      for (const prop of omit.properties) {
        const modelKey = prop.type === AST_NODE_TYPES.Property ? getKeyName(prop) : undefined;
        const fields = prop.type === AST_NODE_TYPES.Property ? this.model.resolver.constObjectOf(prop.value) : undefined;
        if (modelKey === undefined || !fields) {
          unreadable = true;
          continue;
        }
        const set = result.get(modelKey) ?? new Set<string>();
        for (const field of fields.properties) {
          const key = field.type === AST_NODE_TYPES.Property ? getKeyName(field) : undefined;
          if (key !== undefined && field.type === AST_NODE_TYPES.Property && !isFalse(field.value)) set.add(key);
        }
        result.set(modelKey, set);
      }
    }
    this.fileOmitCache = unreadable ? null : result;
    return this.fileOmitCache;
  }
}

function isFalse(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  return value.type === AST_NODE_TYPES.Literal && value.value === false;
}

/** The exposure a binding of a declaration pattern receives from the declared value. */
function bindingExposure(pattern: TSESTree.Node, name: TSESTree.Identifier, source: Exposure): Exposure {
  const found = bindingIn(pattern, name, source, 0);
  return found ?? empty();
}

function bindingIn(pattern: TSESTree.Node, name: TSESTree.Identifier, source: Exposure, depth: number): Exposure | undefined {
  if (depth > 8) return undefined;
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return pattern === name ? source : undefined;
    case AST_NODE_TYPES.AssignmentPattern:
      return bindingIn(pattern.left, name, source, depth + 1);
    case AST_NODE_TYPES.ArrayPattern:
      for (const [index, element] of pattern.elements.entries()) {
        if (!element) continue;
        const rest = element.type === AST_NODE_TYPES.RestElement;
        // A tuple gives each position its own value; rows of a list all look alike.
        const part = source.elements ? (rest ? union(source.elements.slice(index)) : (source.elements[index] ?? empty())) : source;
        const found = bindingIn(rest ? element.argument : element, name, part, depth + 1);
        if (found) return found;
      }
      return undefined;
    case AST_NODE_TYPES.ObjectPattern: {
      const taken = new Set<string>();
      for (const prop of pattern.properties) {
        if (prop.type === AST_NODE_TYPES.RestElement) {
          const found = bindingIn(prop.argument, name, without(source, taken), depth + 1);
          if (found) return found;
          continue;
        }
        const key = getKeyName(prop);
        if (key === undefined) return undefined;
        taken.add(key);
        const found = bindingIn(prop.value, name, property(source, key), depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------- omit in the client's module

const moduleOmitCache = new Map<string, { mtime: number; omit: OmitMap | null }>();

/**
 * The client-level omit declared in the module a client is imported from, read as text: the
 * `omit: { user: { passwordHash: true } }` of its `new PrismaClient(...)`. Package imports and
 * paths we cannot resolve have none we can see (an empty map); an `omit` we cannot read → null.
 */
function moduleOmit(filename: string, source: string): OmitMap | null {
  const file = resolveModule(filename, source);
  return file ? fileOmitAt(file, false) : new Map();
}

/** The omit a module's text declares (`onlyClientModules`: only in a module that creates a PrismaClient). */
function fileOmitAt(file: string, onlyClientModules: boolean): OmitMap | null {
  let mtime: number;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return new Map();
  }
  const key = `${onlyClientModules ? 'client:' : ''}${file}`;
  const cached = moduleOmitCache.get(key);
  if (cached && cached.mtime === mtime) return cached.omit;
  let omit: OmitMap | null;
  try {
    const text = readFileSync(file, 'utf8');
    omit = onlyClientModules && !/\bPrismaClient\b/.test(text) ? new Map() : parseOmitText(text);
  } catch {
    omit = new Map();
  }
  moduleOmitCache.set(key, { mtime, omit });
  return omit;
}

/** Both omits apply (the more lenient reading); an unreadable one makes the whole unreadable. */
function mergeOmits(a: OmitMap | null, b: OmitMap | null): OmitMap | null {
  if (!a || !b) return null;
  if (b.size === 0) return a;
  const result = new Map<string, Set<string>>();
  for (const [model, fields] of [...a, ...b]) result.set(model, new Set([...(result.get(model) ?? []), ...fields]));
  return result;
}

/** Where apps conventionally create their one client, relative to a package root. */
const CLIENT_MODULES = ['db', 'prisma', 'client', 'lib/db', 'lib/prisma', 'server/db', 'server/prisma', 'utils/db', 'utils/prisma'].flatMap((path) => [
  `src/${path}`,
  path,
]);

/**
 * The client-level omit of the app's client module, for clients the rule cannot trace to their
 * creation (`ctx.prisma`, `this.prisma`, a package import): the conventional client modules
 * (`src/db.ts`, `lib/prisma.ts`, `server/db.ts`, …) of the package that holds the schema and of
 * the linted file's package, when they create a PrismaClient.
 */
function projectOmit(filename: string, schemaFiles: readonly string[]): OmitMap | null {
  const roots = new Set<string>();
  const first = schemaFiles[0];
  if (first) {
    let directory = dirname(first);
    for (let i = 0; i < 4 && basename(directory) !== 'prisma' && dirname(directory) !== directory; i++) directory = dirname(directory);
    if (basename(directory) === 'prisma') roots.add(dirname(directory));
  }
  let directory = dirname(resolvePath(filename));
  for (let i = 0; i < 30; i++) {
    if (existsSync(join(directory, 'package.json'))) {
      roots.add(directory);
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  let result: OmitMap | null = new Map();
  for (const root of roots) {
    let files = clientModulesByRoot.get(root);
    if (!files) {
      files = CLIENT_MODULES.map((candidate) => resolveModule(join(root, 'x.ts'), `./${candidate}`)).filter((file): file is string => file !== undefined);
      clientModulesByRoot.set(root, files);
    }
    for (const file of files) result = mergeOmits(result, fileOmitAt(file, true));
  }
  return result;
}

/** Which conventional client modules exist under a package root (looked up once per process). */
const clientModulesByRoot = new Map<string, string[]>();

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts', '/index.js'];

function resolveModule(filename: string, source: string): string | undefined {
  const bases: string[] = [];
  if (source.startsWith('.')) {
    bases.push(resolvePath(dirname(filename), source));
  } else if (/^[@~]\//.test(source)) {
    // The usual `@/*` / `~/*` path alias: the project root or its src/.
    let directory = dirname(resolvePath(filename));
    for (let i = 0; i < 30; i++) {
      if (existsSync(join(directory, 'package.json')) || existsSync(join(directory, 'tsconfig.json'))) {
        bases.push(join(directory, source.slice(2)), join(directory, 'src', source.slice(2)));
        break;
      }
      const parent = dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
  } else {
    return undefined;
  }
  for (const base of bases) {
    for (const extension of EXTENSIONS) {
      const candidate = base.replace(/\.js$/, extension === '' ? '.js' : '') + extension;
      try {
        if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
      } catch {
        // unreadable: try the next one
      }
    }
  }
  return undefined;
}

/** `omit: { user: { passwordHash: true, totpSecret: true } }` in a module's text. */
export function parseOmitText(text: string): OmitMap | null {
  const result = new Map<string, Set<string>>();
  // `omit: buildOmit()`, `{ omit }`: an omit we cannot read.
  if (/\bomit\b(?!\s*:\s*\{)/.test(text.replace(/\bomit\s*:\s*\{/g, '{'))) return null;
  const start = /\bomit\s*:\s*\{/g;
  let match: RegExpExecArray | null;
  while ((match = start.exec(text))) {
    let depth = 1;
    let index = match.index + match[0].length;
    const bodyStart = index;
    while (index < text.length && depth > 0) {
      if (text[index] === '{') depth++;
      else if (text[index] === '}') depth--;
      index++;
    }
    if (depth !== 0) return null;
    const body = text.slice(bodyStart, index - 1);
    const modelBlock = /(\w+)\s*:\s*\{([^{}]*)\}/g;
    let block: RegExpExecArray | null;
    let any = false;
    while ((block = modelBlock.exec(body))) {
      any = true;
      const set = result.get(block[1]!) ?? new Set<string>();
      for (const field of block[2]!.matchAll(/(\w+)\s*:\s*true\b/g)) set.add(field[1]!);
      result.set(block[1]!, set);
    }
    if (!any) return null; // an omit we cannot read: do not guess
  }
  return result;
}
