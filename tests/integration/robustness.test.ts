// Odd, broken-looking or huge input must never make a rule throw: an exception takes down the
// user's whole lint run. BACKEND_ARCHITECT_DEBUG lets exceptions through, so a crash fails here.
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

const SNIPPETS: Record<string, string> = {
  empty: '',
  onlyComments: '// nothing here\n/* still nothing */',
  weirdCalls: `
    (0, prisma.user.findMany)();
    prisma['user']['findMany']?.();
    (await import('@/lib/db')).db.post.findMany();
    new (class { x = prisma.$transaction(async () => {}) })();
    for (const [a, { b = prisma.user.count() }] of []) {}
    label: while (true) { break label; }
    prisma.$transaction();
    prisma.$transaction(async () => { fetch(); });
    db(); db.query(); pool.connect()?.release?.();
  `,
  classesAndDecorators: `
    @Controller('x') export class C {
      #prisma = new PrismaClient();
      static { void 0; }
      @Post() async create(@Body() body, @Query() q: any) { return this.#prisma.user.create({ data: body }); }
      get value() { return this.#prisma; }
    }
  `,
  generatorsAndAsyncIterators: `
    export async function* rows() { for await (const row of prisma.user.findMany()) yield* [row]; }
    export const handler = async (req, res) => { for (;;) { const x = await req.body; if (!x) break; } };
  `,
  routeWithEverything: `
    export const POST = async (req: Request, ...rest: unknown[]) => {
      const { a = 1, ...others } = (await req.json()) as never;
      const sql = \`SELECT \${others} \${(() => a)()}\`;
      await prisma.$queryRawUnsafe(sql, ...rest);
      return Response.json(others satisfies object);
    };
  `,
};

describe('robustness', () => {
  const previous = process.env.BACKEND_ARCHITECT_DEBUG;
  beforeAll(() => {
    process.env.BACKEND_ARCHITECT_DEBUG = '1';
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.BACKEND_ARCHITECT_DEBUG;
    else process.env.BACKEND_ARCHITECT_DEBUG = previous;
  });

  const lint = (code: string, filename: string) =>
    new Linter({ configType: 'flat' }).verify(
      code,
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } }, plugin.configs.all],
      { filename },
    );

  it.each(Object.entries(SNIPPETS))('%s: no rule throws, in a route file and elsewhere', (_name, code) => {
    for (const filename of ['app/api/x/route.ts', 'pages/api/x.ts', 'src/lib/x.ts']) {
      const messages = lint(code, filename);
      expect(messages.filter((message) => message.fatal)).toEqual([]);
    }
  });

  it('lints a 6,000-line handler file without throwing, in bounded time', () => {
    const body = Array.from({ length: 2000 }, (_, i) => `  const r${i} = await prisma.user.findUnique({ where: { id: ids[${i}] } });\n  if (!r${i}) return Response.json({ error: 'missing' }, { status: 404 });\n  total += r${i}.score;`).join('\n');
    const code = `export async function GET(request: Request) {\n  const ids = await request.json();\n  let total = 0;\n${body}\n  return Response.json({ total });\n}\n`;
    const started = performance.now();
    const messages = lint(code, 'app/api/big/route.ts');
    const elapsed = performance.now() - started;
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.some((message) => message.ruleId === 'backend-architect/require-input-validation')).toBe(true);
    // Generous bound (a 2-core CI box under load); a per-node re-walk of the tree would blow far past it.
    expect(elapsed).toBeLessThan(20_000);
  });
});
