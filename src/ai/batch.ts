// `--batch`: the misses go to the Message Batches API as one batch (half the price of regular
// requests, results within 24 hours, usually minutes), and the run waits for it with progress.
// The requests' `custom_id`s are their cache keys, so results map straight into the cache.
// A run that stops waiting (`--batch-wait`) leaves the batch running and records it in the cache
// directory; the next `--batch` run collects its results instead of paying for them again.
import type Anthropic from '@anthropic-ai/sdk';
import { NotFoundError } from '@anthropic-ai/sdk';
import {
  addUsage,
  authErrorText,
  emptyUsage,
  errorText,
  passResult,
  requestFor,
  sdkClient,
  selectAndLookUp,
  type ApiFinding,
  type ExplainApiOptions,
  type ExplainApiResult,
  type FindingOutcome,
  type Miss,
} from './client.js';
import type { FindingGroup } from './dedupe.js';
import { parseExplanationResponse } from './prompt.js';

export const DEFAULT_BATCH_WAIT_MS = 30 * 60_000;
export const DEFAULT_BATCH_POLL_MS = 10_000;

export interface BatchProgress {
  /** Batches this run waits on (its own, and earlier runs' it found still processing). */
  batchIds: string[];
  /** Requests that ended (succeeded, errored, canceled or expired) / all requests in them. */
  done: number;
  total: number;
  elapsedMs: number;
}

export interface ExplainBatchOptions extends Omit<ExplainApiOptions, 'concurrency' | 'progress'> {
  /** How long to wait for the batch to end before leaving it running (default 30 min). */
  waitMs?: number;
  /** Time between status polls (default 10 s). */
  pollIntervalMs?: number;
  /** Called after each poll. */
  progress?: (status: BatchProgress) => void;
}

export interface ExplainBatchResult<T extends ApiFinding> extends ExplainApiResult<T> {
  /** Batches created by this run. */
  submitted: string[];
  /** Batches still processing when the run stopped waiting, recorded for the next run (with a cache). */
  stillProcessing: string[];
  /** Batches still processing when the run stopped waiting without a cache: canceled, as nobody could collect them. */
  canceled: string[];
  /** Batches of earlier runs whose results this run collected (ended before it started, or while it waited). */
  collected: string[];
}

type Entry = Anthropic.Messages.Batches.MessageBatchIndividualResponse;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function explainWithBatch<T extends ApiFinding>(findings: T[], options: ExplainBatchOptions): Promise<ExplainBatchResult<T>> {
  const { model, selection, outcomes, misses, cacheHits } = await selectAndLookUp(findings, options);
  const client = sdkClient(options);
  const cache = options.cache;
  const usage = emptyUsage();
  const groupsByKey = new Map<string, FindingGroup<T>[]>();
  for (const { group, key } of misses) groupsByKey.set(key, [...(groupsByKey.get(key) ?? []), group]);
  const submitted: string[] = [];
  const collected: string[] = [];
  /** batch id → keys of this run's misses it will answer */
  const waiting = new Map<string, string[]>();
  let requests = 0;
  let authError: string | undefined;

  const settle = (key: string, outcome: (group: FindingGroup<T>) => FindingOutcome<T>): void => {
    for (const group of groupsByKey.get(key) ?? []) outcomes.set(group, outcome(group));
    groupsByKey.delete(key);
  };

  /** Reads an ended batch's results into the cache and this run's outcomes. */
  const collect = async (batchId: string): Promise<void> => {
    for await (const entry of await client.messages.batches.results(batchId)) {
      const { custom_id: key, result } = entry as Entry;
      if (result.type === 'succeeded') {
        addUsage(usage, result.message.usage);
        const parsed = parseExplanationResponse(result.message);
        if (parsed.ok) {
          await cache?.set(key, parsed.explanation);
          settle(key, (group) => ({ status: 'explained', explanation: parsed.explanation, cached: false, members: group.members }));
        } else {
          settle(key, (group) => ({ status: 'unavailable', error: parsed.error, members: group.members }));
        }
      } else {
        const error = result.type === 'errored' ? `batch request errored: ${result.error.error?.type ?? 'error'}` : `batch request ${result.type}`;
        settle(key, (group) => ({ status: 'unavailable', error, members: group.members }));
      }
    }
    await cache?.removePendingBatch(batchId);
  };

  /**
   * `collect`, for a batch this run waited on. If its results cannot be read, its findings are
   * unavailable for this run and its record stays, so the next run tries again.
   */
  const collectOrGiveUp = async (batchId: string, keys: readonly string[]): Promise<void> => {
    try {
      await collect(batchId);
      if (!submitted.includes(batchId)) collected.push(batchId);
    } catch (error) {
      if (fail(error)) return;
      const message = `batch results could not be read: ${errorText(error)}`;
      for (const key of keys) settle(key, (group) => ({ status: 'unavailable', error: message, members: group.members }));
    }
  };

  const fail = (error: unknown): boolean => {
    const refused = authErrorText(error);
    if (refused) authError ??= refused;
    return refused !== undefined;
  };

  try {
    // 1. Earlier runs' batches: collect the ended ones, wait on the running ones that hold our misses.
    for (const record of (await cache?.pendingBatches()) ?? []) {
      try {
        const batch = await client.messages.batches.retrieve(record.id);
        if (batch.processing_status === 'ended') {
          await collect(record.id);
          collected.push(record.id);
        } else {
          const keys = record.keys.filter((key) => groupsByKey.has(key));
          if (keys.length > 0) waiting.set(record.id, keys);
        }
      } catch (error) {
        if (fail(error)) break;
        // gone (expired after 29 days, deleted, another workspace): forget it
        if (error instanceof NotFoundError) await cache?.removePendingBatch(record.id);
      }
    }

    // 2. One new batch for what is neither cached nor already on its way.
    const promised = new Set([...waiting.values()].flat());
    const toSend: Miss<T>[] = authError
      ? []
      : [...groupsByKey].filter(([key]) => !promised.has(key)).map(([key, groups]) => ({ key, group: groups[0] as FindingGroup<T> }));
    if (toSend.length > 0) {
      requests += toSend.length;
      try {
        const batch = await client.messages.batches.create({
          requests: toSend.map(({ group, key }) => ({ custom_id: key, params: requestFor(group.representative, model, options.rulesReference) })),
        });
        submitted.push(batch.id);
        waiting.set(
          batch.id,
          toSend.map(({ key }) => key),
        );
        await cache?.savePendingBatch({ id: batch.id, createdAt: new Date().toISOString(), keys: toSend.map(({ key }) => key) });
      } catch (error) {
        if (!fail(error)) {
          const message = `could not create the batch: ${errorText(error)}`;
          for (const { key } of toSend) settle(key, (group) => ({ status: 'unavailable', error: message, members: group.members }));
        }
      }
    }

    // 3. Wait, polling, until every batch ended or the wait is over.
    const started = Date.now();
    const waitMs = options.waitMs ?? DEFAULT_BATCH_WAIT_MS;
    const pollMs = options.pollIntervalMs ?? DEFAULT_BATCH_POLL_MS;
    while (waiting.size > 0 && !authError) {
      let done = 0;
      let total = 0;
      for (const batchId of [...waiting.keys()]) {
        try {
          const batch = await client.messages.batches.retrieve(batchId);
          const counts = batch.request_counts;
          const ended = counts.succeeded + counts.errored + counts.canceled + counts.expired;
          done += ended;
          total += ended + counts.processing;
          if (batch.processing_status === 'ended') {
            const keys = waiting.get(batchId) ?? [];
            waiting.delete(batchId);
            await collectOrGiveUp(batchId, keys);
          }
        } catch (error) {
          if (fail(error)) break;
          if (error instanceof NotFoundError) {
            for (const key of waiting.get(batchId) ?? []) settle(key, (group) => ({ status: 'unavailable', error: `batch ${batchId} no longer exists`, members: group.members }));
            waiting.delete(batchId);
            await cache?.removePendingBatch(batchId);
          }
          // anything else (a network blip after the SDK's retries): poll again next round
        }
      }
      const elapsedMs = Date.now() - started;
      options.progress?.({ batchIds: [...new Set([...submitted, ...waiting.keys()])], done, total, elapsedMs });
      if (waiting.size === 0 || elapsedMs >= waitMs) break;
      await sleep(Math.min(pollMs, Math.max(0, waitMs - elapsedMs)));
    }
  } catch (error) {
    // reading results failed midway, or an auth error while collecting: what is settled stays
    if (!fail(error)) options.warn(`backend-architect: batch results could not be read: ${errorText(error)}`);
  }

  // 4. Still running: keep it for the next run when there is a cache to put its results in;
  //    without one nobody could ever read them, so cancel it (only unfinished requests are spared).
  const stillProcessing: string[] = [];
  const canceled: string[] = [];
  for (const [batchId, keys] of authError ? [] : waiting) {
    if (cache) {
      stillProcessing.push(batchId);
      for (const key of keys) settle(key, (group) => ({ status: 'pending', batchId, members: group.members }));
    } else {
      canceled.push(batchId);
      await client.messages.batches.cancel(batchId).catch(() => undefined);
      const error = `Message Batch ${batchId} canceled after --batch-wait`;
      for (const key of keys) settle(key, (group) => ({ status: 'unavailable', error, members: group.members }));
    }
  }

  return { ...passResult(selection, outcomes, { requests, cacheHits, usage, authError }), submitted, stillProcessing, canceled, collected };
}
