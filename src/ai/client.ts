// The API pass: one Messages API request per distinct finding, through the official SDK.
// Order of work (see index.ts): dedupe + `--max-explanations` cut, cache lookup, then a small
// promise pool of requests for the misses. The SDK retries 429/5xx/529 with backoff itself.
// An auth error stops the pass at once; any other error marks that finding unavailable.
import Anthropic, { AuthenticationError, PermissionDeniedError } from '@anthropic-ai/sdk';
import { ExplanationCache, cacheKey } from './cache.js';
import { selectForExplanation, type ExplanationSelection, type FindingGroup } from './dedupe.js';
import { PROMPT_VERSION, buildRequest, estimatePrefixTokens, estimateRequestTokens, parseExplanationResponse, type Explanation, type MessagesRequestBody } from './prompt.js';

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
  /** All rules in a few lines each: joins the persona in the cached system prefix of every request. */
  rulesReference?: string;
  /** Progress lines (written over each other) while requests run; the caller decides on TTY. */
  progress?: (done: number, total: number) => void;
  /** One line to stderr. */
  warn: (line: string) => void;
}

export type FindingOutcome<T extends ApiFinding> =
  | { status: 'explained'; explanation: Explanation; cached: boolean; members: T[] }
  | { status: 'unavailable'; error: string; members: T[] }
  /** Submitted in a Message Batch that had not ended when the run stopped waiting. */
  | { status: 'pending'; batchId: string; members: T[] }
  /** Not explained: left out by `--max-explanations`, or after an auth error stopped the pass. */
  | { status: 'skipped'; members: T[] };

/** Token counts the API reported for this run's requests (cache hits on disk cost nothing). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens written to / read from the API's prompt cache (the shared system prefix). */
  cacheWriteTokens: number;
  cacheReadTokens: number;
}

export interface ExplainApiResult<T extends ApiFinding> {
  outcomes: FindingOutcome<T>[];
  requests: number;
  cacheHits: number;
  omittedGroups: number;
  omittedFindings: number;
  usage: TokenUsage;
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

/** The request body for one finding: what is sent, and what `--dry-run` measures. */
function requestBody(finding: ApiFinding, model: string, rulesReference: string | undefined): MessagesRequestBody {
  return buildRequest({
    model,
    ruleId: finding.ruleId,
    message: finding.message,
    snippet: finding.snippet,
    ...(finding.ruleDocs ? { ruleDocs: finding.ruleDocs } : {}),
    ...(finding.schemaBlock ? { schemaBlock: finding.schemaBlock } : {}),
    ...(rulesReference ? { rulesReference } : {}),
  });
}

/** The body typed for the SDK, whose types are stricter than our local shape; the body is the documented one. */
export function requestFor(finding: ApiFinding, model: string, rulesReference: string | undefined): Anthropic.MessageCreateParamsNonStreaming {
  return requestBody(finding, model, rulesReference) as unknown as Anthropic.MessageCreateParamsNonStreaming;
}

/** The cache key of a finding: everything that shapes its prompt except the run-wide prefix. */
export function keyOf(finding: ApiFinding, model: string): string {
  return cacheKey({
    model,
    promptVersion: PROMPT_VERSION,
    ruleId: finding.ruleId,
    message: finding.message,
    snippet: finding.snippet,
    ...(finding.schemaBlock ? { schemaBlock: finding.schemaBlock } : {}),
  });
}

export function errorText(error: unknown): string {
  if (error instanceof Anthropic.APIConnectionTimeoutError) return 'request timed out';
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    return `API error ${error.status}${error.message ? `: ${error.message}` : ''}`.slice(0, 300);
  }
  return (error as Error)?.message ?? String(error);
}

/** The message for an auth error, or undefined when `error` is something else. */
export function authErrorText(error: unknown): string | undefined {
  if (error instanceof AuthenticationError) return `the Anthropic API refused the key (${error.status} authentication error)`;
  if (error instanceof PermissionDeniedError) return `the Anthropic API refused the key (${error.status} permission denied)`;
  return undefined;
}

export function emptyUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 };
}

/** Adds a response's `usage` to the run's total; tolerant of missing fields (fake or older APIs). */
export function addUsage(total: TokenUsage, usage: unknown): void {
  if (typeof usage !== 'object' || usage === null) return;
  const count = (name: string): number => {
    const value = (usage as Record<string, unknown>)[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  total.inputTokens += count('input_tokens');
  total.outputTokens += count('output_tokens');
  total.cacheWriteTokens += count('cache_creation_input_tokens');
  total.cacheReadTokens += count('cache_read_input_tokens');
}

export function sdkClient(options: Pick<ExplainApiOptions, 'apiKey' | 'baseURL' | 'maxRetries' | 'timeoutMs'>): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}

export interface Miss<T extends ApiFinding> {
  group: FindingGroup<T>;
  key: string;
}

/** The first steps shared by both passes: dedupe, the `--max-explanations` cut, the disk cache. */
export async function selectAndLookUp<T extends ApiFinding>(
  findings: T[],
  options: Pick<ExplainApiOptions, 'model' | 'maxExplanations' | 'cache'>,
): Promise<{ model: string; selection: ExplanationSelection<T>; outcomes: Map<FindingGroup<T>, FindingOutcome<T>>; misses: Miss<T>[]; cacheHits: number }> {
  const model = options.model ?? DEFAULT_MODEL;
  const selection = selectForExplanation(findings, options.maxExplanations ?? DEFAULT_MAX_EXPLANATIONS);
  const outcomes = new Map<FindingGroup<T>, FindingOutcome<T>>();
  const misses: Miss<T>[] = [];
  let cacheHits = 0;
  for (const group of selection.selected) {
    const key = keyOf(group.representative, model);
    const hit = await options.cache?.get(key);
    if (hit) {
      cacheHits++;
      outcomes.set(group, { status: 'explained', explanation: hit, cached: true, members: group.members });
    } else {
      misses.push({ group, key });
    }
  }
  return { model, selection, outcomes, misses, cacheHits };
}

/** The pass's result: outcomes in selection order (a group with none was skipped) and the counts. */
export function passResult<T extends ApiFinding>(
  selection: ExplanationSelection<T>,
  outcomes: Map<FindingGroup<T>, FindingOutcome<T>>,
  counts: { requests: number; cacheHits: number; usage: TokenUsage; authError: string | undefined },
): ExplainApiResult<T> {
  return {
    outcomes: selection.selected.map((group) => outcomes.get(group) ?? { status: 'skipped', members: group.members }),
    requests: counts.requests,
    cacheHits: counts.cacheHits,
    omittedGroups: selection.omittedGroups,
    omittedFindings: selection.omittedFindings,
    usage: counts.usage,
    ...(counts.authError ? { authError: counts.authError } : {}),
  };
}

/** Explains each distinct finding once, with the cache, the limit and bounded concurrency. */
export async function explainWithApi<T extends ApiFinding>(findings: T[], options: ExplainApiOptions): Promise<ExplainApiResult<T>> {
  const { model, selection, outcomes, misses, cacheHits } = await selectAndLookUp(findings, options);
  const client = sdkClient(options);
  const abort = new AbortController();
  const usage = emptyUsage();
  let requests = 0;
  let authError: string | undefined;

  let done = 0;
  options.progress?.(0, misses.length);
  await promisePool(
    misses,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async ({ group, key }) => {
      try {
        requests++;
        const response = await client.messages.create(requestFor(group.representative, model, options.rulesReference), { signal: abort.signal });
        addUsage(usage, response.usage);
        const parsed = parseExplanationResponse(response);
        if (parsed.ok) {
          await options.cache?.set(key, parsed.explanation);
          outcomes.set(group, { status: 'explained', explanation: parsed.explanation, cached: false, members: group.members });
        } else {
          outcomes.set(group, { status: 'unavailable', error: parsed.error, members: group.members });
        }
      } catch (error) {
        const refused = authErrorText(error);
        if (refused) {
          if (!authError) {
            authError = refused;
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

  return passResult(selection, outcomes, { requests, cacheHits, usage, authError });
}

export interface DryRunLine {
  ruleId: string;
  filePath: string;
  line: number;
  promptChars: number;
  estimatedTokens: number;
  cached: boolean;
  /** The models whose schema blocks go with the finding. */
  schemaModels: string[];
  /** The exact request body that would be sent. */
  body: MessagesRequestBody;
}

/** What `--dry-run` reports: per distinct finding, the prompt size and token estimate; sends nothing. */
export async function planExplanations<T extends ApiFinding>(
  findings: T[],
  options: { model?: string; maxExplanations?: number; cache?: ExplanationCache; rulesReference?: string },
): Promise<{ lines: DryRunLine[]; omittedGroups: number; omittedFindings: number; model: string; prefixTokens: number }> {
  const model = options.model ?? DEFAULT_MODEL;
  const selection = selectForExplanation(findings, options.maxExplanations ?? DEFAULT_MAX_EXPLANATIONS);
  const lines: DryRunLine[] = [];
  let prefixTokens = 0;
  for (const group of selection.selected) {
    const finding = group.representative;
    const body = requestBody(finding, model, options.rulesReference);
    const key = keyOf(finding, model);
    prefixTokens = estimatePrefixTokens(body);
    lines.push({
      ruleId: finding.ruleId,
      filePath: finding.filePath,
      line: finding.line,
      promptChars: body.messages.reduce((sum, m) => sum + m.content.length, 0),
      estimatedTokens: estimateRequestTokens(body),
      cached: (await options.cache?.get(key)) !== undefined,
      schemaModels: [...(finding.schemaBlock ?? '').matchAll(/^model\s+(\w+)/gm)].map((match) => match[1] as string),
      body,
    });
  }
  return { lines, omittedGroups: selection.omittedGroups, omittedFindings: selection.omittedFindings, model, prefixTokens };
}
