// The API pass: one Messages API request per distinct finding, through the official SDK.
// Order of work (see index.ts): dedupe + `--max-explanations` cut, cache lookup, then a small
// promise pool of requests for the misses. The SDK retries 429/5xx/529 with backoff itself.
// An auth error stops the pass at once; any other error marks that finding unavailable.
import Anthropic, { AuthenticationError, PermissionDeniedError } from '@anthropic-ai/sdk';
import { ExplanationCache, cacheKey } from './cache.js';
import { selectForExplanation, type FindingGroup } from './dedupe.js';
import { PROMPT_VERSION, buildRequest, estimateRequestTokens, parseExplanationResponse, type Explanation } from './prompt.js';

/** The newest Claude Sonnet in the SDK's model list (claude-sonnet-4-5 reaches end-of-life on 2026-11-30); overridden by `--model` or `BACKEND_ARCHITECT_MODEL`. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_EXPLANATIONS = 25;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;

/** One finding as the API pass sees it. `snippet` must already be redacted (`redactedSnippet`). */
export interface ApiFinding {
  ruleId: string;
  message: string;
  snippet: string;
  ruleDocs?: string;
  schemaBlock?: string;
  /** For `--dry-run` and progress output only; never sent. */
  filePath: string;
  line: number;
}

export interface ExplainApiOptions {
  apiKey: string;
  /** Defaults to `ANTHROPIC_BASE_URL` (via the SDK), then the public API. */
  baseURL?: string;
  model?: string;
  concurrency?: number;
  maxExplanations?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  maxRetries?: number;
  /** `undefined` disables the cache. */
  cache?: ExplanationCache;
  /** Progress lines (written over each other) while requests run; the caller decides on TTY. */
  progress?: (done: number, total: number) => void;
  /** One line to stderr. */
  warn: (line: string) => void;
}

export type FindingOutcome<T extends ApiFinding> =
  | { status: 'explained'; explanation: Explanation; cached: boolean; members: T[] }
  | { status: 'unavailable'; error: string; members: T[] }
  /** Not explained: left out by `--max-explanations`, or after an auth error stopped the pass. */
  | { status: 'skipped'; members: T[] };

export interface ExplainApiResult<T extends ApiFinding> {
  outcomes: FindingOutcome<T>[];
  requests: number;
  cacheHits: number;
  omittedGroups: number;
  omittedFindings: number;
  /** Set when an auth error stopped the pass. */
  authError?: string;
}

/** Runs `worker` over `items` with at most `limit` in flight; stops taking new items once `stop()`. */
export async function promisePool<T>(items: T[], limit: number, worker: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const item = items[next++] as T;
      await worker(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, run));
}

function requestFor(finding: ApiFinding, model: string) {
  return buildRequest({
    model,
    ruleId: finding.ruleId,
    message: finding.message,
    snippet: finding.snippet,
    ...(finding.ruleDocs ? { ruleDocs: finding.ruleDocs } : {}),
    ...(finding.schemaBlock ? { schemaBlock: finding.schemaBlock } : {}),
  });
}

function errorText(error: unknown): string {
  if (error instanceof Anthropic.APIConnectionTimeoutError) return 'request timed out';
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    return `API error ${error.status}${error.message ? `: ${error.message}` : ''}`.slice(0, 300);
  }
  return (error as Error)?.message ?? String(error);
}

/** Explains each distinct finding once, with the cache, the limit and bounded concurrency. */
export async function explainWithApi<T extends ApiFinding>(findings: T[], options: ExplainApiOptions): Promise<ExplainApiResult<T>> {
  const model = options.model ?? DEFAULT_MODEL;
  const selection = selectForExplanation(findings, options.maxExplanations ?? DEFAULT_MAX_EXPLANATIONS);
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const abort = new AbortController();
  const outcomes = new Map<FindingGroup<T>, FindingOutcome<T>>();
  let requests = 0;
  let cacheHits = 0;
  let authError: string | undefined;

  // Cache hits first: they need no request and do not count towards progress.
  const misses: { group: FindingGroup<T>; key: string }[] = [];
  for (const group of selection.selected) {
    const key = cacheKey({ model, promptVersion: PROMPT_VERSION, ruleId: group.representative.ruleId, message: group.representative.message, snippet: group.representative.snippet });
    const hit = await options.cache?.get(key);
    if (hit) {
      cacheHits++;
      outcomes.set(group, { status: 'explained', explanation: hit, cached: true, members: group.members });
    } else {
      misses.push({ group, key });
    }
  }

  let done = 0;
  options.progress?.(0, misses.length);
  await promisePool(
    misses,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async ({ group, key }) => {
      try {
        requests++;
        // The SDK's own types are stricter than our local request shape (tool_choice etc.); the
        // body is the documented Messages API request, so it is passed through as is.
        const body = requestFor(group.representative, model) as unknown as Anthropic.MessageCreateParamsNonStreaming;
        const response = await client.messages.create(body, { signal: abort.signal });
        const parsed = parseExplanationResponse(response);
        if (parsed.ok) {
          await options.cache?.set(key, parsed.explanation);
          outcomes.set(group, { status: 'explained', explanation: parsed.explanation, cached: false, members: group.members });
        } else {
          outcomes.set(group, { status: 'unavailable', error: parsed.error, members: group.members });
        }
      } catch (error) {
        if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
          if (!authError) {
            authError = `the Anthropic API refused the key (${error.status}${error instanceof AuthenticationError ? ' authentication error' : ' permission denied'})`;
            abort.abort();
          }
        } else if (!authError) {
          outcomes.set(group, { status: 'unavailable', error: errorText(error), members: group.members });
        }
      } finally {
        done++;
        if (!authError) options.progress?.(done, misses.length);
      }
    },
    () => authError !== undefined,
  );

  const ordered: FindingOutcome<T>[] = selection.selected.map((group) => outcomes.get(group) ?? { status: 'skipped', members: group.members });
  return {
    outcomes: ordered,
    requests,
    cacheHits,
    omittedGroups: selection.omittedGroups,
    omittedFindings: selection.omittedFindings,
    ...(authError ? { authError } : {}),
  };
}

export interface DryRunLine {
  ruleId: string;
  filePath: string;
  line: number;
  promptChars: number;
  estimatedTokens: number;
  cached: boolean;
}

/** What `--dry-run` reports: per distinct finding, the prompt size and token estimate; sends nothing. */
export async function planExplanations<T extends ApiFinding>(
  findings: T[],
  options: { model?: string; maxExplanations?: number; cache?: ExplanationCache },
): Promise<{ lines: DryRunLine[]; omittedGroups: number; omittedFindings: number; model: string }> {
  const model = options.model ?? DEFAULT_MODEL;
  const selection = selectForExplanation(findings, options.maxExplanations ?? DEFAULT_MAX_EXPLANATIONS);
  const lines: DryRunLine[] = [];
  for (const group of selection.selected) {
    const finding = group.representative;
    const body = requestFor(finding, model);
    const key = cacheKey({ model, promptVersion: PROMPT_VERSION, ruleId: finding.ruleId, message: finding.message, snippet: finding.snippet });
    lines.push({
      ruleId: finding.ruleId,
      filePath: finding.filePath,
      line: finding.line,
      promptChars: body.messages.reduce((sum, m) => sum + m.content.length, 0),
      estimatedTokens: estimateRequestTokens(body),
      cached: (await options.cache?.get(key)) !== undefined,
    });
  }
  return { lines, omittedGroups: selection.omittedGroups, omittedFindings: selection.omittedFindings, model };
}
