// The Prisma schema block(s) of the model(s) a finding is about, sent with it so the model can
// judge indexes, relations and sensitive fields from the real schema rather than guess.
// A lint message carries only text, so the models are recovered from it: a model named in the
// message (`filters User on email`), else the delegates the message or the flagged lines call
// (`prisma.user.findMany`, `tx.orderItem.create(`).
import { findSchema, modelBlockSource, type PrismaSchema, type SchemaModel } from '../analysis/schema.js';
import { redactSecrets } from './redact.js';

/** At most this many model blocks per finding: enough for a write pair, small enough to stay cheap. */
const MAX_MODELS = 2;
/** A block longer than this is cut (models of hundreds of fields exist). */
const MAX_BLOCK_CHARS = 4000;
/** Flagged ranges longer than this (whole functions) add little beyond their first lines. */
const MAX_FLAGGED_LINES = 40;

const DELEGATE_CALL =
  /\b([a-z]\w*)\s*\.\s*(?:findMany|findFirst|findFirstOrThrow|findUnique|findUniqueOrThrow|create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany|count|aggregate|groupBy)\b/g;
/** How our messages name a model: `model Post`, `filters Post on`, `User.passwordHash`. */
const MODEL_IN_MESSAGE = /\bmodel\s+([A-Z]\w*)|\bfilters\s+([A-Z]\w*)\s+on\b|\b([A-Z]\w*)\.[a-z]\w*/g;

/** The models a finding is about, most specific evidence first: named in the message, then called. */
export function modelsInvolved(schema: PrismaSchema, message: string, flaggedCode: string): SchemaModel[] {
  const byName = new Map([...schema.models.values()].map((model) => [model.name, model]));
  const found: SchemaModel[] = [];
  const add = (model: SchemaModel | undefined): void => {
    if (model && !found.includes(model) && found.length < MAX_MODELS) found.push(model);
  };
  for (const match of message.matchAll(MODEL_IN_MESSAGE)) add(byName.get((match[1] ?? match[2] ?? match[3]) as string));
  for (const text of [message, flaggedCode]) {
    for (const match of text.matchAll(DELEGATE_CALL)) add(schema.models.get(match[1] as string));
  }
  return found;
}

/** The redacted source of the given models' blocks, joined; undefined when none can be read. */
export function schemaBlocks(schema: PrismaSchema, models: readonly SchemaModel[]): string | undefined {
  const blocks: string[] = [];
  for (const model of models) {
    const source = modelBlockSource(schema, model.name);
    if (!source) continue;
    // redact first, then cut at a line boundary: a cut through a secret would hide it from redaction
    blocks.push(cutAtLine(redactSecrets(redactDefaults(source)).text, MAX_BLOCK_CHARS));
  }
  return blocks.length > 0 ? blocks.join('\n\n') : undefined;
}

/**
 * `apiKey String @default("…")`: a field line has no `=` or `:` for the name-based redactor to
 * see, so each string default is judged as `apiKey = "…"` would be, and replaced when that is.
 */
function redactDefaults(block: string): string {
  return block.replace(/^(\s*)(\w+)(\s+[^\n]*?@default\()"((?:\\.|[^"\\\n])*)"/gm, (line, indent: string, name: string, middle: string, value: string) => {
    const judged = redactSecrets(`${name} = "${value}"`).text;
    const redacted = /^\w+ = "(.*)"$/.exec(judged)?.[1];
    return redacted !== undefined && redacted !== value ? `${indent}${name}${middle}"${redacted}"` : line;
  });
}

function cutAtLine(block: string, maxChars: number): string {
  if (block.length <= maxChars) return block;
  const lastNewline = block.lastIndexOf('\n', maxChars);
  return `${block.slice(0, lastNewline > 0 ? lastNewline : maxChars)}\n  // … (cut)\n}`;
}

export interface SchemaContextInput {
  filePath: string;
  message: string;
  /** The source lines the finding covers (line..endLine). */
  flaggedCode: string;
  /** `settings['backend-architect'].schema` of the file's config, if set. */
  configuredSchema?: string;
  cwd: string;
}

/** The schema block(s) for one finding, or undefined (no Prisma schema, unparsable, no model matched). */
export function schemaContextFor(input: SchemaContextInput): string | undefined {
  try {
    const lookup = findSchema(input.filePath, input.configuredSchema, input.cwd);
    if (lookup.status !== 'ok') return undefined;
    const flagged = input.flaggedCode.split('\n').slice(0, MAX_FLAGGED_LINES).join('\n');
    return schemaBlocks(lookup.schema, modelsInvolved(lookup.schema, input.message, flagged));
  } catch {
    // context is a bonus: never the reason an explanation is missing
    return undefined;
  }
}
