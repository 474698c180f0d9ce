#!/usr/bin/env node
// `backend-architect`: lints with the user's own eslint.config.* through the ESLint Node API (or
// reads `eslint -f json` output), optionally explains this plugin's findings, prints them in one
// of four formats. The exit code is ESLint's: 0 clean, 1 lint errors, 2 usage or fatal error.
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './args.js';
import { explainResults } from './explain.js';
import { formatters } from './formats/index.js';
import type { ExplainedResult, Report } from './types.js';

const require = createRequire(import.meta.url);

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  readStdin(): Promise<string>;
  /** stdin is a terminal: `explain` with no file would wait for typing, so it is a usage error. */
  stdinIsTTY?: boolean;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses `eslint -f json` output: an array of results, each with a filePath and messages. */
export function parseEslintJson(text: string, source: string): ExplainedResult[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON (expected the output of \`eslint -f json\`): ${(error as Error).message}`);
  }
  const valid =
    Array.isArray(data) &&
    data.every((r) => typeof r === 'object' && r !== null && typeof r.filePath === 'string' && Array.isArray(r.messages));
  if (!valid) throw new UsageError(`${source} is not \`eslint -f json\` output (an array of { filePath, messages })`);
  return (data as ExplainedResult[]).map((result) => ({
    ...result,
    errorCount: result.errorCount ?? result.messages.filter((m) => m.severity === 2).length,
    warningCount: result.warningCount ?? result.messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: result.fixableErrorCount ?? 0,
    fixableWarningCount: result.fixableWarningCount ?? 0,
  }));
}

async function lint(eslint: ESLint, options: CliOptions): Promise<{ results: ExplainedResult[]; rulesMeta: Report['rulesMeta'] }> {
  const results = await eslint.lintFiles(options.patterns);
  return { results, rulesMeta: eslint.getRulesMetaForResults(results) };
}

/** `settings['backend-architect'].schema` of the config that applies to a file (for the schema block sent with a finding). */
async function configuredSchema(eslint: ESLint, filePath: string): Promise<string | undefined> {
  const config = (await eslint.calculateConfigForFile(filePath)) as { settings?: Record<string, unknown> } | undefined;
  const settings = config?.settings?.['backend-architect'];
  const schema = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>).schema : undefined;
  return typeof schema === 'string' ? schema : undefined;
}

function exitCodeOf(results: ExplainedResult[]): number {
  return results.some((result) => result.errorCount > 0 || result.fatalErrorCount) ? 1 : 0;
}

/** What a fatal error says: ESLint's own message (with a hint where one helps); the stack only with BACKEND_ARCHITECT_DEBUG=1. */
function fatalMessage(error: unknown, env: NodeJS.ProcessEnv): string {
  if (error instanceof UsageError) return error.message;
  const template = (error as { messageTemplate?: unknown } | null)?.messageTemplate;
  if (template === 'config-file-missing') {
    return 'no eslint.config.* found in this directory or above it. backend-architect lints with your own flat config: add one that includes backendArchitect.configs.recommended (see the README), or pipe `eslint -f json` output into `backend-architect explain`.';
  }
  if (env.BACKEND_ARCHITECT_DEBUG === '1') return (error as Error)?.stack ?? String(error);
  return `${(error as Error)?.message ?? String(error)} (set BACKEND_ARCHITECT_DEBUG=1 for the stack trace)`;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    io.stderr.write(`backend-architect: ${(error as Error).message}\nRun \`backend-architect --help\` for the options.\n`);
    return 2;
  }
  if (options.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.version) {
    io.stdout.write(`${(require('../../package.json') as { version: string }).version}\n`);
    return 0;
  }
  try {
    let results: ExplainedResult[];
    let rulesMeta: Report['rulesMeta'] = {};
    // `explain` may run where no eslint.config.* exists: the ESLint instance is only made when asked for
    let eslint: ESLint | undefined;
    const eslintInstance = () => (eslint ??= new ESLint({ cwd: io.cwd }));
    if (options.command === 'explain') {
      const input = options.patterns[0];
      const fromStdin = input === undefined || input === '-';
      if (fromStdin && io.stdinIsTTY) throw new UsageError('explain reads `eslint -f json` output: pass a file, or pipe it in (eslint -f json . | backend-architect explain)');
      const text = fromStdin ? await io.readStdin() : readFileSync(resolve(io.cwd, input), 'utf8');
      results = parseEslintJson(text, fromStdin ? 'stdin' : input);
    } else {
      ({ results, rulesMeta } = await lint(eslintInstance(), options));
    }
    const exitCode = exitCodeOf(results);
    if (options.explain) {
      try {
        await explainResults(results, options, {
          env: io.env,
          cwd: io.cwd,
          warn: (line) => io.stderr.write(`${line}\n`),
          configuredSchema: async (filePath) => configuredSchema(eslintInstance(), filePath),
          // a progress line only on a terminal; CI logs get the summary lines alone
          ...(io.stderr.isTTY ? { progress: (line: string) => io.stderr.write(`\r\x1b[2K${line}`) } : {}),
        });
      } catch (error) {
        // the explain pass never changes the exit code
        io.stderr.write(`backend-architect: explanations unavailable: ${(error as Error).message}\n`);
      }
    }
    const color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
    const report: Report = { results, cwd: io.cwd, rulesMeta, color, width: Math.min(io.stdout.columns ?? 100, 100) };
    io.stdout.write(formatters[options.format](report));
    return exitCode;
  } catch (error) {
    io.stderr.write(`backend-architect: ${fatalMessage(error, io.env)}\n`);
    return 2;
  }
}

/** Whether this module is the process's entry point (directly, or through an npm bin symlink). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  try {
    return entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  run(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readAll(process.stdin),
    stdinIsTTY: process.stdin.isTTY,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`backend-architect: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
