// The explain pass: adds an explanation to each finding of this plugin's rules. It never changes
// the results otherwise, and never the exit code.
import { readFileSync } from 'node:fs';
import {
  DEFAULT_CACHE_DIR,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MODEL,
  DEFAULT_TIMEOUT_MS,
  ExplanationCache,
  explainWithApi,
  planExplanations,
  redactedSnippet,
  type ApiFinding,
  type Explanation,
} from '../ai/index.js';
import type { CliOptions } from './args.js';
import { relativePath } from './formats/shared.js';
import { builtInExplanation, isOwnRule, ruleDoc } from './rule-docs.js';
import type { ExplainedMessage, ExplainedResult } from './types.js';

export interface ExplainIo {
  env: NodeJS.ProcessEnv;
  /** One line to stderr. */
  warn(line: string): void;
  /** Directory the cache path resolves against (default: process.cwd()). */
  cwd?: string;
  /** Rewrites the current stderr line (progress); only given when stderr is a TTY. */
  progress?(line: string): void;
}

export const NO_KEY_HINT =
  'backend-architect: showing built-in explanations from the rule docs; set ANTHROPIC_API_KEY to get AI explanations from Claude (--dry-run shows what would be sent).';
export const BATCH_NOT_IMPLEMENTED =
  'backend-architect: --batch (Message Batches API) is not implemented yet; explaining with regular requests.';

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

/** This plugin's findings with their redacted snippets (files read from disk, else `result.source`). */
function collectFindings(results: ExplainedResult[]): CliFinding[] {
  const findings: CliFinding[] = [];
  for (const result of results) {
    const own = result.messages.filter((message) => isOwnRule(message.ruleId));
    if (own.length === 0) continue;
    let source: string | undefined;
    try {
      source = readFileSync(result.filePath, 'utf8');
    } catch {
      source = result.source;
    }
    for (const message of own) {
      const ruleId = message.ruleId as string;
      const doc = ruleDoc(ruleId);
      const line = message.line ?? 1;
      findings.push({
        ruleId,
        message: message.message,
        snippet: source === undefined ? '' : redactedSnippet(source, line).text,
        ruleDocs: doc ? `${doc.description}\n\n${doc.helpMarkdown}`.trim() : '',
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
  const findings = collectFindings(results);
  const plan = await planExplanations(findings, { model: modelFor(options, io.env), maxExplanations: options.maxExplanations, cache: cacheFor(options, io) });
  io.warn(`backend-architect: --dry-run: nothing is sent. Would explain ${plan.lines.length} distinct finding(s) with ${plan.model}:`);
  let tokens = 0;
  let requests = 0;
  for (const line of plan.lines) {
    if (!line.cached) {
      tokens += line.estimatedTokens;
      requests++;
    }
    io.warn(`  ${line.ruleId}  ${relative(io, line.filePath)}:${line.line}  prompt ${line.promptChars} chars, ~${line.estimatedTokens} input tokens${line.cached ? ' (cached: no request)' : ''}`);
  }
  io.warn(`  total: ${requests} request(s), ~${tokens} input tokens (estimate; the shared system prefix is cached after the first request)`);
  if (plan.omittedGroups > 0) {
    io.warn(`  ${plan.omittedGroups} more distinct finding(s) (${plan.omittedFindings} in all) left out by --max-explanations ${options.maxExplanations}`);
  }
  addBuiltInExplanations(results);
}

/**
 * The AI pass, with an API key: one request per distinct finding (cached, capped, bounded
 * concurrency). Findings that get no AI explanation keep the built-in one from the docs.
 */
export async function explainWithClaude(results: ExplainedResult[], options: CliOptions, io: ExplainIo): Promise<void> {
  if (options.batch) io.warn(BATCH_NOT_IMPLEMENTED);
  const apiKey = io.env.ANTHROPIC_API_KEY ?? '';
  const baseURL = io.env.ANTHROPIC_BASE_URL?.trim();
  const findings = collectFindings(results);
  const outcome = await explainWithApi(findings, {
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    model: modelFor(options, io.env),
    concurrency: options.concurrency,
    maxExplanations: options.maxExplanations,
    timeoutMs: positiveEnvInt(io.env.BACKEND_ARCHITECT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 1),
    maxRetries: positiveEnvInt(io.env.BACKEND_ARCHITECT_MAX_RETRIES, DEFAULT_MAX_RETRIES, 0),
    cache: cacheFor(options, io),
    ...(io.progress ? { progress: (done: number, total: number) => io.progress?.(total === 0 ? '' : `backend-architect: explaining ${done}/${total}…`) } : {}),
    warn: io.warn,
  });
  io.progress?.('');
  // Everything starts with the docs' explanation; AI results and failures replace it.
  addBuiltInExplanations(results);
  let unavailable = 0;
  for (const result of outcome.outcomes) {
    for (const member of result.members) {
      if (result.status === 'explained') {
        member.target.explanation = renderExplanation(result.explanation);
      } else if (result.status === 'unavailable') {
        unavailable++;
        const builtIn = builtInExplanation(member.ruleId);
        member.target.explanation = `AI explanation unavailable (${result.error}).${builtIn ? `\n\n${builtIn}` : ''}`;
      }
    }
  }
  if (outcome.authError) {
    io.warn(`backend-architect: AI explanations stopped: ${outcome.authError}. Check ANTHROPIC_API_KEY; showing built-in explanations from the rule docs.`);
  }
  if (unavailable > 0) io.warn(`backend-architect: ${unavailable} finding(s) got no AI explanation (marked unavailable).`);
  if (outcome.omittedGroups > 0) {
    io.warn(
      `backend-architect: ${outcome.omittedGroups} more distinct finding(s) (${outcome.omittedFindings} in all) not explained by AI: --max-explanations ${options.maxExplanations}; they show the built-in explanation.`,
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
