// `--explain --batch` against a fake Message Batches API on 127.0.0.1: one batch for the run,
// progress while it waits, results into the cache, and a batch left running (`--batch-wait`)
// collected by the next run instead of being paid for twice.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeAnthropic } from '../support/fake-anthropic.js';
import { useExplainProject } from '../support/cli.js';

const LOOP = `import { prisma } from './db';

export async function loadUsers(ids: string[]) {
  const users = [];
  for (const id of ids) {
    users.push(await prisma.user.findUnique({ where: { id } }));
  }
  return users;
}
`;
const UNAWAITED = `import { prisma } from './db';

export async function touch(id: string) {
  prisma.user.update({ where: { id }, data: { seenAt: new Date() } });
}
`;

const api = new FakeAnthropic();
const project = useExplainProject({ beforeAll, afterAll, beforeEach }, api, 'ba-explain-batch-', { 'users.ts': LOOP, 'touch.ts': UNAWAITED }, { BACKEND_ARCHITECT_BATCH_POLL_MS: '20' });
const { cli, freshCacheDir } = project;

describe('--explain --batch', () => {
  it('sends one batch with a request per distinct finding, shows progress, and puts the explanations under the findings', async () => {
    api.batchPolls = 2;
    const cacheDir = freshCacheDir();
    const run = await cli(['users.ts', 'touch.ts', '--explain', '--batch', '--cache-dir', cacheDir]);
    expect(run.code).toBe(1);
    expect(api.requestsTo('messages')).toHaveLength(0);
    const creates = api.requestsTo('batch-create');
    expect(creates).toHaveLength(1);
    const batchRequests = creates[0]!.body!.requests as { custom_id: string; params: { model: string; system: { text: string }[]; messages: { content: string }[] } }[];
    expect(batchRequests).toHaveLength(2);
    for (const request of batchRequests) {
      expect(request.custom_id).toMatch(/^[0-9a-f]{64}$/);
      expect(request.params.model).toBe('claude-sonnet-5-5');
      expect(request.params.system.at(-1)!.text).toContain('backend-architect/no-unawaited-query:');
    }
    expect(batchRequests.map((request) => request.params.messages[0]!.content.match(/^Rule: (\S+)/)?.[1]).sort()).toEqual([
      'backend-architect/no-query-in-loop',
      'backend-architect/no-unawaited-query',
    ]);
    // polled until ended (2 in_progress answers, then ended), results read once
    expect(api.requestsTo('batch-retrieve').length).toBeGreaterThanOrEqual(3);
    expect(api.requestsTo('batch-results')).toHaveLength(1);
    // CI logs (no TTY) get a progress line whenever the count moves: 0/2, then 2/2
    expect(run.stderr).toContain('waiting for Message Batch msgbatch_fake1: 0/2 done');
    expect(run.stderr).toContain('waiting for Message Batch msgbatch_fake1: 2/2 done');
    expect(run.stderr).toContain('2 batch request(s), 0 from the explanation cache; the API reported 4,240 input tokens');
    expect(run.stdout.match(/FAKE-EXPLANATION/g)).toHaveLength(2);
    // the batch ended: nothing left pending on disk
    expect(existsSync(join(cacheDir, 'batches')) ? readdirSync(join(cacheDir, 'batches')) : []).toEqual([]);

    api.reset();
    const second = await cli(['users.ts', 'touch.ts', '--explain', '--batch', '--cache-dir', cacheDir]);
    expect(api.requests).toHaveLength(0);
    expect(second.stdout).toBe(run.stdout);
  });

  it('a batch still processing after --batch-wait is left running and collected by the next run, not resubmitted', async () => {
    api.batchPolls = 1000;
    const cacheDir = freshCacheDir();
    const first = await cli(['users.ts', '--explain', '--batch', '--batch-wait', '0', '--cache-dir', cacheDir]);
    expect(first.code).toBe(1);
    expect(api.requestsTo('batch-create')).toHaveLength(1);
    expect(api.requestsTo('batch-cancel')).toHaveLength(0);
    expect(first.stdout).toContain('AI explanation pending (Message Batch msgbatch_fake1 is still processing)');
    // the built-in explanation stands in meanwhile
    expect(first.stdout).toContain('A query inside a loop runs once per element');
    expect(first.stderr).toContain('The next --batch run collects the results (no second charge)');
    expect(readdirSync(join(cacheDir, 'batches'))).toEqual(['msgbatch_fake1.json']);

    // the batch ends; the next run reads its results and submits nothing
    api.batches.get('msgbatch_fake1')!.pollsLeft = 0;
    api.requests = [];
    const second = await cli(['users.ts', '--explain', '--batch', '--cache-dir', cacheDir]);
    expect(api.requestsTo('batch-create')).toHaveLength(0);
    expect(api.requestsTo('batch-results')).toHaveLength(1);
    expect(second.stdout).toContain('FAKE-EXPLANATION');
    expect(second.stderr).toContain('collected the results of earlier Message Batch(es) msgbatch_fake1');
    expect(readdirSync(join(cacheDir, 'batches'))).toEqual([]);
  });

  it('without a cache, a batch left running is canceled: nobody could collect it later', async () => {
    api.batchPolls = 1000;
    const run = await cli(['users.ts', '--explain', '--batch', '--batch-wait', '0', '--no-cache']);
    expect(run.code).toBe(1);
    expect(api.requestsTo('batch-cancel')).toHaveLength(1);
    expect(run.stderr).toContain('was canceled: with --no-cache its results could not be collected later');
  });

  it('an errored batch request marks that finding unavailable; a 401 on create stops the pass', async () => {
    api.batchResult = () => ({ type: 'errored', error: { type: 'error', error: { type: 'overloaded_error', message: 'busy' } } });
    const errored = await cli(['users.ts', '--explain', '--batch', '--cache-dir', freshCacheDir()]);
    expect(errored.code).toBe(1);
    expect(errored.stdout).toContain('AI explanation unavailable (batch request errored: overloaded_error)');

    api.reset();
    api.batchFailure = { code: 401, type: 'authentication_error' };
    const refused = await cli(['users.ts', '--explain', '--batch', '--cache-dir', freshCacheDir()]);
    expect(refused.code).toBe(1);
    expect(api.requests).toHaveLength(1);
    expect(refused.stderr).toContain('AI explanations stopped: the Anthropic API refused the key (401 authentication error)');
    expect(refused.stdout).toContain('A query inside a loop runs once per element');
  });

  it('--dry-run --batch says it would send one batch and sends nothing', async () => {
    const run = await cli(['users.ts', '--explain', '--batch', '--dry-run', '--cache-dir', freshCacheDir()]);
    expect(api.requests).toHaveLength(0);
    expect(run.stderr).toContain('as one Message Batch');
    expect(run.stderr).toContain('batch requests are billed at half price');
  });
});
