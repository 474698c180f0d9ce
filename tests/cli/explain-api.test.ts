// The AI pass against a fake Messages API on 127.0.0.1 (ANTHROPIC_BASE_URL): the built CLI in a
// small temp project with one N+1 finding whose function holds a planted secret, and a Prisma
// schema whose model the finding is about.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeAnthropic, ok, status } from '../support/fake-anthropic.js';
import { useExplainProject } from '../support/cli.js';

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
const SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    String @id
  email String @unique
  posts Post[]
}

model Post {
  id       String @id
  authorId String
  author   User   @relation(fields: [authorId], references: [id])
}
`;

const api = new FakeAnthropic();
const project = useExplainProject({ beforeAll, afterAll, beforeEach }, api, 'ba-explain-api-', { 'users.ts': SOURCE, 'prisma/schema.prisma': SCHEMA });
const { cli } = project;
const freshCache = () => ['--cache-dir', project.freshCacheDir()];

interface SentBody {
  model: string;
  system: { text: string; cache_control?: unknown }[];
  messages: { content: string }[];
  tools: unknown[];
  tool_choice: unknown;
}

describe('AI explanations through the Messages API', () => {
  it('sends one request per distinct finding: model, cached system prefix, the redacted snippet, the schema block', async () => {
    const run = await cli(['users.ts', '--explain', ...freshCache()]);
    expect(run.code).toBe(1);
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request!.path).toBe('/v1/messages');
    // the SDK sends the key as x-api-key or as a bearer token, depending on its version
    expect([request!.headers['x-api-key'], request!.headers.authorization]).toContainEqual(expect.stringMatching(/^(Bearer )?test$/));
    const body = request!.body as unknown as SentBody;
    expect(body.model).toBe('claude-sonnet-5-5');
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'record_explanation' });

    // The cached prefix: persona + every rule, marked on its last block, and long enough for the
    // API to cache it at all (1,024 tokens on Sonnet; estimated at 4 characters a token).
    expect(body.system).toHaveLength(2);
    expect(body.system[0]!.cache_control).toBeUndefined();
    expect(body.system[1]!.cache_control).toEqual({ type: 'ephemeral' });
    expect(body.system[1]!.text).toContain('backend-architect/require-transaction:');
    expect(body.system[1]!.text.match(/^- backend-architect\//gm)).toHaveLength(11);
    const prefixChars = body.system.reduce((sum, block) => sum + block.text.length, 0) + JSON.stringify(body.tools).length;
    expect(prefixChars / 4).toBeGreaterThan(1024);

    const prompt = body.messages[0]!.content;
    expect(prompt).toContain('backend-architect/no-query-in-loop');
    expect(prompt).toContain('prisma.user.findUnique');
    expect(JSON.stringify(request!.body)).not.toContain('s3cr3tP4ss');
    expect(prompt).toContain('postgres://app:***@db.internal');
    // the schema block of the model the finding is about, as written, and no other model
    expect(prompt).toContain('<schema>\nmodel User {\n  id    String @id\n  email String @unique\n  posts Post[]\n}\n</schema>');
    expect(prompt).not.toContain('model Post');

    // stylish: explanation, consequence and fix under the finding
    expect(run.stdout).toContain('FAKE-EXPLANATION');
    expect(run.stdout).toContain('FAKE-CONSEQUENCE');
    expect(run.stdout).toContain('FAKE-FIX');
    expect(run.stdout).toContain('findMany({ where: { id: { in: ids } } })');
    // the only stderr line is the usage the API reported
    expect(run.stderr).toBe(
      'backend-architect: 1 request(s), 0 from the explanation cache; the API reported 2,120 input tokens (2,000 read from and 0 written to the prompt cache), 80 output tokens.\n',
    );
  });

  it('json output carries the explanation; a second run on the same cache makes zero requests', async () => {
    const cache = freshCache();
    const first = await cli(['users.ts', '--explain', '--format', 'json', '--model', 'claude-test-model', ...cache]);
    expect(first.code).toBe(1);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.body!.model).toBe('claude-test-model');
    const results = JSON.parse(first.stdout) as { messages: { ruleId: string; explanation?: string }[] }[];
    const finding = results[0]!.messages.find((m) => m.ruleId === 'backend-architect/no-query-in-loop');
    expect(finding?.explanation).toContain('FAKE-EXPLANATION');
    expect(finding?.explanation).toContain('```ts\nconst users');

    api.requests = [];
    const second = await cli(['users.ts', '--explain', '--format', 'json', '--model', 'claude-test-model', ...cache]);
    expect(api.requests).toHaveLength(0);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe('');
  });

  it('a changed schema block is a new cache key: the model sees the schema it explains against', async () => {
    const cache = freshCache();
    await cli(['users.ts', '--explain', ...cache]);
    expect(api.requests).toHaveLength(1);
    writeFileSync(join(project.dir, 'prisma/schema.prisma'), SCHEMA.replace('email String @unique', 'email String @unique\n  name  String?'));
    try {
      api.requests = [];
      await cli(['users.ts', '--explain', ...cache]);
      expect(api.requests).toHaveLength(1);
      expect((api.requests[0]!.body as unknown as SentBody).messages[0]!.content).toContain('name  String?');
    } finally {
      writeFileSync(join(project.dir, 'prisma/schema.prisma'), SCHEMA);
    }
  });

  it('markdown and sarif show the fix as a code block', async () => {
    const cache = freshCache();
    const md = await cli(['users.ts', '--explain', '--format', 'markdown', ...cache]);
    expect(md.stdout).toContain('```ts');
    expect(md.stdout).toContain('FAKE-CONSEQUENCE');
    const sarif = await cli(['users.ts', '--explain', '--format', 'sarif', ...cache]);
    expect(sarif.stdout).toContain('FAKE-FIX');
    expect(api.requests).toHaveLength(1);
  });

  it('retries after 429 and after 529 (overloaded)', async () => {
    api.queue = [status(429, 'rate_limit_error'), status(529, 'overloaded_error'), ok];
    const run = await cli(['users.ts', '--explain', ...freshCache()]);
    expect(api.requests).toHaveLength(3);
    expect(run.stdout).toContain('FAKE-EXPLANATION');
    expect(run.code).toBe(1);
  });

  it('a hanging response hits the timeout: the finding is marked unavailable, the run goes on', async () => {
    api.queue = [api.hang];
    const run = await cli(['users.ts', '--explain', ...freshCache()], { BACKEND_ARCHITECT_TIMEOUT_MS: '300', BACKEND_ARCHITECT_MAX_RETRIES: '0' });
    expect(api.requests).toHaveLength(1);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('AI explanation unavailable');
    expect(run.stdout).toContain('timed out');
    expect(run.stderr).toContain('got no AI explanation');
  });

  it("a 401 stops the pass with one clear message; exit code stays ESLint's", async () => {
    api.queue = [status(401, 'authentication_error')];
    const run = await cli(['users.ts', '--explain', ...freshCache()]);
    expect(api.requests).toHaveLength(1);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('AI explanations stopped');
    expect(lines[0]).toContain('ANTHROPIC_API_KEY');
    expect(run.stdout).toContain('A query inside a loop runs once per element');
  });

  it('--dry-run prints the plan, the shared prefix, writes the exact bodies to a file and sends nothing', async () => {
    const cache = freshCache();
    const run = await cli(['users.ts', '--explain', '--dry-run', ...cache]);
    expect(api.requests).toHaveLength(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--dry-run: nothing is sent');
    expect(run.stderr).toMatch(/backend-architect\/no-query-in-loop {2}users\.ts:7 {2}prompt \d+ chars, schema of User, ~\d+ input tokens/);
    const file = join(cache[1]!, 'dry-run-requests.jsonl');
    expect(run.stderr).toContain(`the exact request bodies: ${cache[1]!.slice(project.dir.length + 1)}/dry-run-requests.jsonl`);
    const bodies = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SentBody);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.model).toBe('claude-sonnet-5-5');
    expect(bodies[0]!.messages[0]!.content).toContain('<schema>\nmodel User {');
    expect(JSON.stringify(bodies)).not.toContain('s3cr3tP4ss');
    const prefix = Number(/of which ~(\d+) per request are the shared prefix/.exec(run.stderr)?.[1]);
    expect(prefix).toBeGreaterThan(1024);
    expect(run.stderr).toMatch(/total: 1 request\(s\), ~\d+ input tokens/);
  });

  it('--max-explanations 0 sends nothing and says what was left out', async () => {
    const run = await cli(['users.ts', '--explain', '--max-explanations', '0', ...freshCache()]);
    expect(api.requests).toHaveLength(0);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 more distinct finding(s) (1 in all) not explained by AI');
  });

  it('a clean file exits 0 and sends nothing', async () => {
    writeFileSync(join(project.dir, 'clean.ts'), 'export const add = (a: number, b: number) => a + b;\n');
    const run = await cli(['clean.ts', '--explain', ...freshCache()]);
    expect(run.code).toBe(0);
    expect(api.requests).toHaveLength(0);
  });
});
