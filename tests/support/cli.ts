// Running the built CLI (dist/cli/index.js) in a throwaway project whose eslint.config.js imports
// the built plugin and the parser by absolute file URL. The environment is hermetic: the
// developer's own ANTHROPIC_* / BACKEND_ARCHITECT_* / NO_COLOR never reach a test run.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
