import { fileURLToPath } from 'node:url';
import rule from '../../src/rules/no-leaked-db-client.js';
import { createRuleTester } from '../support/rule-tester.js';

// Next.js-project detection reads the nearest package.json: these fixtures have one with and
// one without a `next` dependency. Every other case sets `framework` explicitly.
const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/no-leaked-db-client/${path}`, import.meta.url));
const next = { 'backend-architect': { framework: 'next' } };
const express = { 'backend-architect': { framework: 'express' } };
const nest = { 'backend-architect': { framework: 'nest' } };

createRuleTester().run('no-leaked-db-client', rule, {
  valid: [
    {
      name: 'T3 singleton: a createPrismaClient factory behind globalForPrisma.prisma ??',
      filename: 'src/server/db.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';
import { env } from '~/env';

const createPrismaClient = () =>
  new PrismaClient({
    log: env.NODE_ENV === 'development' ? ['query', 'error', 'warn'] : ['error'],
  });

const globalForPrisma = globalThis as unknown as {
  prisma: ReturnType<typeof createPrismaClient> | undefined;
};

export const db = globalForPrisma.prisma ?? createPrismaClient();

if (env.NODE_ENV !== 'production') globalForPrisma.prisma = db;
`,
    },
    {
      name: 'Next.js docs singleton: globalForPrisma.prisma || new PrismaClient()',
      filename: 'lib/prisma.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

const globalForPrisma = global as unknown as { prisma: PrismaClient };

export const prisma = globalForPrisma.prisma || new PrismaClient();

if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;
`,
    },
    {
      name: 'globalThis.prisma ??= new PrismaClient()',
      filename: 'lib/db.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

declare global {
  var prisma: PrismaClient | undefined;
}

export const db = (globalThis.prisma ??= new PrismaClient());
`,
    },
    {
      name: 'if (!global.prisma) global.prisma = new PrismaClient(), plain client in the production branch',
      filename: 'lib/db.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

let prisma: PrismaClient;

if (process.env.NODE_ENV === 'production') {
  prisma = new PrismaClient();
} else {
  if (!global.prisma) {
    global.prisma = new PrismaClient();
  }
  prisma = global.prisma;
}

export default prisma;
`,
    },
    {
      name: 'production / development ternary with ??= on globalThis',
      filename: 'lib/db.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

declare global {
  var __prisma: PrismaClient | undefined;
}

export const prisma =
  process.env.NODE_ENV === 'production'
    ? new PrismaClient()
    : (globalThis.__prisma ??= new PrismaClient({ log: ['query'] }));
`,
    },
    {
      name: 'civitai-style read/write clients: isProd branch and if (!global.x) guards through a factory',
      filename: 'src/server/db/client.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';
import { env } from '~/env/server.mjs';
import { isProd } from '~/env/other';

declare global {
  var globalDbRead: PrismaClient | undefined;
  var globalDbWrite: PrismaClient | undefined;
}

const singleClient = env.DATABASE_REPLICA_URL === env.DATABASE_URL;
const createPrismaClient = ({ readonly }: { readonly: boolean }) => {
  const url = readonly ? env.DATABASE_REPLICA_URL : env.DATABASE_URL;
  const prisma = new PrismaClient({ datasources: { db: { url } } });
  return prisma;
};

export let dbRead: PrismaClient;
export let dbWrite: PrismaClient;

if (isProd) {
  dbWrite = createPrismaClient({ readonly: false });
  dbRead = singleClient ? dbWrite : createPrismaClient({ readonly: true });
} else {
  if (!global.globalDbWrite) global.globalDbWrite = createPrismaClient({ readonly: false });
  if (!global.globalDbRead) {
    global.globalDbRead = singleClient ? global.globalDbWrite : createPrismaClient({ readonly: true });
  }
  dbWrite = global.globalDbWrite;
  dbRead = singleClient ? dbWrite : global.globalDbRead;
}
`,
    },
    {
      name: 'langfuse-style: pg Pool + PrismaPg adapter inside a singleton factory behind globalThis.prisma ??',
      filename: 'packages/shared/src/db.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';

const prismaClientSingleton = () => {
  try {
    const pool = new Pool({ connectionString: process.env.DATABASE_URL });
    const adapter = new PrismaPg(pool);
    return new PrismaClient({ adapter, log: ['error', 'warn'] });
  } catch (e) {
    console.error('Failed to create prisma client');
    throw e;
  }
};

declare global {
  var prisma: undefined | ReturnType<typeof prismaClientSingleton>;
}

export const prisma = globalThis.prisma ?? prismaClientSingleton();

if (process.env.NODE_ENV !== 'production') globalThis.prisma = prisma;
`,
    },
    {
      name: "remember('prisma', () => new PrismaClient())",
      filename: 'app/utils/db.server.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';
import { remember } from '@epic-web/remember';

export const prisma = remember('prisma', () => {
  const client = new PrismaClient({ log: ['warn', 'error'] });
  void client.$connect();
  return client;
});
`,
    },
    {
      name: 'static getInstance() memoising into a static field',
      filename: 'src/lib/database.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

export class Database {
  private static instance: PrismaClient | undefined;

  static getInstance(): PrismaClient {
    if (!Database.instance) {
      Database.instance = new PrismaClient();
    }
    return Database.instance;
  }
}
`,
    },
    {
      name: 'lazy module-level client with an early-return guard, used by an Express route',
      filename: 'src/db/client.ts',
      settings: express,
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

let prisma: PrismaClient | undefined;

export function getPrisma(): PrismaClient {
  if (prisma) return prisma;
  prisma = new PrismaClient();
  return prisma;
}

const app = express();
app.get('/users', async (req, res) => {
  res.json(await getPrisma().user.findMany({ take: 10 }));
});
`,
    },
    {
      name: 'NestJS PrismaService extends PrismaClient, $disconnect() in onModuleDestroy',
      filename: 'src/prisma/prisma.service.ts',
      settings: nest,
      code: `
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  async onModuleInit() {
    await this.$connect();
  }

  async onModuleDestroy() {
    await this.$disconnect();
  }
}
`,
    },
    {
      name: 'NestJS @Injectable() service creating its client in the constructor',
      filename: 'src/database/database.service.ts',
      settings: nest,
      code: `
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class DatabaseService implements OnModuleDestroy {
  readonly client: PrismaClient;

  constructor() {
    this.client = new PrismaClient();
  }

  async onModuleDestroy() {
    await this.client.$disconnect();
  }
}
`,
    },
    {
      name: 'prisma/seed.ts: one client for the run, main().finally(() => prisma.$disconnect())',
      filename: 'prisma/seed.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function main() {
  for (const email of ['alice@example.com', 'bob@example.com']) {
    await prisma.user.upsert({ where: { email }, update: {}, create: { email } });
  }
}

main()
  .catch((e) => {
    console.error(e);
    process.exit(1);
  })
  .finally(async () => {
    await prisma.$disconnect();
  });
`,
    },
    {
      name: 'a seed module outside prisma/ that ends by disconnecting at load',
      filename: 'src/db/populate.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function run() {
  await prisma.tag.createMany({ data: [{ name: 'news' }, { name: 'tech' }] });
}

run().finally(() => prisma.$disconnect());
`,
    },
    {
      name: 'scripts/: module-level client and $disconnect() in a script',
      filename: 'scripts/cleanup-sessions.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function cleanup() {
  const { count } = await prisma.session.deleteMany({ where: { expires: { lt: new Date() } } });
  console.log('deleted', count);
  await prisma.$disconnect();
}
`,
    },
    {
      name: 'CLI entry point with a shebang',
      filename: 'src/make-admin.ts',
      settings: next,
      code: `#!/usr/bin/env node
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const [, , email] = process.argv;
await prisma.user.update({ where: { email }, data: { role: 'ADMIN' } });
await prisma.$disconnect();
`,
    },
    {
      name: 'module-level new PrismaClient() in an Express project (no hot reload)',
      filename: 'src/db.ts',
      settings: express,
      code: `
import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient();
`,
    },
    {
      name: 'module-level new PrismaClient() where the nearest package.json has no next dependency',
      filename: fixture('express-app/src/db.ts'),
      code: `
import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient();
`,
    },
    {
      name: 'pool.connect() released in finally inside an Express route',
      filename: 'src/routes/transfer.ts',
      settings: express,
      code: `
import { Router } from 'express';
import { pool } from '../db';

export const router = Router();

router.post('/transfer', async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [req.body.amount, req.body.from]);
    await client.query('COMMIT');
    res.sendStatus(204);
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
});
`,
    },
    {
      name: 'pool.connect() whose client is returned to the caller',
      filename: 'src/db/index.ts',
      settings: express,
      code: `
import { Pool, type PoolClient } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function getClient(): Promise<PoolClient> {
  const client = await pool.connect();
  return client;
}

export const checkout = () => pool.connect();
`,
    },
    {
      name: 'let client; try { client = await pool.connect() } finally { client?.release() }, and a then/catch chain that releases on both paths',
      filename: 'src/db/health.ts',
      settings: express,
      code: `
import { Pool, type PoolClient } from 'pg';

const pool = new Pool();

export async function healthcheck() {
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    client?.release();
  }
}

export function query(text: string, params?: unknown[]) {
  return pool.connect().then((client) =>
    client
      .query(text, params)
      .then((res) => {
        client.release();
        return res;
      })
      .catch((err) => {
        client.release();
        throw err;
      }),
  );
}
`,
    },
    {
      name: 'pool.query() per request is what the pool is for',
      filename: 'src/routes/users.ts',
      settings: express,
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool({ max: 20 });
const app = express();

app.get('/users', async (req, res) => {
  const { rows } = await pool.query('SELECT id, name FROM users LIMIT 100');
  res.json(rows);
});
`,
    },
    {
      name: "Upstash new Redis() per request: HTTP, no connection pool",
      filename: 'app/api/ratelimit/route.ts',
      settings: next,
      code: `
import { Redis } from '@upstash/redis';

export async function POST(req: Request) {
  const redis = new Redis({ url: process.env.UPSTASH_URL!, token: process.env.UPSTASH_TOKEN! });
  const hits = await redis.incr('rl:' + req.headers.get('x-forwarded-for'));
  return Response.json({ hits });
}
`,
    },
    {
      name: 'new Map() and new URL() per request',
      filename: 'app/api/links/route.ts',
      settings: next,
      code: `
import { prisma } from '@/lib/prisma';

export async function GET(request: Request) {
  const url = new URL(request.url);
  const seen = new Map<string, number>();
  const links = await prisma.link.findMany({ take: 50, where: { domain: url.searchParams.get('domain') ?? undefined } });
  for (const link of links) seen.set(link.domain, (seen.get(link.domain) ?? 0) + 1);
  return Response.json(Object.fromEntries(seen));
}
`,
    },
    {
      name: 'a factory function that nothing in the file calls per request or per iteration',
      filename: 'src/lib/tenant-db.ts',
      settings: express,
      code: `
import { PrismaClient } from '@prisma/client';

export function createTenantClient(url: string) {
  return new PrismaClient({ datasources: { db: { url } } });
}
`,
    },
    {
      name: 'per-tenant client cache: Map lookup guards the creation',
      filename: 'src/lib/tenant.ts',
      settings: express,
      code: `
import type { NextFunction, Request, Response } from 'express';
import { PrismaClient } from '@prisma/client';

const clients = new Map<string, PrismaClient>();

function clientFor(tenantId: string): PrismaClient {
  let client = clients.get(tenantId);
  if (!client) {
    client = new PrismaClient({ datasourceUrl: process.env.DATABASE_URL + '?schema=' + tenantId });
    clients.set(tenantId, client);
  }
  return client;
}

export function tenantMiddleware(req: Request, res: Response, next: NextFunction) {
  res.locals.db = clientFor(String(req.headers['x-tenant-id']));
  next();
}
`,
    },
    {
      name: 'per-region pools: if (!pools[k]) pools[k] = new Pool(), if (!map.has(k)) map.set(k, new Pool())',
      filename: 'src/lib/pools.ts',
      settings: express,
      code: `
import express from 'express';
import { Pool } from 'pg';

const pools: Record<string, Pool> = {};
function getPool(region: string) {
  if (!pools[region]) {
    pools[region] = new Pool({ connectionString: process.env['DATABASE_URL_' + region.toUpperCase()] });
  }
  return pools[region];
}

const poolMap = new Map<string, Pool>();
function getPool2(key: string) {
  if (!poolMap.has(key)) poolMap.set(key, new Pool({ connectionString: key }));
  return poolMap.get(key)!;
}

const app = express();
app.get('/regions/:region/orders', async (req, res) => {
  const { rows } = await getPool(req.params.region).query('SELECT * FROM orders LIMIT 10');
  const { rows: more } = await getPool2(req.params.region).query('SELECT 1');
  res.json([...rows, ...more]);
});
`,
    },
    {
      name: 'one client per shard, built once at startup and kept',
      filename: 'src/db/shards.ts',
      settings: express,
      code: `
import { PrismaClient } from '@prisma/client';

const SHARDS = ['eu', 'us', 'ap'] as const;

export const shardClients = Object.fromEntries(
  SHARDS.map((shard) => [shard, new PrismaClient({ datasourceUrl: process.env['DATABASE_URL_' + shard] })]),
);

export const replicas: PrismaClient[] = [];
for (const url of (process.env.REPLICA_URLS ?? '').split(',')) {
  replicas.push(new PrismaClient({ datasourceUrl: url }));
}
`,
    },
    {
      name: 'connect-retry loop that returns the first client that connects',
      filename: 'src/db/connect.ts',
      settings: express,
      code: `
import { PrismaClient } from '@prisma/client';

export async function connectWithRetry(attempts = 5): Promise<PrismaClient> {
  for (let i = 0; i < attempts; i++) {
    const client = new PrismaClient();
    try {
      await client.$connect();
      return client;
    } catch {
      await client.$disconnect();
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** i));
    }
  }
  throw new Error('database unreachable');
}
`,
    },
    {
      name: 'one short-lived client per tenant database, configured from the element and closed in the same pass',
      filename: 'src/jobs/ping-tenants.ts',
      settings: express,
      code: `
import { Client } from 'pg';

async function ping(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}

export async function pingAll(urls: string[]) {
  await Promise.all(urls.map((url) => ping(url)));
}
`,
    },
    {
      name: '$disconnect() of a client created in the same function (edge runtime: a client per request is the rule there)',
      filename: 'app/api/users/route.ts',
      settings: next,
      code: `
import { Pool } from '@neondatabase/serverless';
import { PrismaNeon } from '@prisma/adapter-neon';
import { PrismaClient } from '@prisma/client';

export const runtime = 'edge';

export async function GET() {
  const neon = new Pool({ connectionString: process.env.POSTGRES_PRISMA_URL });
  const prisma = new PrismaClient({ adapter: new PrismaNeon(neon) });
  try {
    return Response.json(await prisma.user.findMany({ take: 20 }));
  } finally {
    await prisma.$disconnect();
  }
}
`,
    },
    {
      name: 'a connection opened and closed within one request (Neon serverless Pool, pg Client + end() in finally)',
      filename: 'app/api/posts/route.ts',
      settings: next,
      code: `
import { Pool } from '@neondatabase/serverless';
import { Client } from 'pg';

export async function GET() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  try {
    const { rows } = await pool.query('SELECT id, title FROM posts ORDER BY id DESC LIMIT 20');
    return Response.json(rows);
  } finally {
    await pool.end();
  }
}

export async function POST(request: Request) {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { title } = (await request.json()) as { title: string };
    await client.query('INSERT INTO posts (title) VALUES ($1)', [title]);
    return new Response(null, { status: 201 });
  } finally {
    await client.end();
  }
}
`,
    },
    {
      name: 'a Redis subscriber per server-sent-events stream, closed when the stream ends',
      filename: 'app/api/events/route.ts',
      settings: next,
      code: `
import Redis from 'ioredis';

export async function GET(req: Request) {
  const subscriber = new Redis(process.env.REDIS_URL!);
  await subscriber.subscribe('events');
  const stream = new ReadableStream({
    start(controller) {
      subscriber.on('message', (_channel, message) => controller.enqueue('data: ' + message + '\\n\\n'));
    },
    cancel() {
      subscriber.quit();
    },
  });
  req.signal.addEventListener('abort', () => subscriber.disconnect());
  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
}
`,
    },
    {
      name: 'graceful shutdown: $disconnect() in a SIGTERM listener',
      filename: 'src/server.ts',
      settings: express,
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.get('/health', async (_req, res) => {
  await prisma.$queryRaw\`SELECT 1\`;
  res.send('ok');
});

const server = app.listen(3000);
process.on('SIGTERM', async () => {
  server.close();
  await prisma.$disconnect();
});
`,
    },
    {
      name: 'HTTP-only Prisma clients at module level in Next.js: PlanetScale adapter, Accelerate',
      filename: 'lib/prisma-edge.ts',
      settings: next,
      code: `
import { Client } from '@planetscale/database';
import { PrismaPlanetScale } from '@prisma/adapter-planetscale';
import { PrismaClient } from '@prisma/client/edge';
import { withAccelerate } from '@prisma/extension-accelerate';

const client = new Client({ url: process.env.DATABASE_URL });
const adapter = new PrismaPlanetScale(client);

export const prismaEdge = new PrismaClient({ adapter });
export const accelerated = new PrismaClient().$extends(withAccelerate());
`,
    },
    {
      name: 'BullMQ workers built at startup, each handed its own connection',
      filename: 'src/workers/index.ts',
      settings: express,
      code: `
import { Worker } from 'bullmq';
import IORedis from 'ioredis';

for (const queue of ['email', 'webhooks']) {
  new Worker(queue, async () => undefined, { connection: new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }) });
}
`,
    },
    {
      name: 'a pool owned by a NestJS service, connections released in finally',
      filename: 'src/reports/reports.service.ts',
      settings: nest,
      code: `
import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';

@Injectable()
export class ReportsService {
  private readonly pool = new Pool({ connectionString: process.env.REPORTS_DB_URL });

  async daily() {
    const client = await this.pool.connect();
    try {
      return (await client.query('SELECT * FROM daily_report')).rows;
    } finally {
      client.release();
    }
  }
}
`,
    },
    {
      name: 'a pg Client connecting at module level is not a pool checkout',
      filename: 'src/db.ts',
      settings: express,
      code: `
import pg from 'pg';

export const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
`,
    },
    {
      name: 'a test file in a Next.js project: one client for the suite',
      filename: 'src/users/users.test.ts',
      settings: next,
      code: `
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

beforeAll(async () => {
  await prisma.user.deleteMany();
});
afterAll(async () => {
  await prisma.$disconnect();
});

it('starts empty', async () => {
  expect(await prisma.user.count()).toBe(0);
});
`,
    },
    {
      name: 'a top-level checkout in a migration script lives as long as the script',
      filename: 'scripts/migrate.ts',
      settings: express,
      code: `
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const client = await pool.connect();
await client.query(readFileSync('schema.sql', 'utf8'));
await pool.end();
`,
    },
    {
      name: 'the connection is handed to a release helper in finally',
      filename: 'src/db/tx.ts',
      settings: express,
      code: `
import type { PoolClient } from 'pg';
import { pool } from './pool';

function safeRelease(client: PoolClient, err?: Error) {
  try {
    client.release(err);
  } catch {
    // already released
  }
}

export async function run(sql: string) {
  const client = await pool.connect();
  try {
    return await client.query(sql);
  } finally {
    safeRelease(client);
  }
}
`,
    },
    {
      name: 'a shutdown endpoint that disconnects and exits the process',
      filename: 'src/admin.ts',
      settings: express,
      code: `
import express from 'express';
import { prisma } from './db';

export const admin = express.Router();

admin.post('/shutdown', async (req, res) => {
  res.sendStatus(202);
  await prisma.$disconnect();
  process.exit(0);
});
`,
    },
    {
      name: 'repository classes with a client field that nothing in the file instantiates per request',
      filename: 'src/repositories/base.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

export abstract class BaseRepository {
  protected prisma = new PrismaClient();
}

export class UserRepository extends BaseRepository {
  find(id: string) {
    return this.prisma.user.findUnique({ where: { id } });
  }
}
`,
    },
    {
      name: 'GraphQL context that hands out the module-level client',
      filename: 'src/index.ts',
      settings: express,
      code: `
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { PrismaClient } from '@prisma/client';
import { resolvers, typeDefs } from './schema';

const prisma = new PrismaClient();
const server = new ApolloServer({ typeDefs, resolvers });

await startStandaloneServer(server, { context: async () => ({ prisma }) });
`,
    },
    {
      name: 'a connectivity check that releases the connection right away',
      filename: 'src/config/db.ts',
      settings: express,
      code: `
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.POSTGRES_URI });

export const connectDB = async () => {
  try {
    const client = await pool.connect();
    console.log('PostgreSQL connected: ' + client.host);
    client.release();
  } catch (error) {
    console.error('PostgreSQL connection error', error);
    process.exit(1);
  }
};
`,
    },
    {
      name: "framework: 'express' overrides a package.json that depends on next",
      filename: fixture('next-app/lib/prisma.ts'),
      settings: express,
      code: `
import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient();
`,
    },
  ],
  invalid: [
    {
      name: 'new PrismaClient() in a Next.js route handler',
      filename: 'app/api/users/route.ts',
      settings: next,
      code: `
import { NextResponse } from 'next/server';
import { PrismaClient } from '@prisma/client';

export async function GET() {
  const prisma = new PrismaClient();
  const users = await prisma.user.findMany({ take: 20 });
  return NextResponse.json(users);
}
`,
      errors: [{ messageId: 'perRequest', line: 6, column: 18, data: { factory: 'new PrismaClient()', handler: 'GET route handler' } }],
    },
    {
      name: 'new PrismaClient() in a pages/api handler, disconnected in finally (still a pool per request)',
      filename: 'pages/api/feed.ts',
      settings: next,
      code: `
import type { NextApiRequest, NextApiResponse } from 'next';
import { PrismaClient } from '@prisma/client';

export default async function handle(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'GET') return res.status(405).end();
  const prisma = new PrismaClient();
  try {
    const posts = await prisma.post.findMany({ where: { published: true }, take: 20 });
    res.json(posts);
  } finally {
    await prisma.$disconnect();
  }
}
`,
      errors: [{ messageId: 'perRequest', line: 7, column: 18, data: { factory: 'new PrismaClient()', handler: 'API route handler' } }],
    },
    {
      name: "new PrismaClient() in a server action ('use server' file)",
      filename: 'app/actions.ts',
      settings: next,
      code: `
'use server';
import { revalidatePath } from 'next/cache';
import { PrismaClient } from '@prisma/client';

export async function createTodo(formData: FormData) {
  const prisma = new PrismaClient();
  await prisma.todo.create({ data: { title: String(formData.get('title')) } });
  revalidatePath('/');
}
`,
      errors: [{ messageId: 'perRequest', line: 7, column: 18, data: { factory: 'new PrismaClient()', handler: 'server action createTodo' } }],
    },
    {
      name: 'new PrismaClient() in an Express route',
      filename: 'src/server.ts',
      settings: express,
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const app = express();

app.get('/users/:id', async (req, res) => {
  const prisma = new PrismaClient();
  const user = await prisma.user.findUnique({ where: { id: req.params.id } });
  res.json(user);
});

app.listen(3000);
`,
      errors: [{ messageId: 'perRequest', line: 8, column: 18, data: { factory: 'new PrismaClient()', handler: 'GET route handler' } }],
    },
    {
      name: 'new PrismaClient() in a tRPC resolver',
      filename: 'src/server/routers/post.ts',
      settings: next,
      code: `
import { z } from 'zod';
import { PrismaClient } from '@prisma/client';
import { publicProcedure, router } from '../trpc';

export const postRouter = router({
  byId: publicProcedure.input(z.object({ id: z.string() })).query(async ({ input }) => {
    const prisma = new PrismaClient();
    return prisma.post.findUnique({ where: { id: input.id } });
  }),
});
`,
      errors: [{ messageId: 'perRequest', line: 8, column: 20, data: { factory: 'new PrismaClient()', handler: 'tRPC query' } }],
    },
    {
      name: 'new PrismaClient() in Next.js middleware',
      filename: 'middleware.ts',
      settings: next,
      code: `
import { NextResponse, type NextRequest } from 'next/server';
import { PrismaClient } from '@prisma/client';

export async function middleware(request: NextRequest) {
  const prisma = new PrismaClient();
  const session = await prisma.session.findUnique({ where: { token: request.cookies.get('sid')?.value ?? '' } });
  if (!session) return NextResponse.redirect(new URL('/login', request.url));
  return NextResponse.next();
}
`,
      errors: [{ messageId: 'perRequest', line: 6, column: 18, data: { factory: 'new PrismaClient()', handler: 'middleware' } }],
    },
    {
      name: 'new PrismaClient() in getServerSideProps',
      filename: 'pages/blog/[slug].tsx',
      settings: next,
      code: `
import type { GetServerSideProps } from 'next';
import { PrismaClient } from '@prisma/client';

export const getServerSideProps: GetServerSideProps = async ({ params }) => {
  const prisma = new PrismaClient();
  const post = await prisma.post.findUnique({ where: { slug: String(params?.slug) } });
  return post ? { props: { post } } : { notFound: true };
};

export default function Page() {
  return null;
}
`,
      errors: [{ messageId: 'perRequest', line: 6, column: 18, data: { factory: 'new PrismaClient()', handler: 'getServerSideProps' } }],
    },
    {
      name: 'new PrismaClient() in a helper of the same file, two calls away from the route handler',
      filename: 'app/api/stats/route.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

function getClient() {
  return new PrismaClient({ log: ['error'] });
}

async function countUsers() {
  const db = getClient();
  return db.user.count();
}

export async function GET() {
  return Response.json({ users: await countUsers() });
}
`,
      errors: [
        { messageId: 'perRequestVia', line: 5, column: 10, data: { factory: 'new PrismaClient()', via: 'getClient()', handler: 'GET route handler' } },
      ],
    },
    {
      name: 'new Pool() in a helper a server action awaits',
      filename: 'app/dashboard/actions.ts',
      settings: next,
      code: `
'use server';
import { revalidatePath } from 'next/cache';
import { Pool } from 'pg';

async function getDb() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  return pool;
}

export async function archiveProject(id: string) {
  const db = await getDb();
  await db.query('UPDATE projects SET archived = true WHERE id = $1', [id]);
  revalidatePath('/dashboard');
}
`,
      errors: [{ messageId: 'perRequestVia', line: 7, column: 16, data: { factory: 'new Pool()', via: 'getDb()', handler: 'server action archiveProject' } }],
    },
    {
      name: 'a class whose field creates a client, instantiated in every request',
      filename: 'src/routes/users.ts',
      settings: express,
      code: `
import { Router } from 'express';
import { PrismaClient } from '@prisma/client';

class UserService {
  private prisma = new PrismaClient();

  findAll() {
    return this.prisma.user.findMany({ take: 50 });
  }
}

export const usersRouter = Router();

usersRouter.get('/', async (req, res) => {
  const service = new UserService();
  res.json(await service.findAll());
});
`,
      errors: [{ messageId: 'perRequestVia', line: 6, column: 20, data: { factory: 'new PrismaClient()', via: 'new UserService()', handler: 'GET route handler' } }],
    },
    {
      name: 'new Pool() per iteration of a for…of loop',
      filename: 'src/jobs/sync.ts',
      settings: express,
      code: `
import { Pool } from 'pg';

export async function syncTenants(tenants: { id: string; url: string }[]) {
  for (const tenant of tenants) {
    const pool = new Pool({ connectionString: tenant.url });
    await pool.query('UPDATE tenants SET synced_at = now() WHERE id = $1', [tenant.id]);
  }
}
`,
      errors: [{ messageId: 'perIteration', line: 6, column: 18, data: { factory: 'new Pool()', loop: 'for…of loop' } }],
    },
    {
      name: 'new PrismaClient() per element of Promise.all(ids.map(...))',
      filename: 'src/jobs/reindex.ts',
      settings: express,
      code: `
import { PrismaClient } from '@prisma/client';

export async function reindexAll(ids: string[]) {
  await Promise.all(
    ids.map(async (id) => {
      const prisma = new PrismaClient();
      await prisma.document.update({ where: { id }, data: { indexedAt: new Date() } });
    }),
  );
}
`,
      errors: [{ messageId: 'perIteration', line: 7, column: 22, data: { factory: 'new PrismaClient()', loop: '.map() callback' } }],
    },
    {
      name: 'new PrismaClient() in a function a loop calls',
      filename: 'src/jobs/events.ts',
      settings: express,
      code: `
import { PrismaClient } from '@prisma/client';

async function saveEvent(event: { type: string; payload: object }) {
  const prisma = new PrismaClient();
  await prisma.event.create({ data: event });
}

export async function flush(events: { type: string; payload: object }[]) {
  for (const event of events) {
    await saveEvent(event);
  }
}
`,
      errors: [{ messageId: 'perIteration', line: 5, column: 18, data: { factory: 'new PrismaClient()', loop: 'for…of loop that calls saveEvent()' } }],
    },
    {
      name: "pg new Client() imported from 'pg', per request and never closed",
      filename: 'src/routes/products.ts',
      settings: express,
      code: `
import { Router } from 'express';
import pg from 'pg';

export const router = Router();

router.get('/', async (req, res) => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query('SELECT * FROM products LIMIT 20');
  res.json(rows);
});
`,
      errors: [{ messageId: 'perRequest', line: 8, column: 18, data: { factory: 'new Client()', handler: 'GET route handler' } }],
    },
    {
      name: "pg new Pool() from require('pg') in a CommonJS Express router",
      filename: 'src/routes/products.js',
      settings: express,
      code: `
const express = require('express');
const { Pool } = require('pg');

const router = express.Router();

router.get('/', async (req, res) => {
  const pool = new Pool({ user: 'app', host: 'localhost', database: 'shop' });
  const result = await pool.query('SELECT * FROM products');
  res.json(result.rows);
});

module.exports = router;
`,
      errors: [{ messageId: 'perRequest', line: 8, column: 16, data: { factory: 'new Pool()', handler: 'GET route handler' } }],
    },
    {
      name: 'mysql2 mysql.createPool() per request',
      filename: 'src/routes/orders.ts',
      settings: express,
      code: `
import { Router } from 'express';
import mysql from 'mysql2/promise';

const router = Router();

router.get('/orders', async (req, res) => {
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
  const [rows] = await pool.query('SELECT * FROM orders LIMIT 50');
  res.json(rows);
});

export default router;
`,
      errors: [{ messageId: 'perRequest', line: 8, column: 16, data: { factory: 'createPool()', handler: 'GET route handler' } }],
    },
    {
      name: "redis createClient() from 'redis' per request",
      filename: 'app/api/cache/route.ts',
      settings: next,
      code: `
import { createClient } from 'redis';

export async function GET() {
  const redis = createClient({ url: process.env.REDIS_URL });
  await redis.connect();
  const value = await redis.get('homepage');
  return Response.json({ value });
}
`,
      errors: [{ messageId: 'perRequest', line: 5, column: 17, data: { factory: 'createClient()', handler: 'GET route handler' } }],
    },
    {
      name: 'ioredis new Redis() per request',
      filename: 'src/routes/rate.ts',
      settings: express,
      code: `
import type { Request, Response } from 'express';
import Redis from 'ioredis';

export async function rateLimit(req: Request, res: Response) {
  const redis = new Redis(process.env.REDIS_URL!);
  const count = await redis.incr('rl:' + req.ip);
  res.json({ count });
}
`,
      errors: [{ messageId: 'perRequest', line: 6, column: 17, data: { factory: 'new Redis()', handler: 'request handler rateLimit' } }],
    },
    {
      name: 'postgres() per request in a Hono route',
      filename: 'src/index.ts',
      settings: { 'backend-architect': { framework: 'hono' } },
      code: `
import { Hono } from 'hono';
import postgres from 'postgres';

const app = new Hono();

app.get('/todos', async (c) => {
  const sql = postgres(process.env.DATABASE_URL!);
  const todos = await sql\`select * from todos limit 20\`;
  return c.json(todos);
});

export default app;
`,
      errors: [{ messageId: 'perRequest', line: 8, column: 15, data: { factory: 'postgres()', handler: 'GET route handler' } }],
    },
    {
      name: 'module-level export const prisma = new PrismaClient() in a Next.js project',
      filename: 'lib/prisma.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient();
`,
      errors: [{ messageId: 'unguardedSingleton', line: 4, column: 23, data: { factory: 'new PrismaClient()' } }],
    },
    {
      name: 'the broken guard: stored on globalThis in development but never read back',
      filename: 'lib/db.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

const globalForPrisma = globalThis as unknown as { prisma: PrismaClient };

const prisma = new PrismaClient();

if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;

export default prisma;
`,
      errors: [{ messageId: 'unguardedSingleton', line: 6, column: 16 }],
    },
    {
      name: 'unguarded client built by a local factory at module load',
      filename: 'lib/db.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

function makeClient() {
  return new PrismaClient({ log: ['error'] });
}

export const db = makeClient();
`,
      errors: [{ messageId: 'unguardedSingletonVia', line: 5, column: 10, data: { factory: 'new PrismaClient()', via: 'makeClient()' } }],
    },
    {
      name: 'Next.js project detected from the nearest package.json (no framework setting)',
      filename: fixture('next-app/lib/prisma.ts'),
      code: `
import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient().$extends({});
`,
      errors: [{ messageId: 'unguardedSingleton', line: 4, column: 23 }],
    },
    {
      name: 'a seed route in app/api is a route, not a seed script',
      filename: 'app/api/seed/route.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function POST() {
  await prisma.user.create({ data: { email: 'demo@example.com' } });
  return Response.json({ ok: true });
}
`,
      errors: [{ messageId: 'unguardedSingleton', line: 4, column: 16 }],
    },
    {
      name: 'pool.connect() never released',
      filename: 'src/services/transfer.ts',
      settings: express,
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function transfer(from: string, to: string, amount: number) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
  await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to]);
  await client.query('COMMIT');
}
`,
      errors: [{ messageId: 'unreleasedConnection', line: 7, column: 24, data: { method: 'connect' } }],
    },
    {
      name: 'pool.connect() released after try/catch instead of in finally',
      filename: 'src/services/transfer.ts',
      settings: express,
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function transfer(from: string, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
  client.release();
}
`,
      errors: [{ messageId: 'releaseOutsideFinally', line: 7, column: 24, data: { method: 'connect' } }],
    },
    {
      name: 'released at the end of try only: a failed query leaks the connection',
      filename: 'src/db/index.ts',
      settings: express,
      code: `
import { Pool } from 'pg';

export const pool = new Pool();

export const testConnection = async () => {
  try {
    const client = await pool.connect();
    const result = await client.query('SELECT NOW()');
    client.release();
    return result.rows[0];
  } catch (error) {
    return null;
  }
};
`,
      errors: [{ messageId: 'releaseOutsideFinally', line: 8, column: 26 }],
    },
    {
      name: 'mysql2 pool.getConnection() with a catch but no release on any path',
      filename: 'src/controllers/orders.ts',
      settings: express,
      code: `
import type { Request, Response } from 'express';
import { pool } from '../config/database';

export const createOrder = async (req: Request, res: Response) => {
  const connection = await pool.getConnection();
  try {
    await connection.beginTransaction();
    await connection.query('INSERT INTO orders SET ?', [req.body]);
    await connection.commit();
    res.status(201).json({ ok: true });
  } catch (error) {
    await connection.rollback();
    res.status(500).json({ error: 'failed' });
  }
};
`,
      errors: [{ messageId: 'unreleasedConnection', line: 6, column: 28, data: { method: 'getConnection' } }],
    },
    {
      name: 'await prisma.$disconnect() in a route handler on the imported shared client',
      filename: 'app/api/users/route.ts',
      settings: next,
      code: `
import { prisma } from '@/lib/prisma';

export async function GET() {
  try {
    const users = await prisma.user.findMany({ take: 10 });
    return Response.json(users);
  } finally {
    await prisma.$disconnect();
  }
}
`,
      errors: [
        { messageId: 'disconnectInHandler', line: 9, column: 11, data: { client: 'prisma', method: '$disconnect', handler: 'GET route handler' } },
      ],
    },
    {
      name: '$disconnect() in a helper the route handler calls',
      filename: 'app/api/cron/route.ts',
      settings: next,
      code: `
import { prisma } from '@/lib/prisma';

async function cleanup() {
  await prisma.session.deleteMany({ where: { expires: { lt: new Date() } } });
  await prisma.$disconnect();
}

export async function GET() {
  await cleanup();
  return Response.json({ ok: true });
}
`,
      errors: [{ messageId: 'disconnectInHandler', line: 6, column: 9 }],
    },
    {
      name: 'this.prisma.$disconnect() in a NestJS controller method',
      filename: 'src/users/users.controller.ts',
      settings: nest,
      code: `
import { Controller, Get, Param } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

@Controller('users')
export class UsersController {
  constructor(private readonly prisma: PrismaService) {}

  @Get(':id')
  async findOne(@Param('id') id: string) {
    const user = await this.prisma.user.findUnique({ where: { id } });
    await this.prisma.$disconnect();
    return user;
  }
}
`,
      errors: [{ messageId: 'disconnectInHandler', line: 12, column: 11, data: { client: 'this.prisma', method: '$disconnect', handler: 'GET controller method findOne' } }],
    },
    {
      name: 'redis.quit() and pool.end() on shared clients inside an Express route',
      filename: 'src/routes/cache.ts',
      settings: express,
      code: `
import express from 'express';
import { pool } from '../lib/db';
import { redis } from '../lib/redis';

const app = express();

app.post('/flush', async (req, res) => {
  await redis.del('feed');
  await redis.quit();
  await pool.end();
  res.sendStatus(204);
});
`,
      errors: [
        { messageId: 'disconnectInHandler', line: 10, column: 9, data: { client: 'redis', method: 'quit', handler: 'POST route handler' } },
        { messageId: 'disconnectInHandler', line: 11, column: 9, data: { client: 'pool', method: 'end', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'new PrismaClient() in an app-router server component',
      filename: 'app/posts/page.tsx',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

export default async function PostsPage() {
  const prisma = new PrismaClient();
  const posts = await prisma.post.findMany({ take: 10 });
  return <ul>{posts.map((post) => <li key={post.id}>{post.title}</li>)}</ul>;
}
`,
      errors: [{ messageId: 'perRequest', line: 5, column: 18, data: { factory: 'new PrismaClient()', handler: 'server component' } }],
    },
    {
      name: 'new PrismaClient() in the tRPC createContext factory',
      filename: 'src/server/context.ts',
      settings: next,
      code: `
import type { CreateNextContextOptions } from '@trpc/server/adapters/next';
import { PrismaClient } from '@prisma/client';

export const createContext = async ({ req, res }: CreateNextContextOptions) => {
  const prisma = new PrismaClient();
  return { req, res, prisma };
};
`,
      errors: [{ messageId: 'perRequest', line: 6, column: 18, data: { factory: 'new PrismaClient()', handler: 'request context factory' } }],
    },
    {
      name: 'new PrismaClient() in a GraphQL context function',
      filename: 'src/index.ts',
      settings: express,
      code: `
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { PrismaClient } from '@prisma/client';
import { resolvers, typeDefs } from './schema';

const server = new ApolloServer({ typeDefs, resolvers });

await startStandaloneServer(server, {
  context: async ({ req }) => ({ prisma: new PrismaClient(), token: req.headers.authorization }),
});
`,
      errors: [{ messageId: 'perRequest', line: 10, column: 42 }],
    },
    {
      name: 'Express middleware attaching a new client to every request',
      filename: 'src/app.ts',
      settings: express,
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const app = express();

app.use((req, res, next) => {
  res.locals.prisma = new PrismaClient();
  next();
});
`,
      errors: [{ messageId: 'perRequest', line: 8, column: 23, data: { factory: 'new PrismaClient()', handler: 'middleware' } }],
    },
    {
      name: 'knex() per request',
      filename: 'src/routes/reports.ts',
      settings: express,
      code: `
import { Router } from 'express';
import knex from 'knex';

export const reports = Router();

reports.get('/daily', async (req, res) => {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  res.json(await db('orders').limit(100));
});
`,
      errors: [{ messageId: 'perRequest', line: 8, column: 14, data: { factory: 'knex()', handler: 'GET route handler' } }],
    },
    {
      name: 'a new Redis connection on every pass of a polling loop',
      filename: 'src/worker.ts',
      settings: express,
      code: `
import Redis from 'ioredis';
import { prisma } from './db';

export async function run() {
  while (true) {
    const redis = new Redis(process.env.REDIS_URL!);
    const job = await redis.brpop('jobs', 5);
    if (job) await prisma.job.update({ where: { id: job[1] }, data: { status: 'done' } });
  }
}
`,
      errors: [{ messageId: 'perIteration', line: 7, column: 19, data: { factory: 'new Redis()', loop: 'while loop' } }],
    },
    {
      name: 'a client per tenant in forEach that is never closed',
      filename: 'src/cron/tenants.ts',
      settings: express,
      code: `
import { PrismaClient } from '@prisma/client';

export function purge(tenants: { url: string }[]) {
  tenants.forEach(async (tenant) => {
    const prisma = new PrismaClient({ datasourceUrl: tenant.url });
    await prisma.log.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - 864e5) } } });
  });
}
`,
      errors: [{ messageId: 'perIteration', line: 6, column: 20, data: { factory: 'new PrismaClient()', loop: '.forEach() callback' } }],
    },
    {
      name: 'a guard that reads a globalThis slot nothing ever writes',
      filename: 'lib/prisma.ts',
      settings: next,
      code: `
import { PrismaClient } from '@prisma/client';

const globalForPrisma = global as unknown as { prisma: PrismaClient };

export const prisma = globalForPrisma.prisma || new PrismaClient();
`,
      errors: [{ messageId: 'unguardedSingleton', line: 6, column: 49 }],
    },
    {
      name: 'a checkout thrown away at once (warm-up)',
      filename: 'src/db/pool.ts',
      settings: express,
      code: `
import { Pool } from 'pg';

export const pool = new Pool();

export async function warmup() {
  await pool.connect();
}
`,
      errors: [{ messageId: 'unreleasedConnection', line: 7, column: 9 }],
    },
    {
      name: '$disconnect() in generateMetadata of an app-router layout',
      filename: 'src/app/[locale]/layout.tsx',
      settings: next,
      code: `
import { prisma } from '@/lib/prisma';

export async function generateMetadata() {
  const settings = await prisma.setting.findFirst();
  await prisma.$disconnect();
  return { title: settings?.title };
}

export default function Layout({ children }: { children: React.ReactNode }) {
  return <html><body>{children}</body></html>;
}
`,
      errors: [{ messageId: 'disconnectInHandler', line: 6, column: 9, data: { client: 'prisma', method: '$disconnect', handler: 'generateMetadata' } }],
    },
    {
      name: "framework: 'trpc' leaves Next.js detection to the package.json",
      filename: fixture('next-app/src/server/db.ts'),
      settings: { 'backend-architect': { framework: 'trpc' } },
      code: `
import { PrismaClient } from '@prisma/client';

export const db = new PrismaClient({ log: ['error'] });
`,
      errors: [{ messageId: 'unguardedSingleton', line: 4, column: 19 }],
    },
    {
      name: '$disconnect() in the function a local handler wrapper returns',
      filename: 'app/api/items/route.ts',
      settings: next,
      code: `
import { NextRequest, NextResponse } from 'next/server';
import prisma from '@/lib/prisma';

const withPrisma = (handler: (req: NextRequest) => Promise<NextResponse>) => {
  return async (req: NextRequest) => {
    try {
      return await handler(req);
    } finally {
      await prisma.$disconnect();
    }
  };
};

export const GET = withPrisma(async () => NextResponse.json(await prisma.item.findMany({ take: 10 })));
`,
      errors: [{ messageId: 'disconnectInHandler', line: 10, column: 13, data: { client: 'prisma', method: '$disconnect', handler: 'GET route handler' } }],
    },
    {
      name: 'a constructor that creates a client, for a class instantiated per request',
      filename: 'src/routes/reports.ts',
      settings: express,
      code: `
import { Router } from 'express';
import { Pool } from 'pg';

class ReportRepository {
  private readonly pool: Pool;

  constructor() {
    this.pool = new Pool({ connectionString: process.env.REPORTS_URL });
  }

  daily() {
    return this.pool.query('SELECT * FROM daily_report');
  }
}

export const reports = Router();

reports.get('/daily', async (req, res) => {
  const repository = new ReportRepository();
  res.json((await repository.daily()).rows);
});
`,
      errors: [{ messageId: 'perRequestVia', line: 9, column: 17, data: { factory: 'new Pool()', via: 'new ReportRepository()', handler: 'GET route handler' } }],
    },
    {
      name: 'forEach drops what its callback returns: a pool per element, thrown away',
      filename: 'src/jobs/warm.ts',
      settings: express,
      code: `
import { Pool } from 'pg';

export function warm(urls: string[]) {
  urls.forEach((url) => new Pool({ connectionString: url }));
}
`,
      errors: [{ messageId: 'perIteration', line: 5, column: 25, data: { factory: 'new Pool()', loop: '.forEach() callback' } }],
    },
  ],
});
