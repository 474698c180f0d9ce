// On-disk cache of explanations, so a second run over unchanged code makes no API call.
// A cache must never be the reason a lint run fails: every error reads as a miss, every failed
// write is reported as `false` and otherwise ignored.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { explanationSchema, type Explanation } from './prompt.js';

export interface CacheKeyInput {
  model: string;
  promptVersion: string;
  ruleId: string;
  message: string;
  /** The redacted snippet: what was actually sent, and never the raw secrets. */
  snippet: string;
  /** The schema block sent with the finding, when there was one: a changed model changes the answer. */
  schemaBlock?: string;
}

/**
 * sha256 hex of everything that determines the answer. The fields are hashed as a JSON array,
 * so no two different inputs can concatenate to the same string. The result (64 hex characters)
 * is also a valid Message Batches `custom_id`.
 */
export function cacheKey(input: CacheKeyInput): string {
  const material = JSON.stringify([input.model, input.promptVersion, input.ruleId, input.message, input.snippet, input.schemaBlock ?? '']);
  return createHash('sha256').update(material).digest('hex');
}

export const DEFAULT_CACHE_DIR = join('node_modules', '.cache', 'backend-architect');

const CACHE_ENTRY_VERSION = 1;
const VALID_KEY = /^[0-9a-f]{64}$/;

const cacheEntrySchema = z.object({
  version: z.literal(CACHE_ENTRY_VERSION),
  key: z.string(),
  createdAt: z.string(),
  explanation: explanationSchema,
});

const VALID_BATCH_ID = /^[A-Za-z0-9_-]{1,128}$/;

const pendingBatchSchema = z.object({
  id: z.string().regex(VALID_BATCH_ID),
  createdAt: z.string(),
  /** The cache keys, which are also the requests' `custom_id`s. */
  keys: z.array(z.string().regex(VALID_KEY)),
});

export type PendingBatch = z.infer<typeof pendingBatchSchema>;

export interface ExplanationCacheOptions {
  /** Directory for the entries; relative paths resolve against `cwd`. */
  dir?: string;
  cwd?: string;
}

export class ExplanationCache {
  readonly dir: string;

  constructor(options: ExplanationCacheOptions = {}) {
    this.dir = resolve(options.cwd ?? process.cwd(), options.dir ?? DEFAULT_CACHE_DIR);
  }

  /** The cached explanation, or `undefined` for a miss, a corrupt entry or an unreadable file. */
  async get(key: string): Promise<Explanation | undefined> {
    // Keys become file names; anything but a sha256 hex digest could escape the directory.
    if (!VALID_KEY.test(key)) return undefined;
    try {
      const parsed = cacheEntrySchema.safeParse(JSON.parse(await readFile(this.pathFor(key), 'utf8')));
      return parsed.success && parsed.data.key === key ? parsed.data.explanation : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Stores an explanation. Written to a temp file and renamed into place, so a concurrent reader
   * (another worker, a parallel CI job on a shared cache) sees the old entry or the new one,
   * never half a file. Returns whether the entry was written.
   */
  async set(key: string, explanation: Explanation): Promise<boolean> {
    if (!VALID_KEY.test(key)) return false;
    const entry = { version: CACHE_ENTRY_VERSION, key, createdAt: new Date().toISOString(), explanation };
    const target = this.pathFor(key);
    const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temp, `${JSON.stringify(entry)}\n`, 'utf8');
      await rename(temp, target);
      return true;
    } catch {
      await rm(temp, { force: true }).catch(() => undefined);
      return false;
    }
  }

  /**
   * Message Batches submitted by a `--batch` run that stopped waiting before they ended: the next
   * `--batch` run collects their results into the cache instead of paying for them twice.
   */
  async pendingBatches(): Promise<PendingBatch[]> {
    let names: string[];
    try {
      names = await readdir(this.batchDir);
    } catch {
      return [];
    }
    const records: PendingBatch[] = [];
    for (const name of names.filter((entry) => entry.endsWith('.json')).sort()) {
      try {
        const parsed = pendingBatchSchema.safeParse(JSON.parse(await readFile(join(this.batchDir, name), 'utf8')));
        if (parsed.success && `${parsed.data.id}.json` === name) records.push(parsed.data);
      } catch {
        // unreadable record: ignored, like a corrupt cache entry
      }
    }
    return records;
  }

  async savePendingBatch(record: PendingBatch): Promise<boolean> {
    if (!VALID_BATCH_ID.test(record.id)) return false;
    try {
      await mkdir(this.batchDir, { recursive: true });
      await writeFile(join(this.batchDir, `${record.id}.json`), `${JSON.stringify(record)}\n`, 'utf8');
      return true;
    } catch {
      return false;
    }
  }

  async removePendingBatch(id: string): Promise<void> {
    if (!VALID_BATCH_ID.test(id)) return;
    await rm(join(this.batchDir, `${id}.json`), { force: true }).catch(() => undefined);
  }

  private get batchDir(): string {
    return join(this.dir, 'batches');
  }

  private pathFor(key: string): string {
    return join(this.dir, `${key}.json`);
  }
}
