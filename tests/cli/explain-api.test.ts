// The AI pass against a fake Messages API on 127.0.0.1 (ANTHROPIC_BASE_URL): the built CLI in a
// small temp project with one N+1 finding whose function holds a planted secret.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const cliPath = join(root, 'dist/cli/index.js');
const parserUrl = pathToFileURL(require.resolve('@typescript-eslint/parser')).href;
const pluginUrl = pathToFileURL(join(root, 'dist/index.js')).href;

const SECRET = 'postgres://app:s3cr3tP4ss@db.internal:5432/shop';
const SOURCE = `import { prisma } from './db';

export async function loadUsers(ids: string[]) {
  const audit = '${SECRET}';
  const users = [];
  for (const id of ids) {
    users.push(await prisma.user.findUnique({ where: { id } }));
  }
  return { users, audit };
}
`;

const EXPLANATION = {
  explanation: 'FAKE-EXPLANATION: line 7 runs one query per id.',
  consequence: 'FAKE-CONSEQUENCE: the pool saturates at scale.',
  fix: { description: 'FAKE-FIX: use one findMany with an in filter.', code: 'const users = await prisma.user.findMany({ where: { id: { in: ids } } });' },
  likelyFalsePositive: false,
};

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
interface Recorded {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

let server: Server;
let baseUrl = '';
let requests: Recorded[] = [];
let queue: Handler[] = [];
const hanging: ServerResponse[] = [];

const ok: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-5-5',
      content: [{ type: 'tool_use', id: 'toolu_fake', name: 'record_explanation', input: EXPLANATION }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 10 },
    }),
  );
};
const status =
  (code: number, type: string): Handler =>
  (_req, res) => {
    // retry-after-ms keeps the SDK's backoff short in tests
    res.writeHead(code, { 'content-type': 'application/json', 'retry-after-ms': '10' });
    res.end(JSON.stringify({ type: 'error', error: { type, message: `fake ${type}` } }));
  };
const hang: Handler = (_req, res) => {
  hanging.push(res);
};

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const full: NodeJS.ProcessEnv = { ...process.env, ANTHROPIC_API_KEY: 'test', ANTHROPIC_BASE_URL: baseUrl, ...env };
  delete full.BACKEND_ARCHITECT_MODEL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: full });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end('');
  });
}

let dir: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        res.writeHead(404).end();
        return;
      }
      requests.push({ path: req.url, headers: req.headers, body: JSON.parse(body) as Record<string, unknown> });
      (queue.shift() ?? ok)(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  dir = mkdtempSync(join(tmpdir(), 'ba-explain-api-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, type: 'module' }));
  writeFileSync(
    join(dir, 'eslint.config.js'),
    `import parser from '${parserUrl}';\nimport plugin from '${pluginUrl}';\nexport default [{ files: ['**/*.ts'], languageOptions: { parser } }, plugin.configs.recommended];\n`,
  );
  writeFileSync(join(dir, 'users.ts'), SOURCE);
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  requests = [];
  queue = [];
});

let cacheCounter = 0;
const freshCache = () => ['--cache-dir', join(dir, `.cache-${++cacheCounter}`)];

describe('AI explanations through the Messages API', () => {
  it('sends one request per distinct finding: model, cached system prefix, the redacted snippet', async () => {
    const run = await cli(['users.ts', '--explain', ...freshCache()], dir);
    expect(run.code).toBe(1);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.path).toBe('/v1/messages');
    // the SDK sends the key as x-api-key or as a bearer token, depending on its version
    expect([request!.headers['x-api-key'], request!.headers.authorization]).toContainEqual(expect.stringMatching(/^(Bearer )?test$/));
    const body = request!.body as {
      model: string;
      system: { text: string; cache_control?: unknown }[];
      messages: { content: string }[];
      tool_choice: unknown;
    };
    expect(body.model).toBe('claude-sonnet-5-5');
    expect(body.system.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'record_explanation' });
    const prompt = body.messages[0]!.content;
    expect(prompt).toContain('backend-architect/no-query-in-loop');
    expect(prompt).toContain('prisma.user.findUnique');
    expect(JSON.stringify(request!.body)).not.toContain('s3cr3tP4ss');
    expect(prompt).toContain('postgres://app:***@db.internal');
    // stylish: explanation, consequence and fix under the finding
    expect(run.stdout).toContain('FAKE-EXPLANATION');
    expect(run.stdout).toContain('FAKE-CONSEQUENCE');
    expect(run.stdout).toContain('FAKE-FIX');
    expect(run.stdout).toContain('findMany({ where: { id: { in: ids } } })');
    expect(run.stderr).toBe('');
  });

  it('json output carries the explanation; a second run on the same cache makes zero requests', async () => {
    const cache = freshCache();
    const first = await cli(['users.ts', '--explain', '--format', 'json', '--model', 'claude-test-model', ...cache], dir);
    expect(first.code).toBe(1);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body.model).toBe('claude-test-model');
    const results = JSON.parse(first.stdout) as { messages: { ruleId: string; explanation?: string }[] }[];
    const finding = results[0]!.messages.find((m) => m.ruleId === 'backend-architect/no-query-in-loop');
    expect(finding?.explanation).toContain('FAKE-EXPLANATION');
    expect(finding?.explanation).toContain('```ts\nconst users');

    requests = [];
    const second = await cli(['users.ts', '--explain', '--format', 'json', '--model', 'claude-test-model', ...cache], dir);
    expect(requests).toHaveLength(0);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe(first.stdout);
  });

  it('markdown and sarif show the fix as a code block', async () => {
    const cache = freshCache();
    const md = await cli(['users.ts', '--explain', '--format', 'markdown', ...cache], dir);
    expect(md.stdout).toContain('```ts');
    expect(md.stdout).toContain('FAKE-CONSEQUENCE');
    const sarif = await cli(['users.ts', '--explain', '--format', 'sarif', ...cache], dir);
    expect(sarif.stdout).toContain('FAKE-FIX');
    expect(requests).toHaveLength(1);
  });

  it('retries after 429 and after 529 (overloaded)', async () => {
    queue = [status(429, 'rate_limit_error'), status(529, 'overloaded_error'), ok];
    const run = await cli(['users.ts', '--explain', ...freshCache()], dir);
    expect(requests).toHaveLength(3);
    expect(run.stdout).toContain('FAKE-EXPLANATION');
    expect(run.code).toBe(1);
  });

  it('a hanging response hits the timeout: the finding is marked unavailable, the run goes on', async () => {
    queue = [hang];
    const run = await cli(['users.ts', '--explain', ...freshCache()], dir, { BACKEND_ARCHITECT_TIMEOUT_MS: '300', BACKEND_ARCHITECT_MAX_RETRIES: '0' });
    expect(requests).toHaveLength(1);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('AI explanation unavailable');
    expect(run.stdout).toContain('timed out');
    expect(run.stderr).toContain('got no AI explanation');
  });

  it('a 401 stops the pass with one clear message; exit code stays ESLint\'s', async () => {
    queue = [status(401, 'authentication_error')];
    const run = await cli(['users.ts', '--explain', ...freshCache()], dir);
    expect(requests).toHaveLength(1);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('AI explanations stopped');
    expect(lines[0]).toContain('ANTHROPIC_API_KEY');
    expect(run.stdout).toContain('A query inside a loop runs once per element');
  });

  it('--dry-run prints the plan and sends nothing', async () => {
    const run = await cli(['users.ts', '--explain', '--dry-run', ...freshCache()], dir);
    expect(requests).toHaveLength(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--dry-run: nothing is sent');
    expect(run.stderr).toMatch(/backend-architect\/no-query-in-loop {2}users\.ts:7 {2}prompt \d+ chars, ~\d+ input tokens/);
    expect(run.stderr).toMatch(/total: 1 request\(s\), ~\d+ input tokens/);
  });

  it('--max-explanations 0 sends nothing and says what was left out; --batch says it is not implemented', async () => {
    const run = await cli(['users.ts', '--explain', '--max-explanations', '0', '--batch', ...freshCache()], dir);
    expect(requests).toHaveLength(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--batch (Message Batches API) is not implemented yet');
    expect(run.stderr).toContain('1 more distinct finding(s) (1 in all) not explained by AI');
  });

  it('a clean file exits 0 and sends nothing', async () => {
    writeFileSync(join(dir, 'clean.ts'), 'export const add = (a: number, b: number) => a + b;\n');
    const run = await cli(['clean.ts', '--explain', ...freshCache()], dir);
    expect(run.code).toBe(0);
    expect(requests).toHaveLength(0);
  });
});
