import { describe, expect, it } from 'vitest';
import { dbCallLabels, modelOf } from '../support/model.js';

describe('DB call recognition', () => {
  it('recognises Prisma delegate calls through imported, member and transaction clients', () => {
    const code = `
      import { prisma } from '@/lib/prisma';
      import { dbRead, dbWrite } from '~/server/db/client';
      export async function load(ctx: { db: unknown }) {
        await prisma.user.findMany();
        await dbRead.post.findFirst({ where: { id: 1 } });
        await dbWrite.post.update({ where: { id: 1 }, data: {} });
        await ctx.db.comment.count();
        await prisma.$transaction(async (t) => { await t.user.delete({ where: { id: 1 } }); });
      }
      class Repo { constructor(private readonly prisma: PrismaService) {} list() { return this.prisma.tag.findMany(); } }
    `;
    expect(dbCallLabels(code)).toEqual([
      'prisma.user.findMany',
      'dbRead.post.findFirst',
      'dbWrite.post.update',
      'ctx.db.comment.count',
      't.user.delete',
      'this.prisma.tag.findMany',
    ]);
  });

  it('marks the $transaction callback parameter as a transaction client, whatever its name', () => {
    const model = modelOf(`await prisma.$transaction(async (trx2) => trx2.user.create({ data: {} }));`);
    const [call] = model.dbCalls;
    expect(call?.client.isTransactionClient).toBe(true);
    expect(call?.transaction?.node.type).toBe('CallExpression');
  });

  it('follows aliases, new PrismaClient(), $extends and the globalThis singleton', () => {
    const code = `
      import { PrismaClient } from '@prisma/client';
      const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
      const client = globalForPrisma.prisma ?? new PrismaClient();
      const extended = client.$extends({});
      const users = extended.user;
      export async function f() {
        await client.user.findMany();
        await extended.post.findMany();
        await users.findUnique({ where: { id: 1 } });
      }
    `;
    expect(dbCallLabels(code)).toEqual(['client.user.findMany', 'extended.post.findMany', 'users.findUnique']);
  });

  it('never treats Map, Set, arrays, routers or plain objects as clients', () => {
    const code = `
      const db = { users: new Map<string, string>() };
      const cache = new Map();
      const app = express();
      export function f(ids: string[]) {
        db.users.delete('a');
        cache.delete('b');
        new Set().add(1);
        ids.find((id) => id === 'x');
        app.delete('/users/:id', () => {});
        const prisma = { user: { findMany: () => [] } };
        prisma.user.findMany();
      }
    `;
    expect(dbCallLabels(code)).toEqual([]);
  });

  it('recognises SQL drivers and Redis only through provenance or unmistakable names', () => {
    const code = `
      import { Pool } from 'pg';
      import Redis from 'ioredis';
      import knex from 'knex';
      const pool = new Pool();
      const redis = new Redis();
      const kx = knex({ client: 'pg' });
      const lru = new Map();
      export async function f(id: string) {
        await pool.query('select 1');
        await redis.get('k');
        await redis.hSet('h', 'f', 'v');
        await kx('users').where({ id });
        await kx.raw('select 1');
        lru.get('k');
      }
    `;
    expect(dbCallLabels(code)).toEqual(['pool.query', 'redis.get', 'redis.hSet', "kx('users')", 'kx.raw']);
  });

  it('honours settings.clientNames', () => {
    const code = `export async function f() { await replica.user.findMany(); await other.user.findMany(); }`;
    expect(dbCallLabels(code, { settings: { clientNames: ['replica'] } })).toEqual(['replica.user.findMany']);
  });

  it('classifies reads and writes', () => {
    const model = modelOf(`await prisma.user.findMany(); await prisma.user.upsert({}); await prisma.$executeRaw\`x\`;`);
    expect(model.dbCalls.map((call) => call.access)).toEqual(['read', 'write', 'raw']);
  });
});

describe('DB call recognition with a Prisma schema', () => {
  const filename = `${import.meta.dirname}/../fixtures/schema/single/app/api/x/route.ts`;

  it('accepts any client name when the delegate is a schema model, and rejects look-alikes that are not models', () => {
    const code = `
      export async function GET(ctx: { repo: unknown }) {
        await prisma.post.findMany({ take: 10 });
        await prisma.session.findMany({ take: 10 });
        await db.tag.count();
        await db.cache.delete({ key: 'a' });
      }
    `;
    expect(dbCallLabels(code, { filename })).toEqual(['prisma.post.findMany', 'db.tag.count']);
  });

  it('exposes the parsed schema on the model', () => {
    const model = modelOf('export {}', { filename });
    expect(model.schema?.models.get('user')?.fields.has('passwordHash')).toBe(true);
  });
});
