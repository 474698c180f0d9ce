import rule from '../../src/rules/no-query-in-loop.js';
import { createRuleTester } from '../support/rule-tester.js';

const ruleTester = createRuleTester();

// Expected message data. `unit` is 'iteration' for loops and 'element' for callbacks.
type Data = { call: string; loop: string; unit: string; fix: string; callee?: string };
const at = (call: string, loop: string, fix: string): Data => ({ call, loop, unit: loop.endsWith('callback') ? 'element' : 'iteration', fix });
const via = (callee: string, call: string, loop: string, fix: string): Data => ({ ...at(call, loop, fix), callee });
const fix = {
  load: (field: string) => `load all rows at once with where: { ${field}: { in: ids } } and group them in memory, or use include on the parent query`,
  update: (field: string) => `update them with one updateMany({ where: { ${field}: { in: ids } } }) when the data is the same, or batch the writes in one $transaction([...])`,
  count: (field: string) => `compute them in one groupBy({ by: ['${field}'], where: { ${field}: { in: ids } } })`,
  create: 'insert the rows in one createMany (or createManyAndReturn) call',
  upsert: 'batch the writes in one $transaction([...]), or load the existing rows once and split them into one createMany and one updateMany',
  redis: 'read or write all keys in one round trip with mget/mset, or queue the commands on one pipeline',
  sqlRead: 'run one query for the whole set (WHERE id = ANY($1) / IN (...)) and group the rows in memory',
  sqlInsert: 'insert all rows in one statement (a multi-row VALUES list, or unnest() over array parameters)',
};

ruleTester.run('no-query-in-loop', rule, {
  valid: [
    {
      name: 'cursor pagination: a cron route walking all workspaces 100 at a time',
      filename: 'app/api/cron/usage/route.ts',
      code: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function GET() {
  let cursor: string | undefined;
  let processed = 0;
  while (true) {
    const workspaces = await prisma.project.findMany({
      take: 100,
      orderBy: { id: 'asc' },
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (workspaces.length === 0) break;
    await prisma.project.updateMany({
      where: { id: { in: workspaces.map((w) => w.id) } },
      data: { usage: 0 },
    });
    processed += workspaces.length;
    cursor = workspaces[workspaces.length - 1]!.id;
  }
  return NextResponse.json({ processed });
}
`,
    },
    {
      name: 'skip/take pagination: a counted for loop over pages',
      filename: 'src/jobs/export-events.ts',
      code: `import { prisma } from '../lib/prisma';
import { uploadToS3 } from '../lib/s3';

const PAGE_SIZE = 1000;

export async function exportEvents(workspaceId: string) {
  const total = await prisma.event.count({ where: { workspaceId } });
  const pages = Math.ceil(total / PAGE_SIZE);
  for (let page = 0; page < pages; page++) {
    const events = await prisma.event.findMany({
      where: { workspaceId },
      orderBy: { createdAt: 'asc' },
      skip: page * PAGE_SIZE,
      take: PAGE_SIZE,
    });
    await uploadToS3(\`exports/\${workspaceId}/\${page}.json\`, JSON.stringify(events));
  }
}
`,
    },
    {
      name: 'keyset pagination: id greater than the last id seen, in a do…while',
      filename: 'src/server/jobs/reindex.ts',
      code: `import { dbRead } from '~/server/db/client';
import { searchIndex } from '~/server/search';

export async function reindexImages() {
  let lastId = 0;
  let batch: { id: number; meta: unknown }[];
  do {
    batch = await dbRead.image.findMany({
      where: { id: { gt: lastId } },
      orderBy: { id: 'asc' },
      take: 500,
      select: { id: true, meta: true },
    });
    await searchIndex.addDocuments(batch);
    lastId = batch.at(-1)?.id ?? lastId;
  } while (batch.length === 500);
}
`,
    },
    {
      name: 'a drain loop that ends when the batch comes back empty',
      filename: 'src/jobs/purge-sessions.ts',
      code: `import { prisma } from '../db';

export async function purgeExpiredSessions() {
  for (;;) {
    const expired = await prisma.session.findMany({
      where: { expires: { lt: new Date() } },
      select: { id: true },
      take: 1000,
    });
    if (!expired.length) break;
    await prisma.session.deleteMany({ where: { id: { in: expired.map((s) => s.id) } } });
  }
}
`,
    },
    {
      name: 'chunked updateMany over lodash chunks',
      filename: 'src/server/services/model.service.ts',
      code: `import { chunk } from 'lodash-es';
import { dbWrite } from '~/server/db/client';

export async function unpublishModels(modelIds: number[]) {
  for (const batch of chunk(modelIds, 500)) {
    await dbWrite.model.updateMany({
      where: { id: { in: batch } },
      data: { status: 'Unpublished', publishedAt: null },
    });
  }
}
`,
    },
    {
      name: 'createMany over slices of a CSV import, in a route handler',
      filename: 'app/api/contacts/import/route.ts',
      code: `import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/server/db';

const Body = z.object({ rows: z.array(z.object({ email: z.string().email(), name: z.string() })) });

export async function POST(request: Request) {
  const { rows } = Body.parse(await request.json());
  for (let i = 0; i < rows.length; i += 1000) {
    await db.contact.createMany({ data: rows.slice(i, i + 1000), skipDuplicates: true });
  }
  return NextResponse.json({ imported: rows.length });
}
`,
    },
    {
      name: 'raw SQL over batches of ids, with Prisma.join',
      filename: 'src/server/jobs/update-metrics.ts',
      code: `import { Prisma } from '@prisma/client';
import { dbWrite } from '~/server/db/client';

export async function touchModels(batches: number[][]) {
  for (const batch of batches) {
    await dbWrite.$executeRaw\`UPDATE "Model" SET "lastActivityAt" = now() WHERE id IN (\${Prisma.join(batch)})\`;
  }
}
`,
    },
    {
      name: 'updates collected with map for one $transaction (tRPC reorder)',
      filename: 'packages/trpc/server/routers/viewer/eventTypes/reorder.handler.ts',
      code: `import type { PrismaClient } from '@prisma/client';

type Options = { ctx: { prisma: PrismaClient; user: { id: number } }; input: { ids: number[] } };

export const reorderHandler = async ({ ctx, input }: Options) => {
  await ctx.prisma.$transaction(
    input.ids.reverse().map((id, position) =>
      ctx.prisma.eventType.update({
        where: { id, userId: ctx.user.id },
        data: { position },
      }),
    ),
  );
};
`,
    },
    {
      name: 'updates pushed onto an ops array, then one $transaction(ops)',
      filename: 'src/server/services/tag.service.ts',
      code: `import type { Prisma } from '@prisma/client';
import { prisma } from '@/lib/prisma';

export async function renameTags(renames: { id: string; name: string }[]) {
  const ops: Prisma.PrismaPromise<unknown>[] = [];
  for (const { id, name } of renames) {
    ops.push(prisma.tag.update({ where: { id }, data: { name } }));
  }
  ops.push(prisma.auditLog.create({ data: { action: 'tags.renamed' } }));
  await prisma.$transaction(ops);
}
`,
    },
    {
      name: 'a retry loop around one write',
      filename: 'src/lib/credits.ts',
      code: `import { prisma } from './prisma';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function spendCredit(userId: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await prisma.user.update({
        where: { id: userId, credits: { gt: 0 } },
        data: { credits: { decrement: 1 } },
      });
    } catch (error) {
      await sleep(100 * 2 ** attempt);
    }
  }
  throw new Error('Could not spend credit');
}
`,
    },
    {
      name: 'a first-match loop that returns the first free slug',
      filename: 'src/lib/slugs.ts',
      code: `import { prisma } from './prisma';
import { slugify } from './utils';

export async function uniqueTeamSlug(name: string) {
  const base = slugify(name);
  const candidates = [base, \`\${base}-team\`, \`\${base}-\${Date.now().toString(36)}\`];
  for (const slug of candidates) {
    const taken = await prisma.team.findUnique({ where: { slug }, select: { id: true } });
    if (!taken) return slug;
  }
  throw new Error('No free slug');
}
`,
    },
    {
      name: 'Promise.all over findUnique: Prisma batches them into one query',
      filename: 'src/server/api/routers/user.ts',
      code: `import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../trpc';

export const userRouter = createTRPCRouter({
  byIds: protectedProcedure.input(z.object({ ids: z.array(z.string()).max(100) })).query(({ ctx, input }) =>
    Promise.all(input.ids.map((id) => ctx.db.user.findUnique({ where: { id }, select: { id: true, name: true, image: true } }))),
  ),
});
`,
    },
    {
      name: 'a query before the loop whose result the loop walks',
      filename: 'src/routes/feed.ts',
      code: `import express from 'express';
import { prisma } from '../db';

const router = express.Router();

router.get('/feed', async (req, res) => {
  const items = [];
  for (const post of await prisma.post.findMany({ take: 50, include: { author: true } })) {
    items.push({ id: post.id, title: post.title, author: post.author.name });
  }
  const grouped = new Map<string, number>();
  (await prisma.comment.findMany({ where: { postId: { in: items.map((i) => i.id) } } })).forEach((c) => {
    grouped.set(c.postId, (grouped.get(c.postId) ?? 0) + 1);
  });
  res.json(items.map((item) => ({ ...item, comments: grouped.get(item.id) ?? 0 })));
});

export default router;
`,
    },
    {
      name: 'Map#delete, Set#add and a cache Map read inside loops',
      filename: 'src/server/rate-limit.ts',
      code: `const buckets = new Map<string, { count: number; resetAt: number }>();
const blocked = new Set<string>();
const cache = new Map<string, string>();

export function sweep(now: number) {
  for (const [key, bucket] of buckets) {
    if (bucket.resetAt < now) buckets.delete(key);
    else if (bucket.count > 100) blocked.add(key);
  }
  const names: string[] = [];
  for (const key of blocked) {
    names.push(cache.get(key) ?? key);
  }
  return names;
}
`,
    },
    {
      name: 'Express route registration (app.delete) in a loop',
      filename: 'src/server.ts',
      code: `import express from 'express';
import { prisma } from './db';

const app = express();
const resources = ['posts', 'comments', 'drafts'];

for (const resource of resources) {
  app.delete(\`/api/\${resource}/:id\`, async (req, res) => {
    await prisma.auditLog.create({ data: { action: \`\${resource}.delete\`, targetId: req.params.id } });
    res.sendStatus(204);
  });
}

app.listen(3000);
`,
    },
    {
      name: 'array.find in a loop over already-loaded rows',
      filename: 'packages/lib/bookings.ts',
      code: `import prisma from '@calcom/prisma';

export async function attachHosts(eventTypeId: number) {
  const [bookings, hosts] = await Promise.all([
    prisma.booking.findMany({ where: { eventTypeId }, take: 200 }),
    prisma.host.findMany({ where: { eventTypeId }, include: { user: true } }),
  ]);
  for (const booking of bookings) {
    const host = hosts.find((h) => h.userId === booking.userId);
    Object.assign(booking, { hostName: host?.user.name ?? null });
  }
  return bookings;
}
`,
    },
    {
      name: 'a loop over a literal array of roles',
      filename: 'app/actions/team.ts',
      code: `'use server';
import { db } from '@/server/db';
import { auth } from '@/auth';

export async function createDefaultRoles(teamId: string) {
  const session = await auth();
  if (!session) throw new Error('Unauthorized');
  for (const role of ['admin', 'member', 'viewer'] as const) {
    await db.teamRole.create({ data: { teamId, name: role } });
  }
}
`,
    },
    {
      name: 'a function that queries is declared in the loop but never called there',
      filename: 'src/lib/webhooks.ts',
      code: `import { prisma } from './prisma';

export function buildHandlers(events: string[]) {
  const handlers: Record<string, () => Promise<void>> = {};
  for (const event of events) {
    const handler = async () => {
      await prisma.webhookDelivery.create({ data: { event } });
    };
    handlers[event] = handler;
  }
  return handlers;
}
`,
    },
    {
      name: 'a local in-memory "db" object whose Map is pruned in a loop',
      filename: 'src/dev/mock-store.ts',
      code: `const db = { users: new Map<string, { name: string; expiresAt: number }>() };

export function pruneUsers(ids: string[]) {
  for (const id of ids) {
    db.users.delete(id);
  }
  return db.users.size;
}
`,
    },
    {
      name: 'a queue worker that polls for the next job',
      filename: 'src/worker.ts',
      code: `import { prisma } from './lib/prisma';
import { runJob } from './jobs';

let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
});

export async function work() {
  while (!stopping) {
    const job = await prisma.job.findFirst({ where: { status: 'QUEUED' }, orderBy: { createdAt: 'asc' } });
    if (!job) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    await runJob(job);
    await prisma.job.update({ where: { id: job.id }, data: { status: 'DONE' } });
  }
}
`,
    },
    {
      name: 'walking up a folder tree by parentId',
      filename: 'app/api/folders/[id]/breadcrumbs/route.ts',
      code: `import { prisma } from '@/lib/prisma';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const trail: string[] = [];
  let current: string | null = id;
  while (current) {
    const folder = await prisma.folder.findUnique({ where: { id: current }, select: { name: true, parentId: true } });
    if (!folder) break;
    trail.unshift(folder.name);
    current = folder.parentId;
  }
  return Response.json(trail);
}
`,
    },
    {
      name: 'Redis commands queued on a pipeline, sent once',
      filename: 'src/lib/cache.ts',
      code: `import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);

export async function invalidate(keys: string[]) {
  const pipeline = redis.pipeline();
  for (const key of keys) {
    pipeline.del(key);
  }
  await pipeline.exec();
}
`,
    },
    {
      name: 'a loop over the keys of a constant object',
      filename: 'src/lib/stats.ts',
      code: `import { prisma } from './prisma';

const PLANS = { free: 0, pro: 10, business: 50 } as const;

export async function planCounts() {
  const counts: Record<string, number> = {};
  for (const plan of Object.keys(PLANS)) {
    counts[plan] = await prisma.project.count({ where: { plan } });
  }
  return counts;
}
`,
    },
    {
      name: 'listeners registered in a loop run per event, not per iteration',
      filename: 'src/events.ts',
      code: `import { EventEmitter } from 'node:events';
import { prisma } from './prisma';
import { topics } from './topics';

export const bus = new EventEmitter();

for (const topic of topics) {
  bus.on(topic, async (payload: { id: string }) => {
    await prisma.event.create({ data: { topic, payloadId: payload.id } });
  });
}
`,
    },
    {
      name: 'a local findUnique helper passed to map inside Promise.all (still batched)',
      filename: 'src/server/services/image.service.ts',
      code: `import { dbRead } from '~/server/db/client';

function getImage(id: number) {
  return dbRead.image.findUnique({ where: { id }, select: { id: true, url: true } });
}

export async function getImages(ids: number[]) {
  return Promise.all(ids.map(getImage));
}
`,
    },
    {
      name: 'a Dexie store in a client component is no server database',
      filename: 'app/drafts/offline.tsx',
      code: `'use client';
import Dexie from 'dexie';

const db = new Dexie('drafts');

export async function clearDrafts(ids: string[]) {
  for (const id of ids) {
    await db.table('drafts').delete(id);
  }
}
`,
    },
    {
      name: 'test files create fixtures in loops',
      filename: 'src/server/__tests__/billing.test.ts',
      code: `import { prisma } from '../db';

export async function seedUsers(emails: string[]) {
  for (const email of emails) {
    await prisma.user.create({ data: { email } });
  }
}
`,
    },
    {
      name: 'a fixed small count of days',
      filename: 'src/jobs/daily-stats.ts',
      code: `import { prisma } from '../lib/prisma';

export async function ensureWeek(start: Date) {
  for (let day = 0; day < 7; day++) {
    const date = new Date(start.getTime() + day * 86_400_000);
    await prisma.dailyStat.upsert({ where: { date }, create: { date }, update: {} });
  }
}
`,
    },
    {
      name: 'node-redis pipelines the commands of one tick: Promise.all over get',
      filename: 'src/server/cache/user-cache.ts',
      code: `import { createClient } from 'redis';

const redis = createClient({ url: process.env.REDIS_URL });
await redis.connect();

export async function cachedUsers(ids: string[]) {
  const values = await Promise.all(ids.map((id) => redis.get(\`user:\${id}\`)));
  return values.map((value) => (value ? JSON.parse(value) : null));
}
`,
    },
    {
      name: 'an import job paging through an external API: the queries run once per page',
      filename: 'src/lib/partnerstack/import-customers.ts',
      code: `import { prisma } from '@/lib/prisma';
import { redis } from '@/lib/upstash';
import { PartnerStackApi } from './api';

const MAX_BATCHES = 5;

export async function importCustomers(programId: string, api: PartnerStackApi) {
  let hasMore = true;
  let processedBatches = 0;
  let startingAfter: string | undefined;
  while (hasMore && processedBatches < MAX_BATCHES) {
    const customers = await api.listCustomers({ startingAfter });
    if (customers.length === 0) {
      hasMore = false;
      break;
    }
    const partnerIds = await redis.hmget<Record<string, string>>(\`partners:\${programId}\`, ...customers.map((c) => c.partnerKey));
    await prisma.customer.createMany({
      data: customers.map((c) => ({ externalId: c.key, partnerId: partnerIds?.[c.partnerKey] ?? null })),
      skipDuplicates: true,
    });
    processedBatches++;
    startingAfter = customers[customers.length - 1]!.key;
  }
}
`,
    },
    {
      name: 'a loop that steps a batch at a time (i += BATCH_SIZE)',
      filename: 'src/server/jobs/collection-review.ts',
      code: `import { dbWrite } from '~/server/db/client';

const BATCH_SIZE = 200;

async function applyOutcomes(outcomes: { id: number; status: string }[]) {
  await dbWrite.$executeRaw\`UPDATE "CollectionItem" c SET status = o.status FROM json_to_recordset(\${JSON.stringify(outcomes)}::json) AS o(id int, status text) WHERE c.id = o.id\`;
}

export async function reviewAll(items: { id: number; score: number }[]) {
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    const outcomes = items.slice(i, i + BATCH_SIZE).map((item) => ({ id: item.id, status: item.score > 0.5 ? 'ACCEPTED' : 'REJECTED' }));
    await applyOutcomes(outcomes);
  }
}
`,
    },
    {
      name: 'operations collected in several arrays, combined, then one $transaction',
      filename: 'apps/web/modules/api/v2/users/lib/users.ts',
      code: `import type { Prisma } from '@prisma/client';
import { prisma } from '@formbricks/database';

export async function syncTeams(userId: string, removed: string[], added: string[]) {
  const deleteOps: Prisma.PrismaPromise<unknown>[] = [];
  removed.forEach((teamId) => {
    deleteOps.push(prisma.teamUser.delete({ where: { teamId_userId: { teamId, userId } } }));
  });
  const createOps: Prisma.PrismaPromise<unknown>[] = [];
  added.forEach((teamId) => {
    createOps.push(prisma.teamUser.create({ data: { teamId, userId, role: 'contributor' } }));
  });
  const operations = [...deleteOps, ...createOps];
  await prisma.$transaction(operations);
}
`,
    },
    {
      name: 'a bounded retry loop that waits for other workers to fill the cache',
      filename: 'src/common/caches/base.ts',
      code: `import { createClient } from 'redis';

const redis = createClient();
const MAX_RETRIES = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitForLocked(keys: string[]) {
  let pending = keys;
  let retry = 0;
  while (pending.length > 0 && retry < MAX_RETRIES) {
    await sleep(100);
    retry++;
    const values = await redis.mGet(pending);
    pending = pending.filter((_, i) => values[i] === null);
  }
  return pending;
}
`,
    },
  ],

  invalid: [
    {
      name: 'Next.js route: findMany per post in a for…of loop',
      filename: 'app/api/posts/route.ts',
      code: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function GET() {
  const posts = await prisma.post.findMany({ take: 20, orderBy: { createdAt: 'desc' } });
  const result = [];
  for (const post of posts) {
    const comments = await prisma.comment.findMany({ where: { postId: post.id } });
    result.push({ ...post, comments });
  }
  return NextResponse.json(result);
}
`,
      errors: [
        {
          messageId: 'perIteration',
          line: 8,
          column: 28,
          data: at('prisma.comment.findMany', 'for…of loop', fix.load('postId')),
        },
      ],
    },
    {
      name: 'server action: update per id in an index for loop',
      filename: 'app/bookings/actions.ts',
      code: `'use server';
import { db } from '@/server/db';
import { auth } from '@/auth';

export async function cancelBookings(bookingIds: number[], reason: string) {
  const session = await auth();
  if (!session) throw new Error('Unauthorized');
  for (let i = 0; i < bookingIds.length; i++) {
    await db.booking.update({
      where: { id: bookingIds[i] },
      data: { status: 'CANCELLED', cancellationReason: reason },
    });
  }
}
`,
      errors: [
        {
          messageId: 'perIteration',
          line: 9,
          column: 11,
          data: at('db.booking.update', 'for loop', fix.update('id')),
        },
      ],
    },
    {
      name: 'Express: pg pool.query per item in a while loop over an index',
      filename: 'src/routes/orders.ts',
      code: `import { Router } from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export const router = Router();

router.post('/orders/:id/items', async (req, res) => {
  const items: { sku: string; qty: number }[] = req.body.items;
  let i = 0;
  while (i < items.length) {
    await pool.query('INSERT INTO order_items (order_id, sku, qty) VALUES ($1, $2, $3)', [req.params.id, items[i]!.sku, items[i]!.qty]);
    i++;
  }
  res.status(201).json({ ok: true });
});
`,
      errors: [
        {
          messageId: 'perIteration',
          line: 11,
          column: 11,
          data: at('pool.query', 'while loop', fix.sqlInsert),
        },
      ],
    },
    {
      name: 'background job: ioredis get per key in a do…while',
      filename: 'src/jobs/warm-cache.ts',
      code: `import Redis from 'ioredis';
import { recompute } from './recompute';

const redis = new Redis(process.env.REDIS_URL!);

export async function warm(keys: string[]) {
  let index = 0;
  do {
    const cached = await redis.get(keys[index]!);
    if (cached === null) await recompute(keys[index]!);
    index++;
  } while (index < keys.length);
}
`,
      errors: [
        {
          messageId: 'perIteration',
          line: 9,
          column: 26,
          data: at('redis.get', 'do…while loop', fix.redis),
        },
      ],
    },
    {
      name: 'tRPC: upsert per key of the input in a for…in loop (ctx.prisma)',
      filename: 'src/server/routers/settings.ts',
      code: `import { z } from 'zod';
import { router, protectedProcedure } from '../trpc';

export const settingsRouter = router({
  save: protectedProcedure.input(z.record(z.string(), z.string())).mutation(async ({ ctx, input }) => {
    for (const key in input) {
      await ctx.prisma.userSetting.upsert({
        where: { userId_key: { userId: ctx.session.user.id, key } },
        create: { userId: ctx.session.user.id, key, value: input[key]! },
        update: { value: input[key]! },
      });
    }
    return { ok: true };
  }),
});
`,
      errors: [{ messageId: 'perIteration', line: 7, column: 13, data: at('ctx.prisma.userSetting.upsert', 'for…in loop', fix.upsert) }],
    },
    {
      name: 'forEach with an async callback (ctx.db)',
      filename: 'src/server/api/routers/team.ts',
      code: `import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../trpc';

export const teamRouter = createTRPCRouter({
  invite: protectedProcedure.input(z.object({ teamId: z.string(), emails: z.array(z.string().email()) })).mutation(async ({ ctx, input }) => {
    input.emails.forEach(async (email) => {
      await ctx.db.invite.create({ data: { teamId: input.teamId, email } });
    });
  }),
});
`,
      errors: [
        {
          messageId: 'perIteration',
          line: 7,
          column: 13,
          data: at('ctx.db.invite.create', '.forEach() callback', fix.create),
        },
      ],
    },
    {
      name: 'Promise.all(xs.map(async x => prisma.post.findMany(...))): concurrent N+1',
      filename: 'app/api/authors/route.ts',
      code: `import { prisma } from '@/lib/prisma';

export async function GET() {
  const authors = await prisma.user.findMany({ where: { role: 'AUTHOR' }, take: 50 });
  const withPosts = await Promise.all(
    authors.map(async (author) => ({
      ...author,
      posts: await prisma.post.findMany({ where: { authorId: author.id }, take: 5 }),
    })),
  );
  return Response.json(withPosts);
}
`,
      errors: [
        {
          messageId: 'perIterationConcurrent',
          line: 8,
          column: 20,
          data: at('prisma.post.findMany', '.map() callback', fix.load('authorId')),
        },
      ],
    },
    {
      name: 'map results awaited later through a variable are concurrent too; findFirst is not batched',
      filename: 'src/server/services/link.service.ts',
      code: `import { prisma } from '@dub/prisma';

export async function resolveTags(projectId: string, tagNames: string[]) {
  const lookups = tagNames.map((name) => prisma.tag.findFirst({ where: { projectId, name } }));
  const tags = await Promise.all(lookups);
  return tags.filter(Boolean);
}
`,
      errors: [{ messageId: 'perIterationConcurrent', line: 4, column: 42, data: at('prisma.tag.findFirst', '.map() callback', fix.load('projectId')) }],
    },
    {
      name: 'flatMap, filter, reduce, some, every and find callbacks',
      filename: 'src/server/services/moderation.ts',
      code: `import { prisma } from '../db';

export async function moderate(posts: { id: string; authorId: string }[], reviewers: { id: string }[]) {
  const reports = posts.flatMap((post) => [prisma.report.count({ where: { postId: post.id } })]);
  const flagged = posts.filter(async (post) => (await prisma.flag.count({ where: { postId: post.id } })) > 0);
  await posts.reduce(async (previous, post) => {
    await previous;
    await prisma.post.update({ where: { id: post.id }, data: { reviewed: true } });
  }, Promise.resolve());
  const anyBanned = reviewers.some(async (r) => await prisma.ban.findFirst({ where: { userId: r.id } }));
  const allActive = reviewers.every(async (r) => await prisma.session.count({ where: { userId: r.id } }));
  const firstAdmin = reviewers.find(async (r) => await prisma.membership.findFirst({ where: { userId: r.id, role: 'ADMIN' } }));
  return { reports, flagged, anyBanned, allActive, firstAdmin };
}
`,
      errors: [
        { messageId: 'perIteration', line: 4, column: 44, data: at('prisma.report.count', '.flatMap() callback', fix.count('postId')) },
        { messageId: 'perIteration', line: 5, column: 55, data: at('prisma.flag.count', '.filter() callback', fix.count('postId')) },
        { messageId: 'perIteration', line: 8, column: 11, data: at('prisma.post.update', '.reduce() callback', fix.update('id')) },
        { messageId: 'perIteration', line: 10, column: 55, data: at('prisma.ban.findFirst', '.some() callback', fix.load('userId')) },
        { messageId: 'perIteration', line: 11, column: 56, data: at('prisma.session.count', '.every() callback', fix.count('userId')) },
        { messageId: 'perIteration', line: 12, column: 56, data: at('prisma.membership.findFirst', '.find() callback', fix.load('userId')) },
      ],
    },
    {
      name: 'a local function that queries, called in a loop',
      filename: 'app/actions/invite.ts',
      code: `'use server';
import { db } from '@/server/db';
import { auth } from '@/auth';

async function addMember(teamId: string, email: string) {
  const user = await db.user.upsert({ where: { email }, create: { email }, update: {} });
  await db.membership.create({ data: { teamId, userId: user.id } });
}

export async function inviteMembers(teamId: string, emails: string[]) {
  const session = await auth();
  if (!session) throw new Error('Unauthorized');
  for (const email of emails) {
    await addMember(teamId, email);
  }
}
`,
      errors: [
        {
          messageId: 'perIterationVia',
          line: 14,
          column: 11,
          data: via('addMember', 'db.user.upsert', 'for…of loop', fix.upsert),
        },
      ],
    },
    {
      name: 'transitively: the loop calls f, f calls g, g queries',
      filename: 'src/server/notifications.ts',
      code: `import { prisma } from './prisma';
import { sendPush } from './push';

const loadPreferences = (userId: string) => prisma.notificationPreference.findFirst({ where: { userId } });

async function shouldNotify(userId: string, kind: string) {
  const preferences = await loadPreferences(userId);
  return preferences?.[kind as 'mentions'] !== false;
}

export async function notifyAll(userIds: string[], kind: string) {
  for (const userId of userIds) {
    if (await shouldNotify(userId, kind)) await sendPush(userId, kind);
  }
}
`,
      errors: [{ messageId: 'perIterationVia', line: 13, column: 15, data: via('shouldNotify', 'prisma.notificationPreference.findFirst', 'for…of loop', fix.load('userId')) }],
    },
    {
      name: 'NestJS: this.helper() that queries through this.prisma, and a direct this.prisma call',
      filename: 'src/modules/users/users.service.ts',
      code: `import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  private async loadProfile(userId: string) {
    return this.prisma.profile.findFirst({ where: { userId } });
  }

  async listWithProfiles(userIds: string[]) {
    const out = [];
    for (const userId of userIds) {
      out.push({ userId, profile: await this.loadProfile(userId) });
    }
    return out;
  }

  async touch(userIds: string[]) {
    for (const id of userIds) {
      await this.prisma.user.update({ where: { id }, data: { lastSeenAt: new Date() } });
    }
  }
}
`,
      errors: [
        { messageId: 'perIterationVia', line: 15, column: 41, data: via('loadProfile', 'this.prisma.profile.findFirst', 'for…of loop', fix.load('userId')) },
        { messageId: 'perIteration', line: 22, column: 13, data: at('this.prisma.user.update', 'for…of loop', fix.update('id')) },
      ],
    },
    {
      name: 'a local function passed by reference to map (Promise.all(ids.map(tagImage)))',
      filename: 'src/server/services/tagging.ts',
      code: `import { dbWrite } from '~/server/db/client';

async function tagImage(imageId: number) {
  await dbWrite.tagsOnImage.create({ data: { imageId, tagId: 1 } });
}

export async function tagAll(imageIds: number[]) {
  await Promise.all(imageIds.map(tagImage));
}
`,
      errors: [{ messageId: 'perIterationVia', line: 8, column: 34, data: via('tagImage', 'dbWrite.tagsOnImage.create', '.map() callback', fix.create) }],
    },
    {
      name: 'dbRead / dbWrite imported from ~/server/db/client',
      filename: 'src/server/jobs/model-metrics.ts',
      code: `import { dbRead, dbWrite } from '~/server/db/client';

export async function updateReviewCounts(modelIds: number[]) {
  for (const modelId of modelIds) {
    const reviewCount = await dbRead.review.count({ where: { modelId } });
    await dbWrite.modelMetric.update({ where: { modelId }, data: { reviewCount } });
  }
}
`,
      errors: [
        { messageId: 'perIteration', line: 5, column: 31, data: at('dbRead.review.count', 'for…of loop', fix.count('modelId')) },
        { messageId: 'perIteration', line: 6, column: 11, data: at('dbWrite.modelMetric.update', 'for…of loop', fix.update('modelId')) },
      ],
    },
    {
      name: 'a prisma.client wrapper',
      filename: 'src/lib/reports.ts',
      code: `import { prisma } from './prisma-wrapper';

export async function reportRows(accountIds: string[]) {
  const rows = [];
  for (const accountId of accountIds) {
    rows.push(await prisma.client.invoice.aggregate({ where: { accountId }, _sum: { amount: true } }));
  }
  return rows;
}
`,
      errors: [{ messageId: 'perIteration', line: 6, column: 21, data: at('prisma.client.invoice.aggregate', 'for…of loop', fix.count('accountId')) }],
    },
    {
      name: 'knex builder per id',
      filename: 'src/repositories/users.ts',
      code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function loadUsers(ids: number[]) {
  const users = [];
  for (const id of ids) {
    users.push(await db('users').where({ id }).first());
  }
  return users;
}
`,
      errors: [{ messageId: 'perIteration', line: 8, column: 22, data: at("db('users')", 'for…of loop', fix.sqlRead) }],
    },
    {
      name: 'tx inside an interactive $transaction still writes once per recipient',
      filename: 'packages/lib/server-only/document/send-document.ts',
      code: `import { prisma } from '@documenso/prisma';

export const sendDocument = async (documentId: number, recipientIds: number[]) => {
  await prisma.$transaction(async (tx) => {
    for (const recipientId of recipientIds) {
      await tx.recipient.update({ where: { id: recipientId }, data: { sendStatus: 'SENT' } });
    }
    await tx.document.update({ where: { id: documentId }, data: { status: 'PENDING' } });
  });
};
`,
      errors: [{ messageId: 'perIteration', line: 6, column: 13, data: at('tx.recipient.update', 'for…of loop', fix.update('id')) }],
    },
    {
      name: 'a bail-out `return null` is not a first match: the happy path queries every item',
      filename: 'app/api/checkout/route.ts',
      code: `import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const { items } = (await request.json()) as { items: { productId: string; qty: number }[] };
  let total = 0;
  for (const item of items) {
    const product = await prisma.product.findUnique({ where: { id: item.productId } });
    if (!product) return Response.json({ error: 'Unknown product' }, { status: 400 });
    total += product.price * item.qty;
  }
  return Response.json({ total });
}
`,
      errors: [{ messageId: 'perIteration', line: 7, column: 27, data: at('prisma.product.findUnique', 'for…of loop', fix.load('id')) }],
    },
    {
      name: 'a first-match loop nested in a loop over items still runs per item',
      filename: 'src/lib/links.ts',
      code: `import { prisma } from './prisma';

export async function assignKeys(links: { url: string; candidates: string[] }[]) {
  const keys: string[] = [];
  for (const link of links) {
    for (const key of link.candidates) {
      const taken = await prisma.link.findFirst({ where: { key } });
      if (!taken) {
        keys.push(key);
        break;
      }
    }
  }
  return keys;
}
`,
      errors: [{ messageId: 'perIteration', line: 7, column: 27, data: at('prisma.link.findFirst', 'for…of loop', fix.load('key')) }],
    },
    {
      name: 'a `break` inside a switch does not leave the loop',
      filename: 'src/jobs/classify-contacts.ts',
      code: `import { prisma } from '../prisma';

export async function classify(contacts: { id: string; email: string }[]) {
  for (const contact of contacts) {
    switch (contact.email.split('@')[1]) {
      case 'gmail.com':
        await prisma.contact.update({ where: { id: contact.id }, data: { provider: 'google' } });
        break;
      default:
        break;
    }
  }
}
`,
      errors: [{ messageId: 'perIteration', line: 7, column: 15, data: at('prisma.contact.update', 'for…of loop', fix.update('id')) }],
    },
    {
      name: 'an `in` filter on a constant list does not make a per-user query a batch',
      filename: 'src/server/feed.ts',
      code: `import { prisma } from './db';

export async function feedFor(users: { id: string }[]) {
  const feeds = [];
  for (const user of users) {
    feeds.push(await prisma.post.findMany({ where: { authorId: user.id, status: { in: ['PUBLISHED', 'PINNED'] } }, take: 10 }));
  }
  return feeds;
}
`,
      errors: [{ messageId: 'perIteration', line: 6, column: 22, data: at('prisma.post.findMany', 'for…of loop', fix.load('authorId')) }],
    },
    {
      name: 'a per-user query with take/skip: 0 is not pagination',
      filename: 'src/server/latest.ts',
      code: `import { prisma } from './db';

export async function latestPerUser(users: { id: string }[]) {
  const result: Record<string, unknown[]> = {};
  for (const user of users) {
    result[user.id] = await prisma.post.findMany({ where: { authorId: user.id }, orderBy: { createdAt: 'desc' }, skip: 0, take: 3 });
  }
  return result;
}
`,
      errors: [{ messageId: 'perIteration', line: 6, column: 29, data: at('prisma.post.findMany', 'for…of loop', fix.load('authorId')) }],
    },
    {
      name: 'one lookup per @mention found by a regex loop',
      filename: 'src/server/comments.ts',
      code: `import { prisma } from './db';

const MENTION = /@(\\w+)/g;

export async function notifyMentions(body: string) {
  let match: RegExpExecArray | null;
  while ((match = MENTION.exec(body)) !== null) {
    const user = await prisma.user.findUnique({ where: { username: match[1] } });
    if (user) await prisma.notification.create({ data: { userId: user.id, type: 'MENTION' } });
  }
}
`,
      errors: [
        { messageId: 'perIteration', line: 8, column: 24, data: at('prisma.user.findUnique', 'while loop', fix.load('username')) },
        { messageId: 'perIteration', line: 9, column: 21, data: at('prisma.notification.create', 'while loop', fix.create) },
      ],
    },
    {
      name: 'a recursive tree loader queries once per child',
      filename: 'src/server/folders.ts',
      code: `import { prisma } from './db';

type Node = { id: string; name: string; children: Node[] };

export async function loadTree(id: string, name = 'root'): Promise<Node> {
  const children = await prisma.folder.findMany({ where: { parentId: id } });
  const nodes: Node[] = [];
  for (const child of children) {
    nodes.push(await loadTree(child.id, child.name));
  }
  return { id, name, children: nodes };
}
`,
      errors: [{ messageId: 'perIterationVia', line: 9, column: 22, data: via('loadTree', 'prisma.folder.findMany', 'for…of loop', fix.load('parentId')) }],
    },
    {
      name: 'p-map runs the callback per element, concurrently',
      filename: 'src/jobs/rescore.ts',
      code: `import pMap from 'p-map';
import { prisma } from '../lib/prisma';

export async function rescore(ids: string[]) {
  await pMap(ids, async (id) => prisma.post.update({ where: { id }, data: { score: 0 } }), { concurrency: 10 });
}
`,
      errors: [{ messageId: 'perIterationConcurrent', line: 5, column: 33, data: at('prisma.post.update', 'pMap() callback', fix.update('id')) }],
    },
    {
      name: 'Upstash/Vercel KV reads per id in a route handler',
      filename: 'app/api/views/route.ts',
      code: `import { kv } from '@vercel/kv';
import { NextRequest, NextResponse } from 'next/server';

export async function GET(request: NextRequest) {
  const ids = request.nextUrl.searchParams.getAll('id');
  const views: Record<string, number> = {};
  for (const id of ids) {
    views[id] = (await kv.get<number>(\`views:\${id}\`)) ?? 0;
  }
  return NextResponse.json(views);
}
`,
      errors: [{ messageId: 'perIteration', line: 8, column: 24, data: at('kv.get', 'for…of loop', fix.redis) }],
    },
    {
      name: 'ioredis does not pipeline on its own: Promise.all over get is N round trips',
      filename: 'src/server/cache/sessions.ts',
      code: `import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);

export async function loadSessions(ids: string[]) {
  return Promise.all(ids.map((id) => redis.get(\`session:\${id}\`)));
}
`,
      errors: [{ messageId: 'perIterationConcurrent', line: 6, column: 38, data: at('redis.get', '.map() callback', fix.redis) }],
    },
    {
      name: 'an `in` list built from one element is not a chunk',
      filename: 'src/server/services/members.ts',
      code: `import { prisma } from '../db';

export async function teamsOf(users: { id: string; memberships: { teamId: string }[] }[]) {
  const result = new Map<string, unknown[]>();
  for (const user of users) {
    const teamIds = user.memberships.map((m) => m.teamId);
    result.set(user.id, await prisma.team.findMany({ where: { id: { in: teamIds } } }));
  }
  return result;
}
`,
      errors: [{ messageId: 'perIteration', line: 7, column: 31, data: at('prisma.team.findMany', 'for…of loop', fix.load('id')) }],
    },
    {
      name: 'chunking the outer loop does not batch the per-element writes inside it',
      filename: 'src/scripts/backfill-usernames.ts',
      code: `import { chunk } from 'lodash';
import { prisma } from '../lib/prisma';

export async function backfill(partners: { id: string; name: string }[]) {
  for (const batch of chunk(partners, 50)) {
    await Promise.all(
      batch.map((partner) => prisma.partner.update({ where: { id: partner.id }, data: { username: partner.name.toLowerCase() } })),
    );
  }
}
`,
      errors: [{ messageId: 'perIterationConcurrent', line: 7, column: 30, data: at('prisma.partner.update', '.map() callback', fix.update('id')) }],
    },
  ],
});

createRuleTester({ clientNames: ['replica'] }).run('no-query-in-loop (settings.clientNames)', rule, {
  valid: [
    {
      name: 'a configured client name used outside any loop',
      filename: 'src/server/stats.ts',
      code: `import { replica } from './db';

export async function totalPosts() {
  return replica.post.count();
}
`,
    },
  ],
  invalid: [
    {
      name: 'a configured client name in a loop',
      filename: 'src/server/stats.ts',
      code: `import { replica } from './db';

export async function postCounts(authorIds: string[]) {
  const counts: Record<string, number> = {};
  for (const authorId of authorIds) {
    counts[authorId] = await replica.post.count({ where: { authorId } });
  }
  return counts;
}
`,
      errors: [{ messageId: 'perIteration', line: 6, column: 30, data: at('replica.post.count', 'for…of loop', fix.count('authorId')) }],
    },
  ],
});
