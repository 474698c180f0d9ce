// Answers "what does the Prisma schema say?": models, fields and indexes, for the file being linted.
// The schema is found from settings, prisma.config.ts, package.json#prisma.schema or the
// conventional prisma/ folder upward from the file; parsed with Prisma's own schema engine
// (the wasm build @prisma/internals uses, called synchronously: ESLint rules cannot await);
// cached per process and re-read when a schema file's mtime changes. A repository without
// Prisma never loads the parser. A schema that does not parse is reported once, never thrown.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface SchemaField {
  name: string;
  /** scalar, object (relation), enum, unsupported */
  kind: string;
  type: string;
  isList: boolean;
}

export interface SchemaModel {
  name: string;
  /** The client property: `prisma.userProfile` for model `UserProfile`. */
  delegate: string;
  fields: ReadonlyMap<string, SchemaField>;
  /** Fields an index can serve a lookup on: `@id`, `@unique`, and the leftmost field of each `@@id`/`@@unique`/`@@index`. */
  indexedFields: ReadonlySet<string>;
}

export interface PrismaSchema {
  files: readonly string[];
  /** Models by delegate name. */
  models: ReadonlyMap<string, SchemaModel>;
}

export type SchemaLookup =
  | { status: 'none' }
  | { status: 'ok'; schema: PrismaSchema }
  | { status: 'error'; files: readonly string[]; message: string };

interface Dmmf {
  datamodel: {
    models: { name: string; fields: { name: string; kind: string; type: string; isList: boolean }[] }[];
    indexes?: { model: string; type: string; fields: { name: string }[] }[];
  };
}

const parsedByKey = new Map<string, SchemaLookup>();
const schemaFilesByDirectory = new Map<string, readonly string[] | null>();
const warned = new Set<string>();

/** The schema that applies to `filename`. `configured` is `settings.schema`, relative to `cwd`. */
export function findSchema(filename: string, configured: string | undefined, cwd: string): SchemaLookup {
  let files: readonly string[] | null;
  try {
    files = configured !== undefined ? schemaFilesAt(isAbsolute(configured) ? configured : resolve(cwd || process.cwd(), configured)) : discover(dirname(resolve(cwd || process.cwd(), filename)));
  } catch {
    files = null;
  }
  if (!files || files.length === 0) return { status: 'none' };
  let key: string;
  try {
    key = files.map((file) => `${file}@${statSync(file).mtimeMs}`).join('|');
  } catch {
    return { status: 'none' };
  }
  let result = parsedByKey.get(key);
  if (!result) {
    result = parse(files);
    parsedByKey.set(key, result);
    if (result.status === 'error' && !warned.has(key)) {
      warned.add(key);
      process.emitWarning(`backend-architect: the Prisma schema could not be parsed; schema-aware checks are off until it is fixed.\n${result.message}`, {
        code: 'BACKEND_ARCHITECT_SCHEMA',
      });
    }
  }
  return result;
}

/** Walks up from a directory to the first schema it finds. */
function discover(start: string): readonly string[] | null {
  const visited: string[] = [];
  let directory = start;
  let found: readonly string[] | null = null;
  for (let depth = 0; depth < 40; depth++) {
    const cached = schemaFilesByDirectory.get(directory);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(directory);
    found = schemaHere(directory);
    if (found) break;
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  for (const dir of visited) schemaFilesByDirectory.set(dir, found);
  return found;
}

function schemaHere(directory: string): readonly string[] | null {
  for (const config of ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.js', 'prisma.config.mjs']) {
    const path = join(directory, config);
    if (!existsSync(path)) continue;
    const declared = /\bschema\s*:\s*['"`]([^'"`]+)['"`]/.exec(readFileSync(path, 'utf8'))?.[1];
    if (declared) return schemaFilesAt(resolve(directory, declared));
  }
  const manifest = join(directory, 'package.json');
  if (existsSync(manifest)) {
    try {
      const declared = (JSON.parse(readFileSync(manifest, 'utf8')) as { prisma?: { schema?: unknown } }).prisma?.schema;
      if (typeof declared === 'string') return schemaFilesAt(resolve(directory, declared));
    } catch {
      // a broken package.json is not ours to report
    }
  }
  const folder = join(directory, 'prisma', 'schema');
  if (existsSync(folder) && statSync(folder).isDirectory()) return schemaFilesAt(folder);
  const single = join(directory, 'prisma', 'schema.prisma');
  if (existsSync(single)) return [single];
  return null;
}

/** A schema file, or every `.prisma` file of a folder (multi-file schemas), migrations excluded. */
function schemaFilesAt(path: string): readonly string[] | null {
  if (!existsSync(path)) return null;
  if (!statSync(path).isDirectory()) return [path];
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'migrations' && !entry.name.startsWith('.')) walk(join(dir, entry.name), depth + 1);
      } else if (entry.name.endsWith('.prisma')) {
        files.push(join(dir, entry.name));
      }
    }
  };
  walk(path, 0);
  return files.sort();
}

/**
 * Connection settings in `datasource` blocks do not describe the data model, and Prisma 7's parser
 * rejects the `url = env(...)` that every Prisma 5/6 schema has: blank them out (keeping line numbers).
 */
export function withoutConnectionSettings(text: string): string {
  return text.replace(/^(\s*)(url|directUrl|shadowDatabaseUrl)\s*=.*$/gm, (_line, indent: string) => `${indent}`);
}

function parse(files: readonly string[]): SchemaLookup {
  let prismaSchema: [string, string][];
  try {
    prismaSchema = files.map((file) => [file, withoutConnectionSettings(readFileSync(file, 'utf8'))]);
  } catch (error) {
    return { status: 'error', files, message: describeError(error) };
  }
  // A preview feature this parser does not know (retired, or newer than it) is not a broken data
  // model: real schemas list `metrics`, `fullTextSearch`, `tracing`… Drop those names and retry.
  for (let attempt = 0; ; attempt++) {
    try {
      const dmmf = JSON.parse(loadParser().get_dmmf(JSON.stringify({ prismaSchema, noColor: true }))) as Dmmf;
      return { status: 'ok', schema: toSchema(files, dmmf) };
    } catch (error) {
      const message = describeError(error);
      const unknown = [...message.matchAll(/preview feature "([^"]+)" is not known/g)].map((match) => match[1]!);
      if (attempt >= 3 || unknown.length === 0) return { status: 'error', files, message };
      prismaSchema = prismaSchema.map(([file, text]) => [file, withoutPreviewFeatures(text, unknown)]);
    }
  }
}

/** Removes named entries from `previewFeatures = [...]` lists (keeping line numbers). */
export function withoutPreviewFeatures(text: string, names: readonly string[]): string {
  return text.replace(/^(\s*previewFeatures\s*=\s*\[)([^\]\n]*)\]/gm, (_line, head: string, list: string) => {
    const kept = list
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '' && !names.includes(item.replace(/^["']|["']$/g, '')));
    return `${head}${kept.join(', ')}]`;
  });
}

let parser: { get_dmmf(params: string): string } | undefined;
function loadParser(): { get_dmmf(params: string): string } {
  parser ??= createRequire(import.meta.url)('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
  return parser;
}

function describeError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  let message = raw;
  try {
    const parsed = JSON.parse(raw) as { message?: string };
    if (parsed.message) message = parsed.message;
  } catch {
    // not JSON: keep the text
  }
  // eslint-disable-next-line no-control-regex
  return message.replace(/\u001b\[[0-9;]*m/g, '').trim();
}

export function delegateName(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}

function toSchema(files: readonly string[], dmmf: Dmmf): PrismaSchema {
  const models = new Map<string, SchemaModel>();
  const indexed = new Map<string, Set<string>>();
  for (const index of dmmf.datamodel.indexes ?? []) {
    const first = index.fields[0]?.name;
    if (!first) continue;
    const set = indexed.get(index.model) ?? new Set<string>();
    set.add(first);
    indexed.set(index.model, set);
  }
  for (const model of dmmf.datamodel.models) {
    const fields = new Map<string, SchemaField>();
    for (const field of model.fields) fields.set(field.name, { name: field.name, kind: field.kind, type: field.type, isList: field.isList });
    models.set(delegateName(model.name), { name: model.name, delegate: delegateName(model.name), fields, indexedFields: indexed.get(model.name) ?? new Set() });
  }
  return { files, models };
}

/** For tests: forget what was discovered and parsed. */
export function clearSchemaCache(): void {
  parsedByKey.clear();
  schemaFilesByDirectory.clear();
  warned.clear();
}

/** How many times a schema was actually parsed in this process (for tests and the benchmark). */
export function schemaParseCount(): number {
  return parsedByKey.size;
}

const SCAN_SKIP = new Set(['node_modules', '.git', '.next', 'dist', 'build', 'out', 'coverage', '.turbo', '.vercel']);

/**
 * A short fingerprint of the Prisma schema files under (and above) `cwd`, or undefined when there
 * are none. The shipped configs carry it in their settings, so ESLint's `--cache` (keyed on file
 * content and config) is invalidated when a schema changes. Cheap: stat calls only, bounded depth.
 */
export function schemaFingerprint(cwd: string): string | undefined {
  const files = new Set<string>();
  try {
    for (const file of discover(cwd) ?? []) files.add(file);
    const scan = (dir: string, depth: number): void => {
      if (depth > 4) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory() || SCAN_SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
        const path = join(dir, entry.name);
        if (entry.name === 'prisma') for (const file of schemaFilesAt(path) ?? []) files.add(file);
        else scan(path, depth + 1);
      }
    };
    scan(cwd, 0);
  } catch {
    // unreadable folders: fingerprint what was found
  }
  if (files.size === 0) return undefined;
  let hash = 0x811c9dc5;
  for (const file of [...files].sort()) {
    let stamp = file;
    try {
      const stats = statSync(file);
      stamp += `:${stats.mtimeMs}:${stats.size}`;
    } catch {
      stamp += ':missing';
    }
    for (let i = 0; i < stamp.length; i++) hash = Math.imul(hash ^ stamp.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * The source text of `model <name> { … }` as written in the schema files, for showing to a reader
 * (the AI pass sends it with a finding). Prisma blocks close with a `}` on a line of its own
 * (a comment may follow it).
 * Undefined when the files cannot be read or hold no such model.
 */
export function modelBlockSource(schema: PrismaSchema, modelName: string): string | undefined {
  const opening = new RegExp(`^\\s*model\\s+${modelName.replace(/[^\w]/g, '')}\\s*\\{`);
  for (const file of schema.files) {
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      continue;
    }
    const start = lines.findIndex((line) => opening.test(line));
    if (start === -1) continue;
    const end = lines.findIndex((line, index) => index > start && /^\s*\}\s*(?:\/\/.*)?$/.test(line));
    if (end === -1) return undefined;
    return lines.slice(start, end + 1).join('\n');
  }
  return undefined;
}
