import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import rule from '../../src/rules/require-index-for-query.js';
import { createRuleTester } from '../support/rule-tester.js';

const fixtures = join(import.meta.dirname, '../fixtures/schema');
const single = `${fixtures}/single/app/api/posts/route.ts`;
const secrets = `${fixtures}/secrets/app/api/accounts/route.ts`;
const multi = `${fixtures}/multi-secrets/pages/api/credentials.ts`;

// The broken fixture schema warns once per process: keep the test output clean.
let warn: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
});
afterAll(() => warn.mockRestore());

const unindexed = (call: string, model: string, fields: string, index: string, line: number, column: number) => ({
  messageId: 'unindexed' as const,
  line,
  column,
  data: { call, model, fields, index },
});

createRuleTester().run('require-index-for-query', rule, {
  valid: [
    // findUnique takes a unique key: indexed by definition.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { slug: string } }) {
  const post = await prisma.post.findUnique({ where: { slug: params.slug } });
  return Response.json(post);
}
`,
    },
    // One covered field is enough: the authorId index narrows the scan, title filters the few rows left.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q') ?? '';
  const session = await auth();
  const drafts = await prisma.post.findMany({ where: { authorId: session.user.id, title: { contains: q } }, take: 20 });
  return Response.json(drafts);
}
`,
    },
    // Leftmost field of @@index([published, publishedAt]).
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  const posts = await prisma.post.findMany({ where: { published: true, title: { not: '' } }, orderBy: { publishedAt: 'desc' }, take: 20 });
  return Response.json(posts);
}
`,
    },
    // AND: one covered conjunct is enough.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request) {
  const postId = new URL(request.url).searchParams.get('postId')!;
  const count = await prisma.comment.count({ where: { AND: [{ body: { contains: 'spam' } }, { postId }] } });
  return Response.json({ count });
}
`,
    },
    // OR: every branch on an index (slug @unique, id @id).
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { key: string } }) {
  const post = await prisma.post.findFirst({ where: { OR: [{ slug: params.key }, { id: params.key }] } });
  return Response.json(post);
}
`,
    },
    // A relation filter: the join through author may be what narrows it; cannot tell.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request) {
  const email = new URL(request.url).searchParams.get('email')!;
  const posts = await prisma.post.findMany({ where: { author: { email } }, take: 20 });
  return Response.json(posts);
}
`,
    },
    // A spread of filters built elsewhere: cannot tell.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
import { buildFilters } from '@/lib/filters';
export async function GET(request: Request) {
  const filters = buildFilters(new URL(request.url).searchParams);
  const posts = await prisma.post.findMany({ where: { ...filters, title: { contains: 'x' } }, take: 20 });
  return Response.json(posts);
}
`,
    },
    // A where passed in by the caller: cannot tell.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
import type { Prisma } from '@prisma/client';
export async function listPosts(where: Prisma.PostWhereInput) {
  return prisma.post.findMany({ where, take: 50 });
}
export async function GET() {
  return Response.json(await listPosts({ published: true }));
}
`,
    },
    // No where at all: no-unbounded-query's business, not this rule's.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  return Response.json(await prisma.tag.findMany({ orderBy: { name: 'asc' }, take: 100 }));
}
`,
    },
    // Only a boolean flag: an index on a boolean alone rarely helps, so none is asked for.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  return Response.json({ archived: await prisma.post.count({ where: { archived: true } }) });
}
`,
    },
    // A computed key: cannot tell which field.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request) {
  const field = new URL(request.url).searchParams.get('field') === 'slug' ? 'slug' : 'id';
  return Response.json(await prisma.post.findFirst({ where: { [field]: 'x' } }));
}
`,
    },
    // NOT alone filters nothing an index could serve; not reported (nothing to name).
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  return Response.json(await prisma.post.findFirst({ where: { NOT: { title: '' } } }));
}
`,
    },
    // @@id([teamId, accountId]): teamId is its leftmost field.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { teamId: string } }) {
  return Response.json(await prisma.membership.findMany({ where: { teamId: params.teamId, role: 'admin' }, take: 100 }));
}
`,
    },
    // @@unique([tenantId, slug]): tenantId leads it.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { tenant: string; slug: string } }) {
  return Response.json(await prisma.note.findFirst({ where: { tenantId: params.tenant, slug: params.slug }, select: { id: true } }));
}
`,
    },
    // Multi-file schema: memberId is indexed in credential.prisma.
    {
      filename: multi,
      code: `
import { prisma } from '../../lib/prisma';
export default async function handler(req, res) {
  const keys = await prisma.apiCredential.findMany({ where: { memberId: String(req.query.member) }, select: { id: true, label: true } });
  res.status(200).json(keys);
}
`,
    },
    // No schema: the rule says nothing.
    {
      filename: `${fixtures}/none/src/app/api/posts/route.ts`,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  return Response.json(await prisma.post.findMany({ where: { title: 'x' }, take: 10 }));
}
`,
    },
    // A schema that does not parse: silent, no crash.
    {
      filename: `${fixtures}/broken/app/api/users/route.ts`,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  return Response.json(await prisma.user.findMany({ where: { name: 'x' }, take: 10 }));
}
`,
    },
    // Not a model of the schema: not a Prisma call at all.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  return Response.json(await prisma.article.findMany({ where: { title: 'x' }, take: 10 }));
}
`,
    },
    // OR built by a map: cannot tell.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function POST(request: Request) {
  const { titles } = (await request.json()) as { titles: string[] };
  return Response.json(await prisma.post.findMany({ where: { OR: titles.map((title) => ({ title })) }, take: 10 }));
}
`,
    },
  ],
  invalid: [
    // The planted case from the catalog: a search on title alone.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q') ?? '';
  const posts = await prisma.post.findMany({ where: { title: { contains: q } }, take: 20 });
  return Response.json(posts);
}
`,
      errors: [unindexed('prisma.post.findMany', 'Post', 'title', '@@index([title])', 5, 23)],
    },
    // Two uncovered fields, both named.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request) {
  const url = new URL(request.url);
  const post = await prisma.post.findFirst({ where: { title: url.searchParams.get('title')!, content: { contains: 'x' } } });
  return Response.json(post);
}
`,
      errors: [unindexed('prisma.post.findFirst', 'Post', 'title, content', '@@index([title])', 5, 22)],
    },
    // publishedAt is the second column of @@index([published, publishedAt]): that index cannot start there.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  const since = new Date(Date.now() - 7 * 86_400_000);
  const recent = await prisma.post.findMany({ where: { publishedAt: { gte: since } }, take: 50 });
  return Response.json(recent);
}
`,
      errors: [unindexed('prisma.post.findMany', 'Post', 'publishedAt', '@@index([publishedAt])', 5, 24)],
    },
    // count on a date range.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const signups = await prisma.user.count({ where: { createdAt: { gte: today } } });
  return Response.json({ signups });
}
`,
      errors: [unindexed('prisma.user.count', 'User', 'createdAt', '@@index([createdAt])', 6, 25)],
    },
    // AND of uncovered conjuncts; the boolean is named but not proposed as the index.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q') ?? '';
  const hits = await prisma.post.findMany({
    where: { AND: [{ archived: false }, { title: { contains: q, mode: 'insensitive' } }] },
    take: 20,
  });
  return Response.json(hits);
}
`,
      errors: [unindexed('prisma.post.findMany', 'Post', 'archived, title', '@@index([title])', 5, 22)],
    },
    // OR with one uncovered branch: the whole OR scans.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { key: string } }) {
  const post = await prisma.post.findFirst({ where: { OR: [{ slug: params.key }, { title: params.key }] } });
  return Response.json(post);
}
`,
      errors: [unindexed('prisma.post.findFirst', 'Post', 'title', '@@index([title])', 4, 22)],
    },
    // A nightly cleanup route: updateMany on an unindexed timestamp.
    {
      filename: `${fixtures}/single/app/api/cron/archive/route.ts`,
      code: `
import { prisma } from '@/lib/prisma';
export async function POST() {
  const cutoff = new Date(Date.now() - 365 * 86_400_000);
  const { count } = await prisma.post.updateMany({ where: { archived: false, updatedAt: { lt: cutoff } }, data: { archived: true } });
  return Response.json({ count });
}
`,
      errors: [unindexed('prisma.post.updateMany', 'Post', 'archived, updatedAt', '@@index([updatedAt])', 5, 27)],
    },
    // deleteMany on Comment.createdAt: the (postId, createdAt) index starts with postId.
    {
      filename: `${fixtures}/single/app/api/cron/purge/route.ts`,
      code: `
import { prisma } from '@/lib/prisma';
export async function DELETE() {
  await prisma.comment.deleteMany({ where: { createdAt: { lt: new Date('2020-01-01') } } });
  return new Response(null, { status: 204 });
}
`,
      errors: [unindexed('prisma.comment.deleteMany', 'Comment', 'createdAt', '@@index([createdAt])', 4, 9)],
    },
    // The where held in a const.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q') ?? '';
  const where = { name: { contains: q } };
  const users = await prisma.user.findMany({ where, select: { id: true, name: true }, take: 10 });
  return Response.json(users);
}
`,
      errors: [unindexed('prisma.user.findMany', 'User', 'name', '@@index([name])', 6, 23)],
    },
    // aggregate over comment bodies.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  const stats = await prisma.comment.aggregate({ where: { body: { contains: 'http' } }, _count: { _all: true } });
  return Response.json(stats);
}
`,
      errors: [unindexed('prisma.comment.aggregate', 'Comment', 'body', '@@index([body])', 4, 23)],
    },
    // groupBy with a date filter.
    {
      filename: single,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  const byRole = await prisma.user.groupBy({ by: ['role'], where: { createdAt: { gte: new Date('2024-01-01') } }, _count: true });
  return Response.json(byRole);
}
`,
      errors: [unindexed('prisma.user.groupBy', 'User', 'createdAt', '@@index([createdAt])', 4, 24)],
    },
    // tRPC resolver through ctx.db.
    {
      filename: `${fixtures}/single/pages/api/trpc/[trpc].ts`,
      code: `
export const userRouter = createTRPCRouter({
  byName: publicProcedure
    .input(z.object({ name: z.string() }))
    .query(({ ctx, input }) => ctx.db.user.findFirst({ where: { name: input.name }, select: { id: true, name: true } })),
});
`,
      errors: [unindexed('ctx.db.user.findFirst', 'User', 'name', '@@index([name])', 5, 32)],
    },
    // Express-style route: users without an avatar.
    {
      filename: `${fixtures}/single/pages/api/users/no-avatar.ts`,
      code: `
import { prisma } from '../../../lib/prisma';
export default async function handler(req, res) {
  if (req.method !== 'GET') return res.status(405).end();
  const users = await prisma.user.findMany({ where: { avatarUrl: null }, select: { id: true }, take: 100 });
  res.status(200).json(users);
}
`,
      errors: [unindexed('prisma.user.findMany', 'User', 'avatarUrl', '@@index([avatarUrl])', 5, 23)],
    },
    // @@id([teamId, accountId]) does not serve a lookup by accountId.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { accountId: string } }) {
  const teams = await prisma.membership.findMany({ where: { accountId: params.accountId }, take: 100 });
  return Response.json(teams);
}
`,
      errors: [unindexed('prisma.membership.findMany', 'Membership', 'accountId', '@@index([accountId])', 4, 23)],
    },
    // @@unique([tenantId, slug]) does not serve a lookup by slug alone.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { slug: string } }) {
  const note = await prisma.note.findFirstOrThrow({ where: { AND: { slug: params.slug } } });
  return Response.json(note);
}
`,
      errors: [unindexed('prisma.note.findFirstOrThrow', 'Note', 'slug', '@@index([slug])', 4, 22)],
    },
    // Multi-file schema: label has no index in credential.prisma.
    {
      filename: multi,
      code: `
import { prisma } from '../../lib/prisma';
export default async function handler(req, res) {
  const keys = await prisma.apiCredential.findMany({ where: { label: String(req.query.label) }, select: { id: true }, take: 10 });
  res.status(200).json(keys);
}
`,
      errors: [unindexed('prisma.apiCredential.findMany', 'ApiCredential', 'label', '@@index([label])', 4, 22)],
    },
    // A server action.
    {
      filename: `${fixtures}/single/app/posts/route.ts`,
      code: `
'use server';
import { prisma } from '@/lib/prisma';
export async function findByTitle(title: string) {
  return prisma.post.findFirst({ where: { title }, select: { id: true, slug: true } });
}
`,
      errors: [unindexed('prisma.post.findFirst', 'Post', 'title', '@@index([title])', 5, 10)],
    },
  ],
});
