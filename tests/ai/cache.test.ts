import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_DIR, ExplanationCache, cacheKey } from '../../src/ai/cache.js';
import { keyOf } from '../../src/ai/client.js';
import { PROMPT_VERSION, type Explanation } from '../../src/ai/prompt.js';

const keyInput = {
  model: 'claude-test',
  promptVersion: 'architect-1',
  ruleId: 'backend-architect/no-query-in-loop',
  message: 'Query in loop.',
  snippet: '> 1 | await db.q()',
};

const explanation: Explanation = {
  explanation: 'One query per item.',
  consequence: 'Pool exhaustion at scale.',
  fix: { description: 'Batch it.', code: 'await db.qMany(ids);' },
  likelyFalsePositive: false,
};

describe('cacheKey', () => {
  it('is a stable sha256 hex digest', () => {
    const key = cacheKey(keyInput);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...keyInput })).toBe(key);
  });

  it.each(Object.keys(keyInput) as (keyof typeof keyInput)[])('changes when %s changes', (field) => {
    expect(cacheKey({ ...keyInput, [field]: `${keyInput[field]}x` })).not.toBe(cacheKey(keyInput));
  });

  it('does not confuse field boundaries', () => {
    expect(cacheKey({ ...keyInput, ruleId: 'ab', message: 'c' })).not.toBe(cacheKey({ ...keyInput, ruleId: 'a', message: 'bc' }));
  });
});

describe('ExplanationCache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-cache-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('defaults under node_modules/.cache', () => {
    expect(new ExplanationCache({ cwd: dir }).dir).toBe(join(dir, DEFAULT_CACHE_DIR));
    expect(DEFAULT_CACHE_DIR).toBe(join('node_modules', '.cache', 'backend-architect'));
  });

  it('round-trips an explanation and creates the directory', async () => {
    const cache = new ExplanationCache({ cwd: dir, dir: 'nested/cache' });
    const key = cacheKey(keyInput);
    expect(await cache.get(key)).toBeUndefined();
    expect(await cache.set(key, explanation)).toBe(true);
    expect(await cache.get(key)).toEqual(explanation);
    // A fresh instance (the next run) sees it too, and no temp file is left behind.
    expect(await new ExplanationCache({ cwd: dir, dir: 'nested/cache' }).get(key)).toEqual(explanation);
    expect(readdirSync(cache.dir)).toEqual([`${key}.json`]);
  });

  it('treats corrupt, mismatched and invalid entries as misses', async () => {
    const cache = new ExplanationCache({ dir });
    const key = cacheKey(keyInput);
    const other = cacheKey({ ...keyInput, message: 'other' });
    writeFileSync(join(dir, `${key}.json`), '{ not json');
    expect(await cache.get(key)).toBeUndefined();

    writeFileSync(join(dir, `${key}.json`), JSON.stringify({ version: 1, key, createdAt: 'x', explanation: { explanation: 1 } }));
    expect(await cache.get(key)).toBeUndefined();

    await cache.set(other, explanation);
    writeFileSync(join(dir, `${key}.json`), readFileSync(join(dir, `${other}.json`)));
    expect(await cache.get(key)).toBeUndefined();

    // Overwriting a corrupt entry heals it.
    expect(await cache.set(key, explanation)).toBe(true);
    expect(await cache.get(key)).toEqual(explanation);
  });

  it('rejects keys that are not sha256 hex instead of touching other paths', async () => {
    const cache = new ExplanationCache({ dir });
    expect(await cache.set('../escape', explanation)).toBe(false);
    expect(await cache.get('../escape')).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never throws when the directory cannot be created or read', async () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    const cache = new ExplanationCache({ dir: join(blocker, 'cache') });
    const key = cacheKey(keyInput);
    expect(await cache.set(key, explanation)).toBe(false);
    expect(await cache.get(key)).toBeUndefined();
  });

  it('treats an unreadable entry as a miss', async () => {
    // A directory where the entry file should be: reading it fails for every user, root included.
    const cache = new ExplanationCache({ dir });
    const key = cacheKey(keyInput);
    mkdirSync(join(dir, `${key}.json`), { recursive: true });
    expect(await cache.get(key)).toBeUndefined();
  });

  it('survives concurrent writers of the same key', async () => {
    const cache = new ExplanationCache({ dir });
    mkdirSync(dir, { recursive: true });
    const key = cacheKey(keyInput);
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.set(key, explanation)));
    expect(results.every(Boolean)).toBe(true);
    expect(await cache.get(key)).toEqual(explanation);
    expect(readdirSync(dir)).toEqual([`${key}.json`]);
  });
});

describe('ExplanationCache: pending Message Batches', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ba-cache-batches-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const keyA = cacheKey(keyInput);
  const keyB = cacheKey({ ...keyInput, message: 'Another query in loop.' });
  const record = (id: string, keys: string[] = [keyA, keyB]) => ({ id, createdAt: '2026-11-30T00:00:00.000Z', keys });

  it('has none before anything was saved (no batches directory)', async () => {
    const cache = new ExplanationCache({ dir: join(dir, 'never-created') });
    expect(await cache.pendingBatches()).toEqual([]);
  });

  it('saves records under <dir>/batches/<id>.json and lists them sorted by id', async () => {
    const cache = new ExplanationCache({ dir });
    expect(await cache.savePendingBatch(record('msgbatch_b'))).toBe(true);
    expect(await cache.savePendingBatch(record('msgbatch_a', [keyB]))).toBe(true);
    expect(readdirSync(join(dir, 'batches')).sort()).toEqual(['msgbatch_a.json', 'msgbatch_b.json']);
    expect(JSON.parse(readFileSync(join(dir, 'batches', 'msgbatch_b.json'), 'utf8'))).toEqual(record('msgbatch_b'));
    // the next run (a fresh instance) sees them
    expect(await new ExplanationCache({ dir }).pendingBatches()).toEqual([record('msgbatch_a', [keyB]), record('msgbatch_b')]);
    // records are not cache entries
    expect(await cache.get(keyA)).toBeUndefined();
  });

  it('overwrites a record with the same id', async () => {
    const cache = new ExplanationCache({ dir });
    await cache.savePendingBatch(record('msgbatch_1'));
    await cache.savePendingBatch(record('msgbatch_1', [keyA]));
    expect(await cache.pendingBatches()).toEqual([record('msgbatch_1', [keyA])]);
  });

  it('removes a record, and removing an unknown or invalid id does nothing', async () => {
    const cache = new ExplanationCache({ dir });
    await cache.savePendingBatch(record('msgbatch_1'));
    await cache.savePendingBatch(record('msgbatch_2'));
    await cache.removePendingBatch('msgbatch_1');
    expect((await cache.pendingBatches()).map((r) => r.id)).toEqual(['msgbatch_2']);
    await expect(cache.removePendingBatch('msgbatch_missing')).resolves.toBeUndefined();
    // a path is not a valid id: nothing outside batches/ is touched
    writeFileSync(join(dir, 'victim.json'), 'keep');
    await cache.removePendingBatch('../victim');
    await cache.removePendingBatch('../batches/msgbatch_2');
    expect(readFileSync(join(dir, 'victim.json'), 'utf8')).toBe('keep');
    expect((await cache.pendingBatches()).map((r) => r.id)).toEqual(['msgbatch_2']);
  });

  it.each(['../escape', 'a/b', '', 'x'.repeat(129), 'msgbatch 1', 'batch.json'])('refuses the invalid id %j without writing anything', async (id) => {
    const cache = new ExplanationCache({ dir });
    expect(await cache.savePendingBatch(record(id))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('accepts the longest valid id (128 characters of [A-Za-z0-9_-])', async () => {
    const cache = new ExplanationCache({ dir });
    const id = `msgbatch_${'A1-_'.repeat(30)}`.slice(0, 128);
    expect(await cache.savePendingBatch(record(id))).toBe(true);
    expect((await cache.pendingBatches()).map((r) => r.id)).toEqual([id]);
  });

  it('ignores corrupt, invalid and misnamed records, and files that are not records', async () => {
    const cache = new ExplanationCache({ dir });
    await cache.savePendingBatch(record('msgbatch_good'));
    const batches = join(dir, 'batches');
    writeFileSync(join(batches, 'msgbatch_corrupt.json'), '{ not json');
    writeFileSync(join(batches, 'msgbatch_badkey.json'), JSON.stringify(record('msgbatch_badkey', ['not-a-sha256'])));
    writeFileSync(join(batches, 'msgbatch_nokeys.json'), JSON.stringify({ id: 'msgbatch_nokeys', createdAt: 'x' }));
    // a record whose id does not match its file name (copied, or planted)
    writeFileSync(join(batches, 'msgbatch_other.json'), JSON.stringify(record('msgbatch_good')));
    writeFileSync(join(batches, 'msgbatch_text.txt'), JSON.stringify(record('msgbatch_text')));
    mkdirSync(join(batches, 'msgbatch_dir.json'));
    expect(await cache.pendingBatches()).toEqual([record('msgbatch_good')]);
  });

  it('an empty key list is a valid record', async () => {
    const cache = new ExplanationCache({ dir });
    expect(await cache.savePendingBatch(record('msgbatch_empty', []))).toBe(true);
    expect(await cache.pendingBatches()).toEqual([record('msgbatch_empty', [])]);
  });

  it('never throws when the batches directory cannot be created or read', async () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    const cache = new ExplanationCache({ dir: blocker });
    expect(await cache.savePendingBatch(record('msgbatch_1'))).toBe(false);
    expect(await cache.pendingBatches()).toEqual([]);
    await expect(cache.removePendingBatch('msgbatch_1')).resolves.toBeUndefined();
  });
});

describe('keyOf (the cache key of a finding)', () => {
  const finding = { ruleId: keyInput.ruleId, message: keyInput.message, snippet: keyInput.snippet, filePath: '/x/a.ts', line: 3 };

  it('is cacheKey of the model, the prompt version and the finding', () => {
    expect(keyOf(finding, 'claude-test')).toBe(cacheKey({ ...keyInput, model: 'claude-test', promptVersion: PROMPT_VERSION }));
    expect(keyOf(finding, 'claude-test')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores where the finding is and what docs it carries', () => {
    expect(keyOf({ ...finding, filePath: '/y/b.ts', line: 99, ruleDocs: 'docs' }, 'm')).toBe(keyOf(finding, 'm'));
  });

  it('changes with the model and with the schema block; an empty schema block equals none', () => {
    const plain = keyOf(finding, 'm');
    expect(keyOf(finding, 'm2')).not.toBe(plain);
    const withSchema = keyOf({ ...finding, schemaBlock: 'model User {\n  id String @id\n}' }, 'm');
    expect(withSchema).not.toBe(plain);
    expect(keyOf({ ...finding, schemaBlock: 'model User {\n  id Int @id\n}' }, 'm')).not.toBe(withSchema);
    expect(keyOf({ ...finding, schemaBlock: '' }, 'm')).toBe(plain);
    expect(keyOf({ ...finding, schemaBlock: undefined }, 'm')).toBe(plain);
    expect(cacheKey({ ...keyInput, schemaBlock: '' })).toBe(cacheKey(keyInput));
  });
});
