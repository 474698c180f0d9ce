// Reads `settings['backend-architect']`. A malformed value is reported once per process
// on stderr and ignored: a bad setting must never take down the user's lint run.
import { z } from 'zod';

export const SETTINGS_KEY = 'backend-architect';

export const FRAMEWORKS = ['next', 'express', 'fastify', 'koa', 'hono', 'trpc', 'nest', 'none'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

const stringList = z.array(z.string());

const settingsSchema = z.object({
  schema: z.string().optional(),
  clientNames: stringList.optional(),
  validators: stringList.optional(),
  authFunctions: stringList.optional(),
  framework: z.enum(FRAMEWORKS).optional(),
  /** Set by the shipped configs (see src/index.ts); read by ESLint's cache, not by the rules. */
  schemaFingerprint: z.string().optional(),
});

export interface BackendSettings {
  /** Path of the Prisma schema file or folder, relative to ESLint's cwd. */
  schema: string | undefined;
  /** Extra identifiers that name database clients (`dbRead`, `replica`). */
  clientNames: ReadonlySet<string>;
  /** Extra functions or methods that validate request input (`validateBody`, `assertValid`). */
  validators: ReadonlySet<string>;
  /** Extra functions that authenticate a request. */
  authFunctions: ReadonlySet<string>;
  /** Forces the framework instead of detecting it. */
  framework: Framework | undefined;
}

const EMPTY: BackendSettings = {
  schema: undefined,
  clientNames: new Set(),
  validators: new Set(),
  authFunctions: new Set(),
  framework: undefined,
};

const cache = new WeakMap<object, BackendSettings>();
const warned = new Set<string>();

function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { code: 'BACKEND_ARCHITECT_SETTINGS' });
}

export function readSettings(settings: Readonly<Record<string, unknown>> | undefined): BackendSettings {
  const raw = settings?.[SETTINGS_KEY];
  if (raw === undefined || raw === null) return EMPTY;
  if (typeof raw !== 'object') {
    warnOnce(`settings['${SETTINGS_KEY}'] must be an object; it is ignored.`);
    return EMPTY;
  }
  const cached = cache.get(raw);
  if (cached) return cached;

  const parsed = settingsSchema.safeParse(raw);
  let value: z.infer<typeof settingsSchema> = {};
  if (parsed.success) {
    value = parsed.data;
  } else {
    // Keep the keys that are well-formed, drop the others with one message each.
    const issuesByKey = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')));
    for (const key of issuesByKey) {
      warnOnce(`settings['${SETTINGS_KEY}'].${key} is invalid (${describeExpected(key)}); it is ignored.`);
    }
    const partial: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(raw)) if (!issuesByKey.has(key)) partial[key] = entry;
    value = settingsSchema.safeParse(partial).data ?? {};
  }

  const result: BackendSettings = {
    schema: value.schema,
    clientNames: new Set(value.clientNames),
    validators: new Set(value.validators),
    authFunctions: new Set(value.authFunctions),
    framework: value.framework,
  };
  cache.set(raw, result);
  return result;
}

function describeExpected(key: string): string {
  switch (key) {
    case 'schema':
      return 'expected a path string';
    case 'framework':
      return `expected one of ${FRAMEWORKS.join(', ')}`;
    default:
      return 'expected an array of strings';
  }
}
