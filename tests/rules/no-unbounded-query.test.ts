import rule from '../../src/rules/no-unbounded-query.js';
import { createRuleTester } from '../support/rule-tester.js';

const unbounded = (call: string, line: number, column: number, limit = 'take') => ({
  messageId: 'unbounded' as const,
  line,
  column,
  data: { call, limit },
});

createRuleTester().run('no-unbounded-query', rule, {
  valid: [
    // The items of one cart, read inside a transaction to compute a total: an owner's small set.
    {
      code: `
export async function checkout(cartId: string) {
  return prisma.$transaction(async (tx) => {
    const items = await tx.cartItem.findMany({ where: { cartId } });
    return tx.order.create({ data: { cartId, total: items.reduce((sum, item) => sum + item.price, 0) } });
  });
}
`,
    },
    // A team's members, loaded to email them (relation filter down to one team), not sent back.
    {
      code: `
import prisma from '@/lib/prisma';
import { sendViewedNotification } from '@/lib/emails';
import type { NextApiRequest, NextApiResponse } from 'next';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { teamId, documentId } = req.query as { teamId: string; documentId: string };
  const members = await prisma.user.findMany({
    where: { teams: { some: { teamId } } },
    select: { email: true },
  });
  for (const member of members) {
    await sendViewedNotification({ to: member.email, documentId });
  }
  return res.status(200).json({ notified: members.length });
}
`,
    },
    // The signed-in user's memberships, read to check access: scoped by a foreign key.
    {
      code: `
import { prisma } from '@/lib/prisma';

export async function assertTeamAccess(userId: string, teamId: string) {
  const memberships = await prisma.userTeam.findMany({ where: { AND: [{ userId }, { status: 'ACTIVE' }] } });
  if (!memberships.some((membership) => membership.teamId === teamId)) throw new Error('Forbidden');
}
`,
    },
    // A backfill script reads the whole table on purpose (and so does a data migration).
    {
      code: `
import { prisma } from '../lib/prisma';

async function main() {
  const links = await prisma.link.findMany({ where: { shortLink: null } });
  for (const link of links) {
    await prisma.link.update({ where: { id: link.id }, data: { shortLink: \`https://dub.sh/\${link.key}\` } });
  }
}
main();
`,
      filename: '/repo/scripts/backfill-short-links.ts',
    },
    {
      code: `
import { prisma } from '@/lib/prisma';
export async function up() {
  const users = await prisma.user.findMany({ where: { locale: null } });
  return users.length;
}
`,
      filename: '/repo/src/migrations/20240101-default-locale.ts',
    },
    // A page: take (and the cursor for the next one).
    {
      code: `
import { prisma } from '@/lib/prisma';
import { NextResponse } from 'next/server';

export async function GET(request: Request) {
  const url = new URL(request.url);
  const cursor = url.searchParams.get('cursor');
  const posts = await prisma.post.findMany({
    where: { published: true },
    orderBy: { createdAt: 'desc' },
    take: 21,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  return NextResponse.json(posts);
}
`,
    },
    // tRPC infinite query: cursor page.
    {
      code: `
export const postRouter = createTRPCRouter({
  infinite: publicProcedure
    .input(z.object({ cursor: z.string().nullish() }))
    .query(({ ctx, input }) =>
      ctx.db.post.findMany({ cursor: input.cursor ? { id: input.cursor } : undefined, orderBy: { id: 'asc' } }),
    ),
});
`,
    },
    // Batch load by keys: an \`in\` list bounds the result to the list.
    {
      code: `
export async function loadAuthors(authorIds: string[]) {
  return prisma.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } });
}
`,
    },
    // The \`in\` list inside an AND.
    {
      code: `
export async function activeMembers(teamIds: number[]) {
  return prisma.membership.findMany({
    where: { AND: [{ teamId: { in: teamIds } }, { accepted: true }, { user: { deletedAt: null } }] },
  });
}
`,
    },
    // Each branch of the OR is bounded; OR built from a list of keys.
    {
      code: `
export async function mediaFor(projectId: string, items: { id: string; validFrom: Date }[], a: string[], b: string[]) {
  const byKeys = await prisma.datasetItemMedia.findMany({
    where: { projectId, OR: items.map((item) => ({ datasetItemId: item.id, validFrom: item.validFrom })) },
  });
  const both = await prisma.tag.findMany({ where: { OR: [{ id: { in: a } }, { slug: { in: b } }] } });
  return [byKeys, both];
}
`,
    },
    // An \`in\` list in one branch of a conditional filter, or under a relation filter.
    {
      code: `
export async function files(id: number, ids?: number[], hashes: string[] = []) {
  const own = await dbRead.file.findMany({ where: { entityId: ids ? { in: ids } : id, entityType: 'Model' } });
  const byHash = await dbRead.modelFile.findMany({ where: { hashes: { some: { hash: { in: hashes }, type: 'SHA256' } } } });
  return [own, byHash];
}
`,
    },
    // Equality on the primary key: one row at most.
    {
      code: `
export async function withComments(postId: string) {
  return prisma.post.findMany({ where: { id: postId }, include: { comments: { take: 50 } } });
}
`,
    },
    // Arguments we cannot see: a variable, a spread, a where built elsewhere.
    {
      code: `
import { prisma } from '@/lib/prisma';
import type { Prisma } from '@prisma/client';

export async function list(args: Prisma.PostFindManyArgs, page: { take: number; skip: number }, filters: Prisma.PostWhereInput) {
  const a = await prisma.post.findMany(args);
  const b = await prisma.post.findMany({ ...page, where: { published: true } });
  const c = await prisma.post.findMany({ where: filters, orderBy: { createdAt: 'desc' } });
  const d = await prisma.post.findMany({ where: { ...filters } });
  return [a, b, c, d];
}
`,
    },
    // Single-row and aggregate reads are not lists.
    {
      code: `
@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}
  findById(id: string) {
    return this.prisma.user.findUnique({ where: { id } });
  }
  findByEmail(email: string) {
    return this.prisma.user.findFirst({ where: { email } });
  }
  countActive() {
    return this.prisma.user.count({ where: { active: true } });
  }
  stats() {
    return this.prisma.user.groupBy({ by: ['role'], _count: true });
  }
}
`,
    },
    // Array.prototype.find and a repository that is not a database client.
    {
      code: `
import express from 'express';
import { UserRepository } from './user.repository';

const router = express.Router();
const repo = new UserRepository();

router.get('/users/:id', async (req, res) => {
  const users = await repo.findMany();
  const match = users.find((user) => user.id === req.params.id);
  const cache = new Map<string, unknown>();
  res.json({ match, cached: cache.get(req.params.id) });
});

export default router;
`,
    },
    {
      code: `
@Injectable()
export class AuditService {
  constructor(private readonly auditRepository: AuditRepository) {}
  recent() {
    return this.auditRepository.findMany({ where: { level: 'error' } });
  }
}
`,
    },
    // drizzle: limit, or an inArray key filter.
    {
      code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { inArray } from 'drizzle-orm';
import { users } from './schema';

const db = drizzle(process.env.DATABASE_URL!);

export async function page(ids: number[]) {
  const first = await db.query.users.findMany({ limit: 20, orderBy: (u, { desc }) => [desc(u.createdAt)] });
  const some = await db.query.users.findMany({ where: inArray(users.id, ids) });
  const more = await db.query.users.findMany({ where: (u, { inArray }) => inArray(u.id, ids) });
  return [first, some, more];
}
`,
    },
    // Test files and seeds read whole tables on purpose.
    {
      filename: '/repo/src/__tests__/posts.test.ts',
      code: `
it('lists every post', async () => {
  const all = await prisma.post.findMany();
  expect(all).toHaveLength(3);
});
`,
    },
    {
      filename: '/repo/prisma/seed.ts',
      code: `
const users = await prisma.user.findMany();
for (const user of users) await prisma.profile.create({ data: { userId: user.id } });
`,
    },
    // Not a DB call at all: a mock's method, a findMany on an arbitrary object.
    {
      code: `
prismaMock.user.findMany.mockResolvedValue([]);
const service = { findMany: () => [] };
service.findMany();
`,
    },
    // A where held in a local const that has an in list.
    {
      code: `
export async function byIds(ids: string[]) {
  const where = { id: { in: ids }, archived: false };
  return prisma.document.findMany({ where });
}
`,
    },
  ],
  invalid: [
    // A workspace's links, sent back unpaged: a list endpoint that grows with the workspace.
    {
      code: `
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function GET(req: Request, { params }: { params: { workspaceId: string } }) {
  const links = await prisma.link.findMany({ where: { projectId: params.workspaceId }, orderBy: { createdAt: 'desc' } });
  return NextResponse.json({ links, count: links.length });
}
`,
      errors: [unbounded('prisma.link.findMany', 6, 23)],
    },
    // Not scoped to any owner: every pending invoice in the table, even in an internal helper.
    {
      code: `
import { prisma } from '@/lib/prisma';

export async function chargePendingInvoices() {
  const invoices = await prisma.invoice.findMany({ where: { status: 'PENDING' } });
  return invoices.map((invoice) => invoice.id);
}
`,
      errors: [unbounded('prisma.invoice.findMany', 5, 26)],
    },
    // Next.js route: every post in the table.
    {
      code: `
import { prisma } from '@/lib/prisma';
import { NextResponse } from 'next/server';

export async function GET() {
  const posts = await prisma.post.findMany();
  return NextResponse.json(posts);
}
`,
      errors: [unbounded('prisma.post.findMany', 6, 23)],
    },
    // Express: only a where.
    {
      code: `
import express from 'express';
import { prisma } from '../lib/prisma';

const router = express.Router();

router.get('/orders', async (req, res) => {
  const orders = await prisma.order.findMany({ where: { userId: req.user.id } });
  res.json(orders);
});

export default router;
`,
      errors: [unbounded('prisma.order.findMany', 8, 24)],
    },
    // tRPC through ctx.db, with where and orderBy but no take.
    {
      code: `
export const postRouter = createTRPCRouter({
  mine: protectedProcedure.query(({ ctx }) => {
    return ctx.db.post.findMany({
      where: { createdById: ctx.session.user.id },
      orderBy: { createdAt: 'desc' },
    });
  }),
});
`,
      errors: [unbounded('ctx.db.post.findMany', 4, 12)],
    },
    // NestJS repository: this.prisma with only include.
    {
      code: `
@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findAllWithPosts() {
    return this.prisma.user.findMany({ include: { posts: true } });
  }
}
`,
      errors: [unbounded('this.prisma.user.findMany', 7, 12)],
    },
    // Inside an interactive transaction: tx. The items of one cart, read internally: reported
    // with checkScopedQueries (configs.strict).
    {
      code: `
export async function checkout(cartId: string) {
  return prisma.$transaction(async (tx) => {
    const items = await tx.cartItem.findMany({ where: { cartId } });
    return tx.order.create({ data: { cartId, total: items.reduce((sum, item) => sum + item.price, 0) } });
  });
}
`,
      options: [{ checkScopedQueries: true }],
      errors: [unbounded('tx.cartItem.findMany', 4, 25)],
    },
    // A nightly report job loading a whole period into memory.
    {
      code: `
import { prisma } from '../db';

export async function buildRevenueReport(since: Date) {
  const orders = await prisma.order.findMany({
    where: { createdAt: { gte: since }, status: 'PAID' },
    select: { id: true, total: true, currency: true },
  });
  return orders.reduce((sum, order) => sum + order.total, 0);
}
`,
      errors: [unbounded('prisma.order.findMany', 5, 24)],
    },
    // drizzle relational API without limit.
    {
      code: `
import { drizzle } from 'drizzle-orm/node-postgres';

const db = drizzle(process.env.DATABASE_URL!);

export async function allUsers() {
  return db.query.users.findMany();
}
`,
      errors: [unbounded('db.query.users.findMany', 7, 10, 'limit')],
    },
    {
      code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { posts } from './schema';

const db = drizzle(process.env.DATABASE_URL!);

export async function published() {
  return db.query.posts.findMany({ with: { author: true }, where: eq(posts.published, true) });
}
`,
      errors: [unbounded('db.query.posts.findMany', 9, 10, 'limit')],
    },
    // notIn and NOT exclude rows: they do not bound the result.
    {
      code: `
export async function others(excluded: string[]) {
  return prisma.user.findMany({ where: { id: { notIn: excluded } } });
}
`,
      errors: [unbounded('prisma.user.findMany', 3, 10)],
    },
    {
      code: `
export async function visible(hiddenIds: string[]) {
  return prisma.post.findMany({ where: { NOT: { id: { in: hiddenIds } }, published: true } });
}
`,
      errors: [unbounded('prisma.post.findMany', 3, 10)],
    },
    // An OR with one unbounded branch.
    {
      code: `
export async function sharedOrOwned(ids: string[], ownerId: string) {
  return prisma.document.findMany({ where: { OR: [{ id: { in: ids } }, { ownerId }] } });
}
`,
      errors: [unbounded('prisma.document.findMany', 3, 10)],
    },
    // skip without take still reads to the end of the table.
    {
      code: `
export async function page(skip: number) {
  return prisma.post.findMany({ skip, orderBy: { id: 'asc' } });
}
`,
      errors: [unbounded('prisma.post.findMany', 3, 10)],
    },
    // A delegate alias.
    {
      code: `
const users = prisma.user;
export async function active() {
  return users.findMany({ where: { active: true } });
}
`,
      errors: [unbounded('users.findMany', 4, 10)],
    },
    // A server action through db.
    {
      code: `
'use server';
import { db } from '@/server/db';

export async function listTasks(projectId: string) {
  return db.task.findMany({ where: { projectId }, orderBy: { position: 'asc' } });
}
`,
      errors: [unbounded('db.task.findMany', 6, 10)],
    },
    // A where held in a local const, without an in list.
    {
      code: `
export async function openTickets() {
  const where = { status: 'OPEN' as const, deletedAt: null };
  return prisma.ticket.findMany({ where, include: { assignee: true } });
}
`,
      errors: [unbounded('prisma.ticket.findMany', 4, 10)],
    },
    // The \`in\` list under a negation.
    {
      code: `
export async function untagged(tagIds: number[]) {
  return prisma.post.findMany({ where: { tags: { none: { id: { in: tagIds } } } } });
}
`,
      errors: [unbounded('prisma.post.findMany', 3, 10)],
    },
    // Two unbounded reads in one handler: each is reported.
    {
      code: `
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const [teams, members] = await Promise.all([
    prisma.team.findMany({ where: { ownerId: req.query.userId as string } }),
    prisma.membership.findMany({ where: { role: 'ADMIN' } }),
  ]);
  res.json({ teams, members });
}
`,
      errors: [unbounded('prisma.team.findMany', 4, 5), unbounded('prisma.membership.findMany', 5, 5)],
    },
  ],
});
