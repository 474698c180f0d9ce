import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_DIR, ExplanationCache, cacheKey } from '../../src/ai/cache.js';
import type { Explanation } from '../../src/ai/prompt.js';

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
