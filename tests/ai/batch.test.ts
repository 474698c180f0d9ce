// explainWithBatch against the fake Anthropic API on 127.0.0.1 (tests/support/fake-anthropic.ts):
// one Message Batch for the misses, custom_id = cache key, polling with progress, per-request
// failures, the wait deadline (kept for the next run with a cache, canceled without one), earlier
// runs' batches resumed or forgotten, and the auth stop. No request leaves loopback.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { explainWithBatch, type BatchProgress, type ExplainBatchOptions } from '../../src/ai/batch.js';
import { ExplanationCache } from '../../src/ai/cache.js';
import { DEFAULT_MODEL, addUsage, emptyUsage, keyOf, type ApiFinding } from '../../src/ai/client.js';
import { FAKE_EXPLANATION, FAKE_USAGE, FakeAnthropic, messageBody, type RecordedRequest } from '../support/fake-anthropic.js';

const api = new FakeAnthropic();
let root: string;
let cacheCount = 0;
let warnings: string[] = [];
let progress: BatchProgress[] = [];

beforeAll(async () => {
  await api.start();
  root = mkdtempSync(join(tmpdir(), 'ba-batch-'));
});
afterAll(async () => {
  await api.close();
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  api.reset();
  warnings = [];
  progress = [];
});
afterEach(() => {
  // results were read without trouble in every test
  expect(warnings).toEqual([]);
});

const newCache = (): ExplanationCache => new ExplanationCache({ dir: join(root, `cache-${++cacheCount}`) });

const finding = (i: number, line = i): ApiFinding => ({
  ruleId: 'backend-architect/no-query-in-loop',
  message: `Query in loop #${i}`,
  snippet: `${line} | await prisma.user.findUnique({ where: { id } })`,
  filePath: '/x/a.ts',
  line,
});

const options = (extra: Partial<ExplainBatchOptions> = {}): ExplainBatchOptions => ({
  apiKey: 'test',
  baseURL: api.baseURL,
  pollIntervalMs: 5,
  waitMs: 5_000,
  maxRetries: 0,
  timeoutMs: 5_000,
  warn: (line) => warnings.push(line),
  progress: (status) => progress.push(status),
  ...extra,
});

interface BatchRequestBody {
  requests: { custom_id: string; params: { model: string; system: { type: string; text: string; cache_control?: unknown }[]; messages: { role: string; content: string }[] } }[];
}

const createBodies = (): BatchRequestBody[] => api.requestsTo('batch-create').map((request: RecordedRequest) => request.body as unknown as BatchRequestBody);
const customIds = (): string[][] => createBodies().map((body) => body.requests.map((request) => request.custom_id));
const count = (kind: Parameters<FakeAnthropic['requestsTo']>[0]): number => api.requestsTo(kind).length;

describe('explainWithBatch: one batch for the misses', () => {
  it('submits one batch whose custom_ids are the cache keys, polls until it ends and explains every finding', async () => {
    const cache = newCache();
    const findings = [finding(1), finding(2), finding(3)];
    const result = await explainWithBatch(findings, options({ cache }));

    expect(count('batch-create')).toBe(1);
    expect(customIds()).toEqual([findings.map((f) => keyOf(f, DEFAULT_MODEL))]);
    // batchPolls = 1: in_progress, then ended; results() retrieves once more before streaming
    expect(count('batch-retrieve')).toBe(3);
    expect(count('batch-results')).toBe(1);
    expect(count('batch-cancel')).toBe(0);
    expect(count('messages')).toBe(0);

    expect(result.requests).toBe(3);
    expect(result.cacheHits).toBe(0);
    expect(result.submitted).toEqual([api.batches.keys().next().value]);
    expect(result.stillProcessing).toEqual([]);
    expect(result.collected).toEqual([]);
    expect(result.authError).toBeUndefined();
    expect(result.outcomes.map((o) => o.status)).toEqual(['explained', 'explained', 'explained']);
    for (const outcome of result.outcomes) {
      expect(outcome).toMatchObject({ status: 'explained', cached: false, explanation: FAKE_EXPLANATION });
    }
    expect(result.outcomes.map((o) => o.members)).toEqual(findings.map((f) => [f]));

    // the results are in the cache and the finished batch is not remembered
    for (const f of findings) expect(await cache.get(keyOf(f, DEFAULT_MODEL))).toEqual(FAKE_EXPLANATION);
    expect(await cache.pendingBatches()).toEqual([]);
  });

  it('sums the token usage of the succeeded results', async () => {
    const result = await explainWithBatch([finding(1), finding(2), finding(3)], options());
    expect(result.usage).toEqual({
      inputTokens: 3 * FAKE_USAGE.input_tokens,
      outputTokens: 3 * FAKE_USAGE.output_tokens,
      cacheWriteTokens: 3 * FAKE_USAGE.cache_creation_input_tokens,
      cacheReadTokens: 3 * FAKE_USAGE.cache_read_input_tokens,
    });
  });

  it('sends the model, the rules reference in the cached system prefix and the finding in the user message', async () => {
    const reference = '- backend-architect/no-query-in-loop: RULES-REFERENCE-MARKER.';
    const findings = [finding(1), finding(2)];
    const result = await explainWithBatch(findings, options({ model: 'claude-test-model', rulesReference: reference }));
    expect(result.outcomes.every((o) => o.status === 'explained')).toBe(true);

    const [body] = createBodies();
    expect(body?.requests).toHaveLength(2);
    expect(body?.requests.map((r) => r.custom_id)).toEqual(findings.map((f) => keyOf(f, 'claude-test-model')));
    for (const [i, request] of (body?.requests ?? []).entries()) {
      expect(request.params.model).toBe('claude-test-model');
      expect(request.params.system).toHaveLength(2);
      expect(request.params.system[1]?.text).toContain('RULES-REFERENCE-MARKER');
      expect(request.params.system[1]?.cache_control).toEqual({ type: 'ephemeral' });
      expect(request.params.system[0]?.cache_control).toBeUndefined();
      expect(request.params.messages[0]?.content).toContain(`Query in loop #${i + 1}`);
    }
  });

  it('leaves the rules reference out when none is given', async () => {
    await explainWithBatch([finding(1)], options());
    const [body] = createBodies();
    expect(body?.requests[0]?.params.system).toHaveLength(1);
    expect(body?.requests[0]?.params.system[0]?.cache_control).toEqual({ type: 'ephemeral' });
  });

  it('dedupes and applies --max-explanations before submitting', async () => {
    const result = await explainWithBatch([finding(1), finding(2), finding(1), finding(3), finding(3)], options({ maxExplanations: 2 }));
    expect(customIds()).toEqual([[keyOf(finding(1), DEFAULT_MODEL), keyOf(finding(2), DEFAULT_MODEL)]]);
    expect(result.requests).toBe(2);
    expect(result.outcomes).toHaveLength(2);
    expect(result.outcomes[0]?.members).toHaveLength(2);
    expect(result.outcomes[1]?.members).toHaveLength(1);
    expect(result.omittedGroups).toBe(1);
    expect(result.omittedFindings).toBe(2);
  });

  it('sends only the cache misses, and a second run over the same findings sends nothing at all', async () => {
    const cache = newCache();
    await cache.set(keyOf(finding(1), DEFAULT_MODEL), { ...FAKE_EXPLANATION, explanation: 'FROM-DISK' });
    const first = await explainWithBatch([finding(1), finding(2)], options({ cache }));
    expect(first.cacheHits).toBe(1);
    expect(first.requests).toBe(1);
    expect(customIds()).toEqual([[keyOf(finding(2), DEFAULT_MODEL)]]);
    expect(first.outcomes[0]).toMatchObject({ status: 'explained', cached: true, explanation: { explanation: 'FROM-DISK' } });
    expect(first.outcomes[1]).toMatchObject({ status: 'explained', cached: false, explanation: FAKE_EXPLANATION });

    api.reset();
    progress = [];
    const second = await explainWithBatch([finding(1), finding(2)], options({ cache }));
    expect(api.requests).toEqual([]);
    expect(count('batch-create')).toBe(0);
    expect(second.cacheHits).toBe(2);
    expect(second.requests).toBe(0);
    expect(second.submitted).toEqual([]);
    expect(second.outcomes.every((o) => o.status === 'explained' && o.cached)).toBe(true);
    expect(progress).toEqual([]);
    expect(second.usage).toEqual(emptyUsage());
  });

  it('reports progress after each poll with done/total from the request counts', async () => {
    api.batchPolls = 2;
    const result = await explainWithBatch([finding(1), finding(2)], options());
    const id = result.submitted[0];
    expect(id).toMatch(/^msgbatch_fake\d+$/);
    expect(progress.map(({ batchIds, done, total }) => ({ batchIds, done, total }))).toEqual([
      { batchIds: [id], done: 0, total: 2 },
      { batchIds: [id], done: 0, total: 2 },
      { batchIds: [id], done: 2, total: 2 },
    ]);
    for (const status of progress) expect(status.elapsedMs).toBeGreaterThanOrEqual(0);
    const elapsed = progress.map((status) => status.elapsedMs);
    expect([...elapsed].sort((a, b) => a - b)).toEqual(elapsed);
  });
});

describe('explainWithBatch: per-request failures', () => {
  it('an errored request is unavailable with the error type, is not cached, and is resubmitted next run', async () => {
    const cache = newCache();
    const failing = keyOf(finding(2), DEFAULT_MODEL);
    api.batchResult = (customId) =>
      customId === failing
        ? { type: 'errored', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }
        : { type: 'succeeded', message: messageBody() };
    const result = await explainWithBatch([finding(1), finding(2), finding(3)], options({ cache }));
    expect(result.outcomes.map((o) => o.status)).toEqual(['explained', 'unavailable', 'explained']);
    expect(result.outcomes[1]).toMatchObject({ status: 'unavailable', error: 'batch request errored: overloaded_error' });
    // usage only from the succeeded ones
    expect(result.usage.inputTokens).toBe(2 * FAKE_USAGE.input_tokens);
    expect(await cache.get(failing)).toBeUndefined();

    api.reset();
    const again = await explainWithBatch([finding(1), finding(2), finding(3)], options({ cache }));
    expect(customIds()).toEqual([[failing]]);
    expect(again.cacheHits).toBe(2);
    expect(again.outcomes.every((o) => o.status === 'explained')).toBe(true);
  });

  it.each(['canceled', 'expired'] as const)('a %s request is unavailable', async (type) => {
    const failing = keyOf(finding(1), DEFAULT_MODEL);
    api.batchResult = (customId) => (customId === failing ? { type } : { type: 'succeeded', message: messageBody() });
    const result = await explainWithBatch([finding(1), finding(2)], options());
    expect(result.outcomes[0]).toMatchObject({ status: 'unavailable', error: `batch request ${type}` });
    expect(result.outcomes[1]).toMatchObject({ status: 'explained' });
  });

  it('a succeeded request whose answer does not parse is unavailable and not cached', async () => {
    const cache = newCache();
    api.batchResult = () => ({ type: 'succeeded', message: { ...messageBody(), content: [{ type: 'text', text: 'no json here' }] } });
    const result = await explainWithBatch([finding(1)], options({ cache }));
    expect(result.outcomes[0]).toMatchObject({ status: 'unavailable', error: expect.stringMatching(/record_explanation/) });
    expect(await cache.get(keyOf(finding(1), DEFAULT_MODEL))).toBeUndefined();
    // the tokens were still spent
    expect(result.usage.outputTokens).toBe(FAKE_USAGE.output_tokens);
  });

  it('a batch that cannot be created leaves every miss unavailable (not an auth stop)', async () => {
    api.batchFailure = { code: 400, type: 'invalid_request_error' };
    const result = await explainWithBatch([finding(1), finding(2)], options());
    expect(count('batch-create')).toBe(1);
    expect(api.requests).toHaveLength(1);
    expect(result.authError).toBeUndefined();
    expect(result.submitted).toEqual([]);
    // both requests were sent (in the one create call), though the API refused the batch
    expect(result.requests).toBe(2);
    expect(result.outcomes.map((o) => o.status)).toEqual(['unavailable', 'unavailable']);
    expect(result.outcomes[0]).toMatchObject({ error: expect.stringMatching(/^could not create the batch: API error 400/) });
  });
});

describe('explainWithBatch: the wait deadline and later runs', () => {
  it('with a cache, a wait of 0 leaves the findings pending and records the batch; the next run collects it without a new batch', async () => {
    const cache = newCache();
    const findings = [finding(1), finding(2)];
    const keys = findings.map((f) => keyOf(f, DEFAULT_MODEL));
    const first = await explainWithBatch(findings, options({ cache, waitMs: 0 }));
    const id = first.submitted[0] as string;

    expect(first.stillProcessing).toEqual([id]);
    expect(first.outcomes).toEqual(findings.map((f) => ({ status: 'pending', batchId: id, members: [f] })));
    expect(count('batch-cancel')).toBe(0);
    expect(count('batch-results')).toBe(0);
    expect(progress).toHaveLength(1);
    const recordPath = join(cache.dir, 'batches', `${id}.json`);
    expect(existsSync(recordPath)).toBe(true);
    expect(JSON.parse(readFileSync(recordPath, 'utf8'))).toMatchObject({ id, keys });
    expect(await cache.pendingBatches()).toEqual([expect.objectContaining({ id, keys })]);

    // the next run: the fake has ended the batch by now
    api.requests = [];
    const second = await explainWithBatch(findings, options({ cache }));
    expect(count('batch-create')).toBe(0);
    expect(count('batch-results')).toBe(1);
    expect(second.collected).toEqual([id]);
    expect(second.submitted).toEqual([]);
    expect(second.stillProcessing).toEqual([]);
    expect(second.requests).toBe(0);
    expect(second.outcomes.map((o) => o.status)).toEqual(['explained', 'explained']);
    expect(second.usage.inputTokens).toBe(2 * FAKE_USAGE.input_tokens);
    expect(await cache.pendingBatches()).toEqual([]);
    expect(existsSync(recordPath)).toBe(false);

    // and a third makes no request at all
    api.requests = [];
    const third = await explainWithBatch(findings, options({ cache }));
    expect(api.requests).toEqual([]);
    expect(third.cacheHits).toBe(2);
  });

  it('collects all results of an ended earlier batch into the cache, also those this run does not need', async () => {
    const cache = newCache();
    const first = await explainWithBatch([finding(1), finding(2)], options({ cache, waitMs: 0 }));
    const id = first.submitted[0] as string;

    api.requests = [];
    const second = await explainWithBatch([finding(1)], options({ cache }));
    expect(second.collected).toEqual([id]);
    expect(count('batch-create')).toBe(0);
    expect(second.outcomes).toEqual([expect.objectContaining({ status: 'explained', cached: false })]);
    expect(await cache.get(keyOf(finding(2), DEFAULT_MODEL))).toEqual(FAKE_EXPLANATION);

    api.requests = [];
    const third = await explainWithBatch([finding(2)], options({ cache }));
    expect(api.requests).toEqual([]);
    expect(third.outcomes[0]).toMatchObject({ status: 'explained', cached: true });
  });

  it('waits on an earlier batch still running with this run’s misses instead of resubmitting them; only new misses get a batch', async () => {
    const cache = newCache();
    api.batchPolls = 3;
    const first = await explainWithBatch([finding(1)], options({ cache, waitMs: 0 }));
    const earlier = first.submitted[0] as string;
    expect(first.outcomes[0]).toMatchObject({ status: 'pending', batchId: earlier });

    api.requests = [];
    api.batchPolls = 1;
    progress = [];
    const second = await explainWithBatch([finding(1), finding(2)], options({ cache }));
    // finding(1) is on its way in the earlier batch: only finding(2) is submitted
    expect(customIds()).toEqual([[keyOf(finding(2), DEFAULT_MODEL)]]);
    const fresh = second.submitted[0] as string;
    expect(fresh).not.toBe(earlier);
    expect(second.requests).toBe(1);
    expect(second.outcomes.map((o) => o.status)).toEqual(['explained', 'explained']);
    expect(second.stillProcessing).toEqual([]);
    // the earlier run's batch, read while this run waited, counts as collected; this run's own does not
    expect(second.collected).toEqual([earlier]);
    expect(progress[0]?.batchIds.sort()).toEqual([earlier, fresh].sort());
    expect(progress.at(-1)).toMatchObject({ done: 2, total: 2 });
    expect(await cache.pendingBatches()).toEqual([]);
    expect(api.requestsTo('batch-results').map((r) => r.path).sort()).toEqual([`/v1/messages/batches/${earlier}/results`, `/v1/messages/batches/${fresh}/results`].sort());
  });

  it('results that cannot be read leave that batch’s findings unavailable and its record kept; other batches are still collected', async () => {
    const cache = newCache();
    api.batchPolls = 3;
    const first = await explainWithBatch([finding(1)], options({ cache, waitMs: 0 }));
    const earlier = first.submitted[0] as string;

    api.requests = [];
    api.batchPolls = 1;
    api.failResultsFor.add(earlier);
    const second = await explainWithBatch([finding(1), finding(2)], options({ cache }));
    expect(second.outcomes[0]).toMatchObject({ status: 'unavailable', error: expect.stringMatching(/^batch results could not be read: API error 500/) });
    expect(second.outcomes[1]).toMatchObject({ status: 'explained' });
    expect(second.collected).toEqual([]);
    // kept, so the next run tries to read it again
    expect((await cache.pendingBatches()).map((record) => record.id)).toEqual([earlier]);

    api.failResultsFor.clear();
    api.requests = [];
    const third = await explainWithBatch([finding(1), finding(2)], options({ cache }));
    expect(count('batch-create')).toBe(0);
    expect(third.collected).toEqual([earlier]);
    expect(third.outcomes.map((o) => o.status)).toEqual(['explained', 'explained']);
    expect(await cache.pendingBatches()).toEqual([]);
  });

  it('an earlier batch still running that holds none of this run’s misses is left alone', async () => {
    const cache = newCache();
    api.batchPolls = 5;
    const first = await explainWithBatch([finding(1)], options({ cache, waitMs: 0 }));
    const earlier = first.submitted[0] as string;

    api.requests = [];
    api.batchPolls = 0;
    const second = await explainWithBatch([finding(2)], options({ cache }));
    expect(customIds()).toEqual([[keyOf(finding(2), DEFAULT_MODEL)]]);
    expect(second.collected).toEqual([]);
    expect(second.stillProcessing).toEqual([]);
    expect(second.outcomes[0]).toMatchObject({ status: 'explained' });
    expect(api.requestsTo('batch-results').map((r) => r.path)).toEqual([`/v1/messages/batches/${second.submitted[0]}/results`]);
    // still remembered for a run that needs it
    expect((await cache.pendingBatches()).map((record) => record.id)).toEqual([earlier]);
  });

  it('without a cache, a batch still running at the deadline is canceled and its findings are unavailable', async () => {
    const result = await explainWithBatch([finding(1), finding(2)], options({ waitMs: 0 }));
    const id = result.submitted[0] as string;
    expect(result.stillProcessing).toEqual([]);
    expect(result.canceled).toEqual([id]);
    // nobody will ever read the results: not "pending"
    expect(result.outcomes.map((o) => o.status)).toEqual(['unavailable', 'unavailable']);
    expect(result.outcomes[0]).toMatchObject({ error: `Message Batch ${id} canceled after --batch-wait` });
    expect(api.requestsTo('batch-cancel').map((r) => r.path)).toEqual([`/v1/messages/batches/${id}/cancel`]);
    expect(api.batches.get(id)?.canceled).toBe(true);
    expect(count('batch-results')).toBe(0);
  });

  it('stops polling at the deadline even with a long poll interval', async () => {
    api.batchPolls = 1_000;
    const cache = newCache();
    const started = Date.now();
    const result = await explainWithBatch([finding(1)], options({ cache, waitMs: 60, pollIntervalMs: 20 }));
    const took = Date.now() - started;
    expect(took).toBeLessThan(2_000);
    expect(result.outcomes[0]).toMatchObject({ status: 'pending' });
    // polled a few times (~every 20 ms for 60 ms), not once and not hundreds
    expect(count('batch-retrieve')).toBeGreaterThanOrEqual(2);
    expect(count('batch-retrieve')).toBeLessThan(20);
    expect(count('batch-cancel')).toBe(0);
    expect(progress.length).toBe(count('batch-retrieve'));
  });

  it('forgets a recorded batch the API no longer knows (404) and submits its keys again', async () => {
    const cache = newCache();
    const key = keyOf(finding(1), DEFAULT_MODEL);
    expect(await cache.savePendingBatch({ id: 'msgbatch_gone', createdAt: new Date().toISOString(), keys: [key] })).toBe(true);
    const result = await explainWithBatch([finding(1)], options({ cache }));
    expect(api.requestsTo('batch-retrieve')[0]?.path).toBe('/v1/messages/batches/msgbatch_gone');
    expect(customIds()).toEqual([[key]]);
    expect(result.collected).toEqual([]);
    expect(result.outcomes[0]).toMatchObject({ status: 'explained' });
    expect(await cache.pendingBatches()).toEqual([]);
    expect(existsSync(join(cache.dir, 'batches', 'msgbatch_gone.json'))).toBe(false);
  });
});

describe('explainWithBatch: errors while polling', () => {
  const until = async (condition: () => boolean): Promise<void> => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
  };

  it('a transient server error on a poll is ignored and the next poll goes on', async () => {
    const run = explainWithBatch([finding(1)], options({ pollIntervalMs: 30 }));
    await until(() => count('batch-retrieve') === 1);
    api.batchFailure = { code: 500, type: 'api_error' };
    await until(() => count('batch-retrieve') === 2);
    api.batchFailure = undefined;
    const result = await run;
    expect(result.outcomes[0]).toMatchObject({ status: 'explained' });
    expect(result.authError).toBeUndefined();
    expect(count('batch-create')).toBe(1);
    // in_progress, 500, ended, and the retrieve inside results()
    expect(count('batch-retrieve')).toBe(4);
  });

  it('a batch that disappears while polled (404) leaves its findings unavailable and its record forgotten', async () => {
    const cache = newCache();
    api.batchPolls = 1_000;
    const run = explainWithBatch([finding(1), finding(2)], options({ cache, pollIntervalMs: 20 }));
    await until(() => count('batch-retrieve') === 1);
    const id = [...api.batches.keys()][0] as string;
    expect((await cache.pendingBatches()).map((record) => record.id)).toEqual([id]);
    api.batches.delete(id);
    const result = await run;
    expect(result.outcomes.map((o) => o.status)).toEqual(['unavailable', 'unavailable']);
    expect(result.outcomes[0]).toMatchObject({ error: `batch ${id} no longer exists` });
    expect(result.stillProcessing).toEqual([]);
    expect(count('batch-retrieve')).toBe(2);
    expect(await cache.pendingBatches()).toEqual([]);
  });
});

describe('explainWithBatch: auth errors', () => {
  it('a 401 on create sets authError, sends nothing more and skips every finding', async () => {
    const cache = newCache();
    api.batchFailure = { code: 401, type: 'authentication_error' };
    const result = await explainWithBatch([finding(1), finding(2), finding(3)], options({ cache }));
    expect(result.authError).toMatch(/401/);
    expect(api.requests).toHaveLength(1);
    expect(count('batch-create')).toBe(1);
    expect(result.outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(result.submitted).toEqual([]);
    expect(result.stillProcessing).toEqual([]);
    expect(result.requests).toBe(3);
    expect(progress).toEqual([]);
    expect(await cache.pendingBatches()).toEqual([]);
  });

  it('a 403 while resuming an earlier batch stops before creating one, and keeps the record', async () => {
    const cache = newCache();
    await cache.savePendingBatch({ id: 'msgbatch_earlier', createdAt: new Date().toISOString(), keys: [keyOf(finding(1), DEFAULT_MODEL)] });
    await cache.savePendingBatch({ id: 'msgbatch_later', createdAt: new Date().toISOString(), keys: [keyOf(finding(2), DEFAULT_MODEL)] });
    api.batchFailure = { code: 403, type: 'permission_error' };
    const result = await explainWithBatch([finding(1), finding(2), finding(3)], options({ cache }));
    expect(result.authError).toMatch(/403/);
    // the first retrieve is refused: not the second record, no create, no poll
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/messages/batches/msgbatch_earlier']);
    expect(result.outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect((await cache.pendingBatches()).map((record) => record.id)).toEqual(['msgbatch_earlier', 'msgbatch_later']);
  });

  it('an auth error while polling stops the wait without canceling or marking anything pending', async () => {
    api.batchPolls = 1_000;
    // the create succeeds; then the key is revoked
    const run = explainWithBatch([finding(1)], options({ waitMs: 5_000, pollIntervalMs: 20 }));
    while (count('batch-retrieve') === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    api.batchFailure = { code: 401, type: 'authentication_error' };
    const result = await run;
    expect(result.authError).toMatch(/401/);
    expect(result.submitted).toHaveLength(1);
    expect(result.stillProcessing).toEqual([]);
    expect(result.outcomes[0]?.status).toBe('skipped');
    expect(count('batch-cancel')).toBe(0);
  });
});

describe('token usage helpers', () => {
  it('emptyUsage is all zeros and a fresh object each time', () => {
    const a = emptyUsage();
    expect(a).toEqual({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 });
    a.inputTokens = 5;
    expect(emptyUsage().inputTokens).toBe(0);
  });

  it('addUsage adds the API fields and tolerates missing or malformed ones', () => {
    const total = emptyUsage();
    addUsage(total, FAKE_USAGE);
    addUsage(total, { input_tokens: 5 });
    addUsage(total, { input_tokens: '7', output_tokens: Number.NaN, cache_creation_input_tokens: Infinity, cache_read_input_tokens: null });
    addUsage(total, undefined);
    addUsage(total, null);
    addUsage(total, 42);
    expect(total).toEqual({
      inputTokens: FAKE_USAGE.input_tokens + 5,
      outputTokens: FAKE_USAGE.output_tokens,
      cacheWriteTokens: FAKE_USAGE.cache_creation_input_tokens,
      cacheReadTokens: FAKE_USAGE.cache_read_input_tokens,
    });
    addUsage(total, { cache_creation_input_tokens: 300 });
    expect(total.cacheWriteTokens).toBe(300);
  });
});
