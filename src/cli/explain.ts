// The explain pass: adds an explanation to each finding of this plugin's rules. It never changes
// the results otherwise, and never the exit code.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  DEFAULT_BATCH_POLL_MS,
  DEFAULT_CACHE_DIR,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MODEL,
  DEFAULT_TIMEOUT_MS,
  ExplanationCache,
  explainWithApi,
  explainWithBatch,
  planExplanations,
  redactedSnippet,
  schemaContextFor,
  type ApiFinding,
  type BatchProgress,
  type Explanation,
  type ExplainApiResult,
  type TokenUsage,
} from '../ai/index.js';
import type { CliOptions } from './args.js';
import { relativePath } from './formats/shared.js';
import { builtInExplanation, isOwnRule, ruleDoc, rulesReference } from './rule-docs.js';
import type { ExplainedMessage, ExplainedResult } from './types.js';

export interface ExplainIo {
  env: NodeJS.ProcessEnv;
  /** One line to stderr. */
  warn(line: string): void;
  /** Directory the cache path resolves against (default: process.cwd()). */
  cwd?: string;
  /** Rewrites the current stderr line (progress); only given when stderr is a TTY. */
  progress?(line: string): void;
  /** `settings['backend-architect'].schema` of the config that applies to a file, when set. */
  configuredSchema?(filePath: string): Promise<string | undefined>;
}

export const NO_KEY_HINT =
  'backend-architect: showing built-in explanations from the rule docs; set ANTHROPIC_API_KEY to get AI explanations from Claude (--dry-run shows what would be sent).';

/** Adds the built-in explanation (from the rule's docs page) to each of this plugin's findings. */
export function addBuiltInExplanations(results: ExplainedResult[]): number {
  let count = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (!isOwnRule(message.ruleId)) continue;
      const explanation = builtInExplanation(message.ruleId);
      if (explanation) {
        message.explanation = explanation;
        count++;
      }
    }
  }
  return count;
}

interface CliFinding extends ApiFinding {
  target: ExplainedMessage;
}

/**
 * This plugin's findings with their redacted snippets (files read from disk, else
 * `result.source`) and the schema block of the model each is about, when there is a schema.
 */
async function collectFindings(results: ExplainedResult[], io: ExplainIo): Promise<CliFinding[]> {
  const findings: CliFinding[] = [];
  const cwd = io.cwd ?? process.cwd();
  for (const result of results) {
    const own = result.messages.filter((message) => isOwnRule(message.ruleId));
    if (own.length === 0) continue;
    let source: string | undefined;
    try {
      source = readFileSync(result.filePath, 'utf8');
    } catch {
      source = result.source;
    }
    const lines = source?.split(/\r?\n/) ?? [];
    const configuredSchema = await io.configuredSchema?.(result.filePath).catch(() => undefined);
    for (const message of own) {
      const ruleId = message.ruleId as string;
      const doc = ruleDoc(ruleId);
      const line = message.line ?? 1;
      const schemaBlock = schemaContextFor({
        filePath: result.filePath,
        message: message.message,
        flaggedCode: lines.slice(line - 1, Math.max(line, message.endLine ?? line)).join('\n'),
        ...(configuredSchema ? { configuredSchema } : {}),
        cwd,
      });
      findings.push({
        ruleId,
        message: message.message,
        snippet: source === undefined ? '' : redactedSnippet(source, line).text,
        ruleDocs: doc ? `${doc.description}\n\n${doc.helpMarkdown}`.trim() : '',
        ...(schemaBlock ? { schemaBlock } : {}),
        filePath: result.filePath,
        line,
        target: message,
      });
    }
  }
  return findings;
}

/** The text shown under a finding: explanation, consequence, fix (with a fenced code block). */
export function renderExplanation(explanation: Explanation): string {
  const parts = [explanation.explanation.trim(), `In production: ${explanation.consequence.trim()}`, `Fix: ${explanation.fix.description.trim()}`];
  const code = explanation.fix.code.trim();
  if (code) parts.push(`\`\`\`ts\n${code}\n\`\`\``);
  if (explanation.likelyFalsePositive) {
    parts.push(`Likely a false positive${explanation.falsePositiveReason ? `: ${explanation.falsePositiveReason.trim()}` : '.'}`);
  }
  return parts.join('\n\n');
}

function positiveEnvInt(value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || !/^\d+$/.test(value.trim())) return fallback;
  return Math.max(min, Number(value));
}

function cacheFor(options: CliOptions, io: ExplainIo): ExplanationCache | undefined {
  return options.cache ? new ExplanationCache({ dir: options.cacheDir ?? DEFAULT_CACHE_DIR, cwd: io.cwd ?? process.cwd() }) : undefined;
}

function modelFor(options: CliOptions, env: NodeJS.ProcessEnv): string {
  return options.model ?? (env.BACKEND_ARCHITECT_MODEL?.trim() || DEFAULT_MODEL);
}

function relative(io: ExplainIo, filePath: string): string {
  return relativePath(io.cwd ?? process.cwd(), filePath);
}

/** `--dry-run`: what would be sent, per distinct finding, and the total; nothing is sent. */
export async function dryRun(results: ExplainedResult[], options: CliOptions, io: ExplainIo): Promise<void> {
  const findings = await collectFindings(results, io);
  const plan = await planExplanations(findings, {
    model: modelFor(options, io.env),
    maxExplanations: options.maxExplanations,
    cache: cacheFor(options, io),
    rulesReference: rulesReference(),
  });
  io.warn(
    `backend-architect: --dry-run: nothing is sent. Would explain ${plan.lines.length} distinct finding(s) with ${plan.model}${options.batch ? ', as one Message Batch' : ''}:`,
  );
  let tokens = 0;
  let requests = 0;
  for (const line of plan.lines) {
    if (!line.cached) {
      tokens += line.estimatedTokens;
      requests++;
    }
    const schema = line.schemaModels.length > 0 ? `, schema of ${line.schemaModels.join(', ')}` : '';
    io.warn(
      `  ${line.ruleId}  ${relative(io, line.filePath)}:${line.line}  prompt ${line.promptChars} chars${schema}, ~${line.estimatedTokens} input tokens${line.cached ? ' (cached: no request)' : ''}`,
    );
  }
  io.warn(
    `  total: ${requests} request(s), ~${tokens} input tokens (estimate at 4 characters a token), of which ~${plan.prefixTokens} per request are the shared prefix (persona, rules reference, tool), read from the prompt cache after the first request${options.batch ? '; batch requests are billed at half price' : ''}`,
  );
  if (plan.omittedGroups > 0) {
    io.warn(`  ${plan.omittedGroups} more distinct finding(s) (${plan.omittedFindings} in all) left out by --max-explanations ${options.maxExplanations}`);
  }
  const requestsFile = await writeDryRunRequests(plan.lines.filter((line) => !line.cached).map((line) => line.body), options, io);
  if (requestsFile) io.warn(`  the exact request bodies: ${relative(io, requestsFile)} (one JSON per line)`);
  addBuiltInExplanations(results);
}

/** `--dry-run` writes the bodies it would send next to the cache, so they can be read in full. */
async function writeDryRunRequests(bodies: unknown[], options: CliOptions, io: ExplainIo): Promise<string | undefined> {
  if (bodies.length === 0) return undefined;
  const file = resolve(io.cwd ?? process.cwd(), options.cacheDir ?? DEFAULT_CACHE_DIR, 'dry-run-requests.jsonl');
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bodies.map((body) => JSON.stringify(body)).join('\n') + '\n', 'utf8');
    return file;
  } catch {
    return undefined; // a read-only checkout: the summary above still says what would be sent
  }
}

function formatUsage(usage: TokenUsage): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return `${n(usage.inputTokens + usage.cacheWriteTokens + usage.cacheReadTokens)} input tokens (${n(usage.cacheReadTokens)} read from and ${n(usage.cacheWriteTokens)} written to the prompt cache), ${n(usage.outputTokens)} output tokens`;
}

function formatBatchProgress(status: BatchProgress): string {
  const seconds = Math.round(status.elapsedMs / 1000);
  const elapsed = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return `backend-architect: waiting for Message Batch ${status.batchIds.join(', ')}: ${status.done}/${status.total} done (${elapsed})`;
}

/** Progress for a batch: rewritten in place on a terminal; in CI logs, a line whenever the count moves. */
function batchProgressReporter(io: ExplainIo): (status: BatchProgress) => void {
  let lastDone = -1;
  return (status) => {
    if (io.progress) {
      io.progress(formatBatchProgress(status));
    } else if (status.done !== lastDone) {
      io.warn(formatBatchProgress(status));
    }
    lastDone = status.done;
  };
}

type CliOutcome = ExplainApiResult<CliFinding> & { stillProcessing?: string[]; canceled?: string[]; collected?: string[] };

/**
 * The AI pass, with an API key: one request per distinct finding (cached, capped, bounded
 * concurrency), or one Message Batch with `--batch`. Findings that get no AI explanation keep
 * the built-in one from the docs.
 */
export async function explainWithClaude(results: ExplainedResult[], options: CliOptions, io: ExplainIo): Promise<void> {
  const apiKey = io.env.ANTHROPIC_API_KEY ?? '';
  const baseURL = io.env.ANTHROPIC_BASE_URL?.trim();
  const findings = await collectFindings(results, io);
  const common = {
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    model: modelFor(options, io.env),
    maxExplanations: options.maxExplanations,
    timeoutMs: positiveEnvInt(io.env.BACKEND_ARCHITECT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 1),
    maxRetries: positiveEnvInt(io.env.BACKEND_ARCHITECT_MAX_RETRIES, DEFAULT_MAX_RETRIES, 0),
    cache: cacheFor(options, io),
    rulesReference: rulesReference(),
    warn: io.warn,
  };
  const outcome: CliOutcome = options.batch
    ? await explainWithBatch(findings, {
        ...common,
        waitMs: options.batchWaitSeconds * 1000,
        pollIntervalMs: positiveEnvInt(io.env.BACKEND_ARCHITECT_BATCH_POLL_MS, DEFAULT_BATCH_POLL_MS, 1),
        progress: batchProgressReporter(io),
      })
    : await explainWithApi(findings, {
        ...common,
        concurrency: options.concurrency,
        ...(io.progress ? { progress: (done: number, total: number) => io.progress?.(total === 0 ? '' : `backend-architect: explaining ${done}/${total}…`) } : {}),
      });
  io.progress?.('');
  // Everything starts with the docs' explanation; AI results and failures replace it.
  addBuiltInExplanations(results);
  let unavailable = 0;
  let pending = 0;
  for (const result of outcome.outcomes) {
    for (const member of result.members) {
      const builtIn = builtInExplanation(member.ruleId);
      if (result.status === 'explained') {
        member.target.explanation = renderExplanation(result.explanation);
      } else if (result.status === 'unavailable') {
        unavailable++;
        member.target.explanation = `AI explanation unavailable (${result.error}).${builtIn ? `\n\n${builtIn}` : ''}`;
      } else if (result.status === 'pending') {
        pending++;
        member.target.explanation = `AI explanation pending (Message Batch ${result.batchId} is still processing).${builtIn ? `\n\n${builtIn}` : ''}`;
      }
    }
  }
  if (outcome.authError) {
    io.warn(`backend-architect: AI explanations stopped: ${outcome.authError}. Check ANTHROPIC_API_KEY; showing built-in explanations from the rule docs.`);
  }
  if (outcome.collected && outcome.collected.length > 0) {
    io.warn(`backend-architect: collected the results of earlier Message Batch(es) ${outcome.collected.join(', ')} into the cache.`);
  }
  if (pending > 0 && outcome.stillProcessing?.length) {
    io.warn(
      `backend-architect: Message Batch ${outcome.stillProcessing.join(', ')} is still processing after --batch-wait ${options.batchWaitSeconds}s; ${pending} finding(s) show the built-in explanation. The next --batch run collects the results (no second charge).`,
    );
  }
  if (outcome.canceled?.length) {
    io.warn(
      `backend-architect: Message Batch ${outcome.canceled.join(', ')} was still processing after --batch-wait ${options.batchWaitSeconds}s and was canceled: with --no-cache its results could not be collected later.`,
    );
  }
  if (unavailable > 0) io.warn(`backend-architect: ${unavailable} finding(s) got no AI explanation (marked unavailable).`);
  if (outcome.omittedGroups > 0) {
    io.warn(
      `backend-architect: ${outcome.omittedGroups} more distinct finding(s) (${outcome.omittedFindings} in all) not explained by AI: --max-explanations ${options.maxExplanations}; they show the built-in explanation.`,
    );
  }
  const used = outcome.usage;
  if (used.inputTokens + used.outputTokens + used.cacheReadTokens + used.cacheWriteTokens > 0) {
    io.warn(
      `backend-architect: ${outcome.requests} ${options.batch ? 'batch request(s)' : 'request(s)'}, ${outcome.cacheHits} from the explanation cache; the API reported ${formatUsage(used)}.`,
    );
  }
}

/** Explains the findings in place: with Claude when a key is set, from the docs otherwise. */
export async function explainResults(results: ExplainedResult[], options: CliOptions, io: ExplainIo): Promise<void> {
  if (!results.some((result) => result.messages.some((message) => isOwnRule(message.ruleId)))) return;
  if (options.dryRun) {
    await dryRun(results, options, io);
    return;
  }
  if (io.env.ANTHROPIC_API_KEY) {
    await explainWithClaude(results, options, io);
    return;
  }
  addBuiltInExplanations(results);
  io.warn(NO_KEY_HINT);
}
