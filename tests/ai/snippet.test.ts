import { describe, expect, it } from 'vitest';
import { enclosingSnippet, redactedSnippet } from '../../src/ai/snippet.js';

const source = [
  "import { prisma } from './db';", //                                    1
  '', //                                                                   2
  'export async function listUsers() {', //                               3
  '  const users = await prisma.user.findMany();', //                     4
  '  for (const user of users) {', //                                     5
  '    user.posts = await prisma.post.findMany({ where: { authorId: user.id } });', // 6
  '  }', //                                                               7
  '  return users;', //                                                   8
  '}', //                                                                 9
  '', //                                                                  10
  'export class OrdersService {', //                                      11
  '  constructor(private readonly db: typeof prisma) {}', //              12
  '', //                                                                  13
  '  async totals(ids: string[]) {', //                                   14
  '    return Promise.all(ids.map((id) => this.db.order.findUnique({ where: { id } })));', // 15
  '  }', //                                                               16
  '}', //                                                                 17
].join('\n');

describe('enclosingSnippet', () => {
  it('returns the enclosing function with numbered lines and the finding marked', () => {
    const snippet = enclosingSnippet(source, 6);
    expect(snippet).toMatchObject({ startLine: 3, endLine: 9, kind: 'function' });
    expect(snippet.text).toBe(
      [
        '  3 | export async function listUsers() {',
        '  4 |   const users = await prisma.user.findMany();',
        '  5 |   for (const user of users) {',
        '> 6 |     user.posts = await prisma.post.findMany({ where: { authorId: user.id } });',
        '  7 |   }',
        '  8 |   return users;',
        '  9 | }',
      ].join('\n'),
    );
  });

  it('includes a method name and widens past one-line callbacks', () => {
    const snippet = enclosingSnippet(source, 15);
    expect(snippet).toMatchObject({ startLine: 14, endLine: 16, kind: 'function' });
    expect(snippet.text.split('\n')[0]).toBe('  14 |   async totals(ids: string[]) {');
    expect(snippet.text).toContain('> 15 |');
  });

  it('keeps the innermost function when it is long enough', () => {
    const nested = [
      "app.get('/users', async (req, res) => {", // 1
      '  const rows = await Promise.all(', // 2
      '    ids.map(async (id) => {', // 3
      '      const row = await db.query(id);', // 4
      '      return row;', // 5
      '    }),', // 6
      '  );', // 7
      '  res.json(rows);', // 8
      '});', // 9
    ].join('\n');
    expect(enclosingSnippet(nested, 4)).toMatchObject({ startLine: 3, endLine: 6, kind: 'function' });
    expect(enclosingSnippet(nested, 4, { minFunctionLines: 5 })).toMatchObject({ startLine: 1, endLine: 9 });
    expect(enclosingSnippet(nested, 8)).toMatchObject({ startLine: 1, endLine: 9 });
  });

  it('covers a multi-line finding', () => {
    const snippet = enclosingSnippet(source, 5, { endLine: 7 });
    expect(snippet.text.split('\n').filter((l) => l.startsWith('>'))).toHaveLength(3);
  });

  it('falls back to ±contextLines at top level', () => {
    const topLevel = Array.from({ length: 50 }, (_, i) => `const v${i + 1} = ${i + 1};`).join('\n');
    expect(enclosingSnippet(topLevel, 25)).toMatchObject({ startLine: 10, endLine: 40, kind: 'window' });
    expect(enclosingSnippet(topLevel, 2, { contextLines: 3 })).toMatchObject({ startLine: 1, endLine: 5 });
  });

  it('falls back to the line window on unparsable input instead of throwing', () => {
    const broken = ['function broken( {', '  const x = ;', '  return x', '}', '<template><div/></template>'].join('\n');
    const snippet = enclosingSnippet(broken, 2, { contextLines: 1 });
    expect(snippet).toMatchObject({ startLine: 1, endLine: 3, kind: 'window' });
    expect(snippet.text).toContain('> 2 |   const x = ;');
  });

  it('parses TSX when plain TypeScript fails', () => {
    const tsx = ['export function Page() {', '  const user = db.user.findFirst();', '  return <div>{user.name}</div>;', '}'].join('\n');
    expect(enclosingSnippet(tsx, 2)).toMatchObject({ startLine: 1, endLine: 4, kind: 'function' });
  });

  it('caps long functions around the finding', () => {
    const body = Array.from({ length: 300 }, (_, i) => `  step${i}();`);
    const long = ['function huge() {', ...body, '}'].join('\n');
    const snippet = enclosingSnippet(long, 200, { maxLines: 120 });
    expect(snippet.endLine - snippet.startLine + 1).toBe(120);
    expect(snippet.startLine).toBeLessThanOrEqual(200);
    expect(snippet.endLine).toBeGreaterThanOrEqual(200);
    expect(snippet.startLine).toBe(140);
    // Near the top the window stays inside the function instead of shrinking.
    expect(enclosingSnippet(long, 3, { maxLines: 120 })).toMatchObject({ startLine: 1, endLine: 120 });
  });

  it('clamps out-of-range lines and handles CRLF and empty input', () => {
    expect(enclosingSnippet('a();\r\nb();', 99)).toMatchObject({ startLine: 1, endLine: 2 });
    expect(enclosingSnippet('a();\r\nb();', 99).text).toBe('  1 | a();\n> 2 | b();');
    expect(enclosingSnippet('', 1)).toMatchObject({ startLine: 1, endLine: 1, text: '> 1 |' });
    expect(enclosingSnippet('x();', Number.NaN).text).toBe('> 1 | x();');
  });
});

describe('redactedSnippet', () => {
  it('redacts secrets inside the enclosing function and counts them', () => {
    const code = [
      'export async function connect() {',
      "  const url = 'postgres://app:hunter22@db:5432/shop';",
      '  return new Pool({ connectionString: url }).connect();',
      '}',
    ].join('\n');
    const snippet = redactedSnippet(code, 3);
    expect(snippet).toMatchObject({ startLine: 1, endLine: 4, kind: 'function', redactions: 1 });
    expect(snippet.text).toContain("  2 |   const url = 'postgres://app:***@db:5432/shop';");
    expect(snippet.text).not.toContain('hunter22');
  });
});
