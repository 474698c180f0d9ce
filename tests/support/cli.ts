// Running the built CLI (dist/cli/index.js) in a throwaway project whose eslint.config.js imports
// the built plugin and the parser by absolute file URL. The environment is hermetic: the
// developer's own ANTHROPIC_* / BACKEND_ARCHITECT_* / NO_COLOR never reach a test run.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
export const cliPath = join(root, 'dist/cli/index.js');
export const parserUrl = pathToFileURL(require.resolve('@typescript-eslint/parser')).href;
export const pluginUrl = pathToFileURL(join(root, 'dist/index.js')).href;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function hermeticEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NO_COLOR' || name.startsWith('ANTHROPIC_') || name.startsWith('BACKEND_ARCHITECT_')) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd, env: hermeticEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The eslint.config.js of a test project: the parser for TS files, then `configs.recommended`. */
export function eslintConfigSource(files = '**/*.{ts,tsx}'): string {
  return `import parser from '${parserUrl}';\nimport plugin from '${pluginUrl}';\nexport default [{ files: ['${files}'], languageOptions: { parser } }, plugin.configs.recommended];\n`;
}

/** A temp project (ESM package.json, eslint.config.js, the given files); returns its path. */
export function makeLintProject(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, type: 'module' }));
  writeFileSync(join(dir, 'eslint.config.js'), eslintConfigSource());
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export interface ExplainProject {
  /** The project folder (set once the suite's beforeAll ran). */
  readonly dir: string;
  /** Runs the CLI there with a key and the fake API's URL, plus `env`. */
  cli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>;
  /** A cache folder no earlier test used. */
  freshCacheDir(): string;
}

/**
 * For a suite of `--explain` tests against a fake API: starts it and makes the project before
 * all tests, resets the API before each, and removes both after all.
 */
export function useExplainProject(
  hooks: { beforeAll(fn: () => Promise<void>): void; afterAll(fn: () => Promise<void>): void; beforeEach(fn: () => void): void },
  api: { start(): Promise<string>; close(): Promise<void>; reset(): void; baseURL: string },
  prefix: string,
  files: Record<string, string>,
  baseEnv: NodeJS.ProcessEnv = {},
): ExplainProject {
  let dir = '';
  let caches = 0;
  hooks.beforeAll(async () => {
    await api.start();
    dir = makeLintProject(prefix, files);
  });
  hooks.afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  hooks.beforeEach(() => api.reset());
  return {
    get dir() {
      return dir;
    },
    cli: (args, env = {}) => runCli(args, { cwd: dir, env: { ANTHROPIC_API_KEY: 'test', ANTHROPIC_BASE_URL: api.baseURL, ...baseEnv, ...env } }),
    freshCacheDir: () => join(dir, `.cache-${++caches}`),
  };
}
