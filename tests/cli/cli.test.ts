// The built CLI (dist/cli/index.js) against a copy of examples/next-app, linted with an
// eslint.config.js that imports the built plugin and the parser by absolute file URL.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eslintConfigSource, root, runCli as cli } from '../support/cli.js';

const RULE_IDS = [
  'no-leaked-db-client',
  'no-outer-client-in-transaction',
  'no-query-in-loop',
  'no-sensitive-field-exposure',
  'no-slow-call-in-transaction',
  'no-unawaited-query',
  'no-unbounded-query',
  'no-unsafe-raw-query',
  'require-index-for-query',
  'require-input-validation',
  'require-transaction',
].map((id) => `backend-architect/${id}`);

// Phrases of the built-in explanations (docs/rules/<id>.md, "why it matters").
const N_PLUS_ONE_WHY = 'A query inside a loop runs once per element';
const NO_KEY_HINT = /set ANTHROPIC_API_KEY/;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ba-cli-'));
  cpSync(join(root, 'examples/next-app'), dir, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, type: 'module' }));
  writeFileSync(join(dir, 'eslint.config.js'), eslintConfigSource());
  writeFileSync(join(dir, 'clean.ts'), `export function add(a: number, b: number) {\n  return a + b;\n}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exit codes', () => {
  it('is 0 on a clean file', async () => {
    const run = await cli(['clean.ts', '--explain'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('is 1 with lint errors, with or without --explain', async () => {
    expect((await cli([], { cwd: dir })).code).toBe(1);
    expect((await cli(['--explain'], { cwd: dir })).code).toBe(1);
  });

  it('is 2 on a bad --format, with a clear message', async () => {
    const run = await cli(['--format', 'xml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format must be one of stylish, json, markdown, sarif, got "xml"');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['--max-explanations=-1'], '--max-explanations must be an integer >= 0'],
    [['--max-explanations', 'many'], '--max-explanations must be an integer >= 0'],
    [['--concurrency', '0'], '--concurrency must be an integer >= 1'],
    [['--batch-wait', '1.5'], '--batch-wait must be an integer >= 0'],
    [['--model', ''], '--model must not be empty'],
    [['--cache-dir', ' '], '--cache-dir must not be empty'],
    [['--unknown-flag'], "Unknown option '--unknown-flag'"],
  ])('is 2 on bad AI options %j', async (args, message) => {
    const run = await cli(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('accepts the AI options that are valid', async () => {
    const args = ['clean.ts', '--explain', '--max-explanations', '3', '--model', 'claude-x', '--concurrency', '2'];
    const run = await cli([...args, '--cache-dir', '.c', '--no-cache', '--dry-run', '--batch', '--batch-wait', '60'], { cwd: dir });
    expect(run.code).toBe(0);
  });

  it('is 2 when a pattern matches nothing (ESLint fatal error)', async () => {
    const run = await cli(['does-not-exist/'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No files matching/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('is 2 with a clear message, not a stack trace, when there is no eslint.config.*', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ba-noconfig-'));
    try {
      writeFileSync(join(empty, 'a.ts'), 'export const a = 1;\n');
      const run = await cli(['a.ts'], { cwd: empty });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no eslint.config.* found');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('stylish', () => {
  it('groups by file and prints the explanation under each finding of this plugin', async () => {
    const run = await cli(['--explain'], { cwd: dir });
    expect(run.stdout).toMatch(/^app\/actions\.ts$/m);
    for (const id of RULE_IDS) expect(run.stdout).toContain(id);
    const lines = run.stdout.split('\n');
    const finding = lines.findIndex((line) => line.endsWith('backend-architect/no-query-in-loop'));
    expect(finding).toBeGreaterThan(-1);
    expect(lines[finding + 1]).toMatch(/^\s+A query inside a loop runs once per element/);
    expect(run.stdout).toMatch(/✖ \d+ problems \(\d+ errors, 0 warnings\)/);
    expect(run.stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('prints no explanations without --explain, and no hint', async () => {
    const run = await cli([], { cwd: dir });
    expect(run.stdout).toContain('backend-architect/no-query-in-loop');
    expect(run.stdout).not.toContain(N_PLUS_ONE_WHY);
    expect(run.stderr).toBe('');
  });

  it('says once on stderr how to enable AI explanations when there is no key', async () => {
    const run = await cli(['--explain'], { cwd: dir });
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(NO_KEY_HINT);
  });
});

describe('json', () => {
  it("is ESLint's results with an explanation on this plugin's findings", async () => {
    const run = await cli(['--explain', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; explanation?: string }[] }[];
    const messages = results.flatMap((result) => result.messages);
    expect(new Set(messages.map((message) => message.ruleId))).toEqual(new Set(RULE_IDS));
    for (const message of messages) expect(message.explanation).toEqual(expect.any(String));
    expect(messages.find((message) => message.ruleId.endsWith('no-query-in-loop'))?.explanation).toContain(N_PLUS_ONE_WHY);
  });

  it('has no explanation fields without --explain', async () => {
    const run = await cli(['--format', 'json'], { cwd: dir });
    expect(run.stdout).not.toContain('"explanation"');
  });
});

describe('markdown', () => {
  it('has a summary table per rule and the explanations in <details>', async () => {
    const run = await cli(['--explain', '--format', 'markdown'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('| Rule | Errors | Warnings |');
    for (const id of RULE_IDS) expect(run.stdout).toMatch(new RegExp(`^\\| \\[\`${id}\`\\]\\(https://[^)]+\\) \\| \\d+ \\| 0 \\|$`, 'm'));
    expect(run.stdout).toContain('### `app/actions.ts`');
    expect(run.stdout).toContain('<details><summary>Why it matters</summary>');
    expect(run.stdout).toContain(N_PLUS_ONE_WHY);
  });

  it('says so when there is nothing to report', async () => {
    const run = await cli(['clean.ts', '--format', 'markdown'], { cwd: dir });
    expect(run.stdout).toContain('No problems found.');
  });
});

/** The parts of SARIF 2.1.0 that GitHub code scanning requires, checked by hand. */
function expectValidSarif(log: Log): void {
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0]!;
  expect(run.tool.driver).toMatchObject({ name: 'eslint-plugin-backend-architect', version: expect.any(String), informationUri: expect.stringMatching(/^https:\/\//) });
  const rules = run.tool.driver.rules ?? [];
  for (const rule of rules) {
    expect(rule.id).toEqual(expect.any(String));
    expect(rule.shortDescription?.text).toEqual(expect.any(String));
    expect(rule.helpUri).toMatch(/^https:\/\/.*\/docs\/rules\/.+\.md$/);
    expect(rule.help?.text).toEqual(expect.any(String));
    expect(rule.help?.markdown).toEqual(expect.any(String));
  }
  expect(run.results).toBeInstanceOf(Array);
  for (const result of run.results ?? []) {
    expect(result.message.text).toEqual(expect.any(String));
    expect(['error', 'warning']).toContain(result.level);
    expect(rules[result.ruleIndex!]?.id).toBe(result.ruleId);
    const location = result.locations?.[0]?.physicalLocation;
    expect(location?.artifactLocation?.uri).toMatch(/^[^/].*\.tsx?$/); // relative to cwd
    expect(location?.region?.startLine).toBeGreaterThan(0);
    expect(location?.region?.startColumn).toBeGreaterThan(0);
  }
}

describe('sarif', () => {
  it('is valid SARIF 2.1.0 with rule help from the docs and the explanation in the message', async () => {
    const run = await cli(['--explain', '--format', 'sarif'], { cwd: dir });
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as Log;
    expectValidSarif(log);
    const sarifRun = log.runs[0]!;
    expect(new Set(sarifRun.tool.driver.rules?.map((rule) => rule.id))).toEqual(new Set(RULE_IDS));
    const loop = sarifRun.tool.driver.rules?.find((rule) => rule.id === 'backend-architect/no-query-in-loop');
    expect(loop?.shortDescription?.text).toBe('Disallow database queries that run once per loop iteration (N+1 queries)');
    expect(loop?.help?.markdown).toContain(N_PLUS_ONE_WHY);
    const result = sarifRun.results?.find((r) => r.ruleId === 'backend-architect/no-query-in-loop');
    expect(result?.level).toBe('error');
    expect(result?.message.markdown).toContain(N_PLUS_ONE_WHY);
  });

  it('is valid with no findings', async () => {
    const run = await cli(['clean.ts', '--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(run.stdout) as Log;
    expectValidSarif(log);
    expect(log.runs[0]!.results).toEqual([]);
  });
});

describe('explain subcommand', () => {
  let eslintJson: string;
  beforeAll(async () => {
    eslintJson = (await cli(['--format', 'json'], { cwd: dir })).stdout;
    // another plugin's finding in the same output: printed, never explained
    const results = JSON.parse(eslintJson) as { messages: unknown[]; warningCount: number }[];
    results[0]!.messages.push({ ruleId: 'no-console', severity: 1, message: 'Unexpected console statement.', line: 1, column: 1 });
    results[0]!.warningCount++;
    eslintJson = JSON.stringify(results);
    writeFileSync(join(dir, 'eslint-output.json'), eslintJson);
  });

  it('explains `eslint -f json` output from a file', async () => {
    const run = await cli(['explain', 'eslint-output.json', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const messages = (JSON.parse(run.stdout) as { messages: { ruleId: string; explanation?: string }[] }[]).flatMap((r) => r.messages);
    expect(messages.find((m) => m.ruleId === 'no-console')?.explanation).toBeUndefined();
    expect(messages.filter((m) => m.ruleId.startsWith('backend-architect/')).every((m) => m.explanation)).toBe(true);
    expect(run.stderr).toMatch(NO_KEY_HINT);
  });

  it('explains `eslint -f json` output from stdin (`-` or nothing)', async () => {
    for (const args of [['explain', '-'], ['explain']]) {
      const run = await cli(args, { cwd: dir, input: eslintJson });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('backend-architect/no-query-in-loop');
      expect(run.stdout).toContain(N_PLUS_ONE_WHY);
      expect(run.stdout).toMatch(/Unexpected console statement\s+no-console\n/);
    }
  });

  it('exits 0 on clean input and 2 on input that is not ESLint JSON', async () => {
    expect((await cli(['explain'], { cwd: dir, input: '[]' })).code).toBe(0);
    const bad = await cli(['explain'], { cwd: dir, input: '{"not": "results"}' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not `eslint -f json` output');
    expect((await cli(['explain', 'missing.json'], { cwd: dir })).code).toBe(2);
  });
});

describe('no network', () => {
  let server: Server;
  let connections = 0;
  let port = 0;
  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('without a key: built-in explanations, nothing sent', async () => {
    const run = await cli(['--explain'], { cwd: dir, env: { ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(N_PLUS_ONE_WHY);
    expect(connections).toBe(0);
  });

  it('with a key and --dry-run: says what would be sent, sends nothing', async () => {
    const env = { ANTHROPIC_API_KEY: 'sk-ant-test-not-a-key', ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` };
    const run = await cli(['--explain', '--dry-run', '--no-cache', '--format', 'json'], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--dry-run: nothing is sent');
    expect(run.stdout).toContain(N_PLUS_ONE_WHY);
    expect(connections).toBe(0);
  });
});
