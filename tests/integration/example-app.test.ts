// Lints the bundled example app (examples/next-app) with the BUILT plugin (`npm test` builds
// first) and pins the exact findings. Every expected finding below was checked by hand against
// the code and the rule catalog (RULES.md): each is a real mistake planted in the app;
// everything else in the app is correct code that must stay silent (validated bodies, cursor
// pagination, Prisma's batched findUnique, $transaction([...]) batches, Map#delete in a loop,
// the tags of one post read without take, the seed script).
//
// When a rule changes what it reports here, re-check the new finding against the code before
// updating EXPECTED; a finding in code that is correct is a false positive to fix in the rule.
import { relative, sep } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import plugin from '../../dist/index.js';
import { appDir, lintOptions } from './example-app.options.mjs';

const EXPECTED = [
  // addComment server action: formData.get('postId') / ('body') go into prisma.comment.create unchecked.
  'app/actions.ts:19:18 backend-architect/require-input-validation',
  // new PrismaClient() (a "replica" client) inside the GET route handler: one pool per request.
  'app/api/admin/export/route.ts:13:19 backend-architect/no-leaked-db-client',
  // PATCH /api/posts/:id writes fields of the raw request.json() body into prisma.post.update.
  'app/api/posts/[id]/route.ts:38:22 backend-architect/require-input-validation',
  // POST /api/users: findUnique awaited once per id in a for…of loop (N+1).
  'app/api/users/route.ts:24:24 backend-architect/no-query-in-loop',
  // getFeed(): the local helper getTagNames() runs prisma.tag.findMany once per post of the page.
  'lib/feed.ts:52:19 backend-architect/no-query-in-loop',
  // GET /api/me/comments: every comment the user ever wrote, in one unpaged response.
  'app/api/me/comments/route.ts:12:26 backend-architect/no-unbounded-query',
  // POST publish: prisma.user.update inside the $transaction callback goes around tx.
  'app/api/posts/[id]/publish/route.ts:18:11 backend-architect/no-outer-client-in-transaction',
  // POST publish: a fetch to the mailer while the transaction holds its locks.
  'app/api/posts/[id]/publish/route.ts:19:11 backend-architect/no-slow-call-in-transaction',
  // POST publish: prisma.post.deleteMany is never awaited, so it never runs.
  'app/api/posts/[id]/publish/route.ts:28:3 backend-architect/no-unawaited-query',
  // DELETE publish: comment.deleteMany then post.update, no transaction.
  'app/api/posts/[id]/publish/route.ts:39:9 backend-architect/require-transaction',
  // GET /api/search: the query string spliced into $queryRawUnsafe.
  'app/api/search/route.ts:30:22 backend-architect/no-unsafe-raw-query',
  // GET /api/search?mode=exact: findMany on Post.title alone; Post indexes id, slug, authorId, (published, publishedAt).
  'app/api/search/route.ts:22:24 backend-architect/require-index-for-query',
  // GET /api/me: the full User row (passwordHash included) goes out in NextResponse.json(user).
  'app/api/me/route.ts:12:22 backend-architect/no-sensitive-field-exposure',
  // Module-level new PrismaClient() in a Next.js app without the globalThis guard.
  'lib/prisma.ts:4:23 backend-architect/no-leaked-db-client',
].sort();

const LINTED_FILES = [
  'app/actions.ts',
  'app/api/admin/export/route.ts',
  'app/api/me/comments/route.ts',
  'app/api/me/route.ts',
  'app/api/posts/[id]/publish/route.ts',
  'app/api/posts/[id]/route.ts',
  'app/api/posts/route.ts',
  'app/api/search/route.ts',
  'app/api/users/route.ts',
  'app/page.tsx',
  'lib/auth.ts',
  'lib/feed.ts',
  'lib/prisma.ts',
  'lib/rate-limit.ts',
  'lib/validation.ts',
  'pages/api/users/[id].ts',
  'prisma/seed.ts',
];

// Every rule of configs.recommended has at least one planted case.
const RULES = Object.keys(plugin.configs.recommended.rules ?? {}).map((id) => id.replace('backend-architect/', ''));

const relativePath = (filePath: string): string => relative(appDir, filePath).split(sep).join('/');

function findingsOf(results: ESLint.LintResult[]): string[] {
  return results
    .flatMap((result) => result.messages.filter((message) => message.ruleId).map((message) => `${relativePath(result.filePath)}:${message.line}:${message.column} ${message.ruleId}`))
    .sort();
}

function problemsOf(results: ESLint.LintResult[]): string[] {
  return results.flatMap((result) =>
    result.messages
      .filter((message) => message.fatal || !message.ruleId)
      .map((message) => `${relativePath(result.filePath)}:${message.line}:${message.column} ${message.message}`),
  );
}

describe('examples/next-app', () => {
  let results: ESLint.LintResult[];

  beforeAll(async () => {
    const eslint = new ESLint(lintOptions);
    results = await eslint.lintFiles(['.']);
  });

  it('lints every source file of the app and nothing else', () => {
    expect(results.map((result) => relativePath(result.filePath)).sort()).toEqual(LINTED_FILES);
  });

  it('parses every file (no fatal or parse errors)', () => {
    expect(problemsOf(results)).toEqual([]);
    expect(results.reduce((sum, result) => sum + result.fatalErrorCount, 0)).toBe(0);
  });

  it('reports exactly the planted mistakes', () => {
    expect(findingsOf(results)).toEqual(EXPECTED);
  });

  it('reports every recommended rule at least once', () => {
    const reported = new Set(findingsOf(results).map((finding) => finding.split(' ')[1]));
    for (const rule of RULES) expect(reported).toContain(`backend-architect/${rule}`);
  });

  // ESLint >= 9.34 lints in worker threads with `concurrency`. Plugin objects cannot be cloned
  // into workers, so the options come from a module that each worker imports itself.
  it('reports the same findings with concurrency: 2', async () => {
    // 15 files are too few for workers to pay off, and ESLint says so; that notice is expected here.
    const emitWarning = process.emitWarning.bind(process);
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(((warning: string | Error, ...rest: unknown[]) => {
      const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
      if (type !== 'ESLintPoorConcurrencyWarning') (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
    }) as typeof process.emitWarning);
    let concurrent: ESLint.LintResult[];
    try {
      const eslint = await ESLint.fromOptionsModule(new URL('./example-app.options.mjs', import.meta.url));
      concurrent = await eslint.lintFiles(['.']);
    } finally {
      spy.mockRestore();
    }
    expect(problemsOf(concurrent)).toEqual([]);
    expect(findingsOf(concurrent)).toEqual(EXPECTED);
    expect(findingsOf(concurrent)).toEqual(findingsOf(results));
  }, 60_000); // starting workers that each load the parser and the plugin is slow on a busy CI box
});
