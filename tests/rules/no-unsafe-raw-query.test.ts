import rule from '../../src/rules/no-unsafe-raw-query.js';
import { createRuleTester } from '../support/rule-tester.js';

const PRISMA_FIX = 'the $queryRaw`…${value}…` tagged template, or $queryRawUnsafe(sql, ...params) with $1 placeholders';
const DRIVER_FIX = 'placeholders such as $1 or ? with a values array';
const KNEX_FIX = "raw('… ?', [value]) bindings, and ?? for identifiers";
const TYPEORM_FIX = 'query(text, [values]) with $1 or ? placeholders';

createRuleTester().run('no-unsafe-raw-query', rule, {
  valid: [
    // Prisma tagged template: every interpolation is a bound parameter.
    {
      code: `
import { prisma } from '@/lib/prisma';

export async function GET(request: Request) {
  const email = new URL(request.url).searchParams.get('email');
  const users = await prisma.$queryRaw\`SELECT id, name FROM "User" WHERE email = \${email}\`;
  return Response.json(users);
}
`,
    },
    // Prisma.sql fragments, Prisma.join, Prisma.empty, $queryRaw(Prisma.sql\`…\`), a fragment variable.
    {
      code: `
import { Prisma } from '@prisma/client';
import { prisma } from '~/server/db';

export async function search(projectId: string, ids: string[], name?: string) {
  const nameFilter = name ? Prisma.sql\`AND t.name = \${name}\` : Prisma.empty;
  const rows = await prisma.$queryRaw(Prisma.sql\`
    SELECT t.id FROM traces t
    WHERE t.project_id = \${projectId} AND t.id IN (\${Prisma.join(ids)}) \${nameFilter}
  \`);
  const query = Prisma.sql\`SELECT count(*) FROM traces WHERE project_id = \${projectId}\`;
  const count = await prisma.$queryRaw(query);
  return { rows, count };
}
`,
    },
    // Constant SQL with positional parameters; constant concatenation; a constant held in a variable.
    {
      code: `
const BASE = 'SELECT id, email FROM "User"';

export async function byId(id: string) {
  const a = await prisma.$queryRawUnsafe('SELECT * FROM "User" WHERE id = $1', id);
  const b = await prisma.$queryRawUnsafe(BASE + ' WHERE id = $1 ' + 'LIMIT 1', id);
  const sql = \`\${BASE} WHERE "deletedAt" IS NULL AND id = $1\`;
  const c = await prisma.$executeRawUnsafe(sql, id);
  return [a, b, c];
}
`,
    },
    // Fixed sets: a lookup in a const object, a literal-union parameter, an allow-listed ternary, numbers.
    {
      code: `
import type { Request, Response } from 'express';
import { pool } from '../db';

const SORT_COLUMNS = { newest: 'created_at DESC', oldest: 'created_at ASC', total: 'total DESC' } as const;
const SORTABLE = ['created_at', 'total', 'status'];

export async function listOrders(req: Request, res: Response) {
  const key = String(req.query.sort) as keyof typeof SORT_COLUMNS;
  const orderBy = SORT_COLUMNS[key] ?? SORT_COLUMNS.newest;
  const column = SORTABLE.includes(String(req.query.column)) ? String(req.query.column) : 'created_at';
  const limit = Math.min(Number(req.query.limit) || 20, 100);
  const page = parseInt(String(req.query.page ?? '1'), 10);
  const { rows } = await pool.query(
    \`SELECT * FROM orders ORDER BY \${orderBy}, \${column} LIMIT \${limit} OFFSET \${(page - 1) * limit}\`,
  );
  res.json({ rows, count: rows.length });
}

export async function recent(direction: 'asc' | 'desc', statuses: string[]) {
  return pool.query(\`SELECT * FROM orders ORDER BY created_at \${direction} LIMIT \${statuses.length}\`);
}
`,
    },
    // The canonical safe dynamic WHERE: constant fragments pushed, values bound.
    {
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const router = express.Router();

router.get('/orders', async (req, res) => {
  const conditions: string[] = [];
  const values: unknown[] = [];
  if (req.query.status) {
    values.push(req.query.status);
    conditions.push(\`status = $\${values.length}\`);
  }
  if (req.query.customerId) {
    values.push(req.query.customerId);
    conditions.push(\`customer_id = $\${values.length}\`);
  }
  const where = conditions.length ? \`WHERE \${conditions.join(' AND ')}\` : '';
  const { rows } = await pool.query(\`SELECT * FROM orders \${where} ORDER BY created_at DESC\`, values);
  res.json(rows);
});

export default router;
`,
    },
    // Placeholder lists built from the ids, the ids bound.
    {
      code: `
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

export async function byIds(ids: string[]) {
  const placeholders = ids.map(() => '?').join(', ');
  const [rows] = await pool.execute(\`SELECT * FROM products WHERE id IN (\${placeholders})\`, ids);
  const numbered = ids.map((_, i) => \`$\${i + 1}\`).join(', ');
  const [more] = await pool.query(\`SELECT * FROM variants WHERE product_id IN (\${numbered})\`, ids);
  return [rows, more];
}
`,
    },
    // pg and knex with bound parameters.
    {
      code: `
import knex from 'knex';
import { Pool } from 'pg';

const pool = new Pool();
const db = knex({ client: 'pg' });

export async function find(id: string, name: string) {
  const a = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  const b = await pool.query({ text: 'SELECT * FROM users WHERE name = $1', values: [name] });
  const c = await db('users').whereRaw('lower(name) = lower(?)', [name]).orderByRaw('?? desc', ['created_at']);
  const d = await db.raw('SELECT * FROM users WHERE id = ?', [id]);
  return [a, b, c, d];
}
`,
    },
    // drizzle's sql tagged template; db.execute of a fragment.
    {
      code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import { users } from './schema';

const db = drizzle(process.env.DATABASE_URL!);

export async function byEmail(email: string) {
  const a = await db.select().from(users).where(sql\`lower(\${users.email}) = lower(\${email})\`);
  const b = await db.execute(sql\`SELECT * FROM users WHERE email = \${email}\`);
  const c = await db.select().from(users).orderBy(sql.raw('created_at desc'));
  return [a, b, c];
}
`,
    },
    // A wrapper whose whole SQL text is a parameter: the caller decides, we cannot see it.
    {
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const { rows } = await pool.query(text, params);
  return rows as T[];
}

export function runUnsafe(sql: string) {
  return prisma.$queryRawUnsafe(sql);
}
`,
    },
    // Zod schemas that admit a fixed set: parsed query, tRPC input.
    {
      code: `
import { z } from 'zod';

const ListSchema = z.object({ sort: z.enum(['name', 'email', 'created_at']), limit: z.coerce.number().int().max(100) });

export async function GET(request: Request) {
  const { sort, limit } = ListSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await prisma.$queryRawUnsafe(\`SELECT * FROM "User" ORDER BY \${sort} LIMIT \${limit}\`));
}

export const modelRouter = router({
  top: publicProcedure
    .input(z.object({ period: z.enum(['Day', 'Week', 'Month']), limit: z.number().max(100) }))
    .query(({ input }) =>
      dbRead.$queryRawUnsafe(\`SELECT * FROM "ModelMetric" WHERE timeframe = '\${input.period}' LIMIT \${input.limit}\`),
    ),
});
`,
    },
    // tRPC input destructured in the resolver's signature, with fixed-set schemas.
    {
      code: `
export const reportRouter = router({
  top: protectedProcedure
    .input(z.object({ sort: z.enum(['revenue', 'orders']), days: z.number().int().max(90) }))
    .query(({ ctx, input: { sort, days } }) =>
      ctx.db.$queryRawUnsafe(\`SELECT * FROM daily_stats WHERE day > now() - interval '\${days} days' ORDER BY \${sort} DESC\`),
    ),
});
`,
    },
    // An allow-list guard before the query.
    {
      code: `
const ALLOWED = ['name', 'email', 'created_at'];

export async function sorted(req: Request, res: Response) {
  const sort = String(req.query.sort);
  if (!ALLOWED.includes(sort)) {
    throw new BadRequestError('invalid sort');
  }
  res.json(await prisma.$queryRawUnsafe(\`SELECT * FROM users ORDER BY \${sort}\`));
}
`,
    },
    // Configuration: an imported table name, process.env, a class field, a module constant.
    {
      code: `
import { TABLE_NAME } from './config';
import { Pool } from 'pg';

const SCHEMA = process.env.DB_SCHEMA ?? 'public';

export class EventRepository {
  private readonly table = 'events';
  constructor(private readonly pool: Pool) {}

  async byId(id: string) {
    await this.pool.query(\`SET search_path TO \${SCHEMA}\`);
    const a = await this.pool.query(\`SELECT * FROM \${this.table} WHERE id = $1\`, [id]);
    const b = await this.pool.query(\`SELECT * FROM \${TABLE_NAME} WHERE id = $1\`, [id]);
    return [a, b];
  }
}
`,
    },
    // A helper's parameter used as an identifier (a table, an alias): a name from the app's own code.
    {
      code: `
import { dbWrite } from '~/server/db/client';

async function recreateRankTable(rankTable: string, primaryKey: string) {
  await dbWrite.$executeRawUnsafe(\`DROP TABLE IF EXISTS "\${rankTable}_New";\`);
  await dbWrite.$executeRawUnsafe(\`CREATE TABLE "\${rankTable}_New" AS SELECT * FROM "\${rankTable}_Live"\`);
  await dbWrite.$executeRawUnsafe(\`ALTER TABLE "\${rankTable}_New" ADD PRIMARY KEY ("\${primaryKey}")\`);
}
`,
    },
    // Ids read from a query result; a loop over a constant list of tables.
    {
      code: `
export async function refresh(projectId: string) {
  const posts = await prisma.post.findMany({ where: { projectId }, select: { id: true }, take: 500 });
  const postIds = posts.map((post) => post.id);
  await prisma.$executeRawUnsafe(\`UPDATE "Post" SET "nsfw" = true WHERE id IN (\${postIds.join(',')})\`);
  const tables = ['traces', 'observations', 'scores'] as const;
  for (const table of tables) {
    await prisma.$executeRawUnsafe(\`DELETE FROM \${table} WHERE project_id = $1\`, projectId);
  }
}
`,
    },
    // Escaping helpers: mysql2 escape, pg escapeLiteral.
    {
      code: `
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

export async function byName(name: string) {
  const [rows] = await pool.query({ sql: 'SELECT * FROM users WHERE name = ' + pool.escape(name) });
  const [more] = await pool.query(\`SELECT * FROM users WHERE nick = \${mysql.escape(name)}\`);
  return [rows, more];
}
`,
    },
    // Test files never serve a request.
    {
      filename: '/repo/src/__tests__/db.test.ts',
      code: `
afterEach(async () => {
  for (const { tablename } of await prisma.$queryRaw\`SELECT tablename FROM pg_tables\`) {
    await prisma.$executeRawUnsafe(\`TRUNCATE TABLE "public"."\${tablename}" CASCADE;\`);
  }
});
`,
    },
    // whereRaw of a builder that is not knex (its own parameter syntax).
    {
      code: `
export function recentTraces(projectId: string, column: string) {
  return new EventsQueryBuilder({ projectId })
    .whereRaw(\`\${column} > now() - INTERVAL 7 DAY\`)
    .orderBy('ORDER BY timestamp DESC');
}
`,
    },
    // Prisma.raw of constant text.
    {
      code: `
import { Prisma } from '@prisma/client';

export async function ranked(sort: 'Newest' | 'MostReactions', limit: number) {
  const orderBy = sort === 'Newest' ? 'p."publishedAt" DESC' : 'p."reactionCount" DESC';
  return prisma.$queryRaw\`SELECT p.id FROM "Post" p ORDER BY \${Prisma.raw(orderBy)} LIMIT \${limit + 1}\`;
}
`,
    },
  ],
  invalid: [
    // Next.js route: a search param spliced into $queryRawUnsafe; the tagged template is offered.
    {
      code: `
import { prisma } from '@/lib/prisma';

export async function GET(request: Request) {
  const email = new URL(request.url).searchParams.get('email');
  const users = await prisma.$queryRawUnsafe(\`SELECT id, name FROM "User" WHERE email = '\${email}'\`);
  return Response.json(users);
}
`,
      errors: [
        {
          messageId: 'unsafeSql',
          line: 6,
          column: 23,
          data: { call: 'prisma.$queryRawUnsafe', part: 'new URL(request.url).searchParams.get...', fix: PRISMA_FIX },
          suggestions: [
            {
              messageId: 'useTaggedTemplate',
              data: { method: '$queryRaw' },
              output: `
import { prisma } from '@/lib/prisma';

export async function GET(request: Request) {
  const email = new URL(request.url).searchParams.get('email');
  const users = await prisma.$queryRaw\`SELECT id, name FROM "User" WHERE email = \${email}\`;
  return Response.json(users);
}
`,
            },
          ],
        },
      ],
    },
    // tRPC: a LIKE pattern; $executeRawUnsafe → $executeRaw, type arguments kept.
    {
      code: `
export const linkRouter = router({
  search: protectedProcedure
    .input(z.object({ q: z.string() }))
    .query(({ ctx, input }) => ctx.db.$queryRawUnsafe<{ id: string }[]>(\`SELECT id FROM "Link" WHERE url ILIKE '%\${input.q}%' LIMIT 20\`)),
  archive: protectedProcedure
    .input(z.object({ domain: z.string() }))
    .mutation(({ ctx, input }) => ctx.db.$executeRawUnsafe(\`UPDATE "Link" SET archived = true WHERE domain = '\${input.domain}'\`)),
});
`,
      errors: [
        {
          messageId: 'unsafeSql',
          line: 5,
          column: 32,
          data: { call: 'ctx.db.$queryRawUnsafe', part: 'input.q', fix: PRISMA_FIX },
          suggestions: [
            {
              messageId: 'useTaggedTemplate',
              data: { method: '$queryRaw' },
              output: `
export const linkRouter = router({
  search: protectedProcedure
    .input(z.object({ q: z.string() }))
    .query(({ ctx, input }) => ctx.db.$queryRaw<{ id: string }[]>\`SELECT id FROM "Link" WHERE url ILIKE \${\`%\${input.q}%\`} LIMIT 20\`),
  archive: protectedProcedure
    .input(z.object({ domain: z.string() }))
    .mutation(({ ctx, input }) => ctx.db.$executeRawUnsafe(\`UPDATE "Link" SET archived = true WHERE domain = '\${input.domain}'\`)),
});
`,
            },
          ],
        },
        {
          messageId: 'unsafeSql',
          line: 8,
          column: 35,
          data: { call: 'ctx.db.$executeRawUnsafe', part: 'input.domain', fix: PRISMA_FIX },
          suggestions: [
            {
              messageId: 'useTaggedTemplate',
              data: { method: '$executeRaw' },
              output: `
export const linkRouter = router({
  search: protectedProcedure
    .input(z.object({ q: z.string() }))
    .query(({ ctx, input }) => ctx.db.$queryRawUnsafe<{ id: string }[]>(\`SELECT id FROM "Link" WHERE url ILIKE '%\${input.q}%' LIMIT 20\`)),
  archive: protectedProcedure
    .input(z.object({ domain: z.string() }))
    .mutation(({ ctx, input }) => ctx.db.$executeRaw\`UPDATE "Link" SET archived = true WHERE domain = \${input.domain}\`),
});
`,
            },
          ],
        },
      ],
    },
    // Concatenation into $queryRawUnsafe: reported, no mechanical rewrite.
    {
      code: `
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { q } = req.query;
  const posts = await prisma.$queryRawUnsafe('SELECT * FROM "Post" WHERE title LIKE \\'%' + q + '%\\' LIMIT 10');
  res.json(posts);
}
`,
      errors: [{ messageId: 'unsafeSql', line: 4, column: 23, data: { call: 'prisma.$queryRawUnsafe', part: 'q', fix: PRISMA_FIX }, suggestions: [] }],
    },
    // A let sql built up with += from user input.
    {
      code: `
import type { Request, Response } from 'express';

export async function searchOrders(req: Request, res: Response) {
  let sql = 'SELECT id, total FROM "Order" WHERE "userId" = $1';
  if (req.query.status) {
    sql += \` AND status = '\${req.query.status}'\`;
  }
  sql += ' ORDER BY "createdAt" DESC LIMIT 50';
  const orders = await prisma.$queryRawUnsafe(sql, req.user.id);
  res.json(orders);
}
`,
      errors: [
        { messageId: 'unsafeSql', line: 10, column: 24, data: { call: 'prisma.$queryRawUnsafe', part: 'req.query.status', fix: PRISMA_FIX }, suggestions: [] },
      ],
    },
    // Prisma.raw of user input.
    {
      code: `
import { Prisma } from '@prisma/client';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { sortBy } = req.query;
  const bookings = await prisma.$queryRaw\`SELECT id FROM "Booking" ORDER BY \${Prisma.raw(String(sortBy))}\`;
  res.json(bookings);
}
`,
      errors: [{ messageId: 'rawFragment', line: 6, column: 79, data: { part: 'sortBy' } }],
    },
    // $queryRaw called as a function with a built string.
    {
      code: `
export async function POST(req: Request) {
  const body = await req.json();
  const rows = await prisma.$queryRaw(\`SELECT * FROM "User" WHERE email = '\${body.email}'\`);
  return Response.json(rows);
}
`,
      errors: [{ messageId: 'rawCallWithString', line: 4, column: 22, data: { call: 'prisma.$queryRaw', part: 'body.email' } }],
    },
    // Express + pg: a route parameter in the SQL text.
    {
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();

app.get('/orders/:id', async (req, res) => {
  const { rows } = await pool.query(\`SELECT * FROM orders WHERE id = \${req.params.id}\`);
  res.json(rows[0]);
});
`,
      errors: [{ messageId: 'unsafeSql', line: 9, column: 26, data: { call: 'pool.query', part: 'req.params.id', fix: DRIVER_FIX }, suggestions: [] }],
    },
    // pg { text } object built by concatenation, on a checked-out client.
    {
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function findCustomer(req: Request, res: Response) {
  const { name } = req.body;
  const client = await pool.connect();
  try {
    const result = await client.query({ text: 'SELECT * FROM customers WHERE name = \\'' + name + '\\'' });
    res.json(result.rows);
  } finally {
    client.release();
  }
}
`,
      errors: [{ messageId: 'unsafeSql', line: 10, column: 26, data: { call: 'client.query', part: 'name', fix: DRIVER_FIX }, suggestions: [] }],
    },
    // mysql2 connection.execute.
    {
      code: `
import mysql from 'mysql2/promise';

export async function login(req: Request, res: Response) {
  const connection = await mysql.createConnection(process.env.DATABASE_URL!);
  const [rows] = await connection.execute(\`SELECT id FROM users WHERE email = '\${req.body.email}'\`);
  await connection.end();
  res.json(rows);
}
`,
      errors: [{ messageId: 'unsafeSql', line: 6, column: 24, data: { call: 'connection.execute', part: 'req.body.email', fix: DRIVER_FIX }, suggestions: [] }],
    },
    // knex whereRaw with a LIKE pattern: bindings offered. orderByRaw with a column: no mechanical rewrite.
    {
      code: `
import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

app.get('/products', async (req, res) => {
  const { q, sort } = req.query as Record<string, string>;
  const products = await db('products').whereRaw(\`name ILIKE '%\${q}%'\`).orderByRaw(\`\${sort} desc\`);
  res.json(products);
});
`,
      errors: [
        {
          messageId: 'unsafeSql',
          line: 8,
          column: 26,
          data: { call: "db('products')….orderByRaw", part: 'sort', fix: KNEX_FIX },
          suggestions: [],
        },
        {
          messageId: 'unsafeSql',
          line: 8,
          column: 26,
          data: { call: "db('products').whereRaw", part: 'q', fix: KNEX_FIX },
          suggestions: [
            {
              messageId: 'useBindings',
              output: `
import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

app.get('/products', async (req, res) => {
  const { q, sort } = req.query as Record<string, string>;
  const products = await db('products').whereRaw('name ILIKE ?', [\`%\${q}%\`]).orderByRaw(\`\${sort} desc\`);
  res.json(products);
});
`,
            },
          ],
        },
      ],
    },
    // knex raw: quotes around the interpolation go, the value becomes a binding.
    {
      code: `
export class StatsRepository {
  constructor(private readonly knex: Knex) {}

  daily(tenantId: string) {
    return this.knex.raw(\`SELECT * FROM stats WHERE tenant_id = '\${tenantId}' AND day = CURRENT_DATE\`);
  }
}
`,
      errors: [
        {
          messageId: 'unsafeSql',
          line: 6,
          column: 12,
          data: { call: 'this.knex.raw', part: 'tenantId', fix: KNEX_FIX },
          suggestions: [
            {
              messageId: 'useBindings',
              output: `
export class StatsRepository {
  constructor(private readonly knex: Knex) {}

  daily(tenantId: string) {
    return this.knex.raw('SELECT * FROM stats WHERE tenant_id = ? AND day = CURRENT_DATE', [tenantId]);
  }
}
`,
            },
          ],
        },
      ],
    },
    // sequelize.query with an interpolated email.
    {
      code: `
import { Sequelize, QueryTypes } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);

router.post('/reset', async (req, res) => {
  const users = await sequelize.query(\`SELECT id FROM users WHERE email = '\${req.body.email}'\`, { type: QueryTypes.SELECT });
  res.json(users);
});
`,
      errors: [{ messageId: 'unsafeSql', line: 7, column: 23, data: { call: 'sequelize.query', part: 'req.body.email', fix: DRIVER_FIX }, suggestions: [] }],
    },
    // drizzle sql.raw of tRPC input.
    {
      code: `
import { sql } from 'drizzle-orm';

export const userRouter = router({
  list: publicProcedure.input(z.object({ orderBy: z.string() })).query(({ ctx, input }) =>
    ctx.db.select().from(users).orderBy(sql.raw(input.orderBy)),
  ),
});
`,
      errors: [
        {
          messageId: 'unsafeFragment',
          line: 6,
          column: 41,
          data: {
            call: 'sql.raw',
            part: 'input.orderBy',
            fix: 'use the sql`…${value}…` tagged template so values are sent as parameters, and a constant allow-list for identifiers',
          },
        },
      ],
    },
    // TypeORM: dataSource.query with a quoted LIKE pattern, queryRunner.query with concatenation.
    {
      code: `
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  search(term: string) {
    return this.dataSource.query(\`SELECT * FROM users WHERE name LIKE '%\${term}%'\`);
  }

  async byEmail(email: string) {
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      return await queryRunner.query("SELECT * FROM users WHERE email = '" + email + "'");
    } finally {
      await queryRunner.release();
    }
  }
}
`,
      errors: [
        { messageId: 'unsafeSql', line: 10, column: 12, data: { call: 'this.dataSource.query', part: 'term', fix: TYPEORM_FIX }, suggestions: [] },
        { messageId: 'unsafeSql', line: 16, column: 20, data: { call: 'queryRunner.query', part: 'email', fix: TYPEORM_FIX }, suggestions: [] },
      ],
    },
    // ids.join(',') spliced into IN (...).
    {
      code: `
export async function POST(request: Request) {
  const { ids } = await request.json();
  await prisma.$executeRawUnsafe(\`DELETE FROM "Link" WHERE id IN (\${ids.join(',')})\`);
  return new Response(null, { status: 204 });
}
`,
      errors: [{ messageId: 'unsafeSql', line: 4, column: 9, data: { call: 'prisma.$executeRawUnsafe', part: 'ids', fix: PRISMA_FIX }, suggestions: [] }],
    },
    // ids quoted one by one: still text built from input.
    {
      code: `
export const tagRouter = router({
  byNames: publicProcedure.input(z.object({ names: z.string().array() })).query(({ input: { names } }) =>
    dbRead.$queryRawUnsafe(\`SELECT id FROM "Tag" WHERE name IN (\${names.map((name) => \`'\${name}'\`).join(', ')})\`),
  ),
});
`,
      errors: [{ messageId: 'unsafeSql', line: 4, column: 5, data: { call: 'dbRead.$queryRawUnsafe', part: 'names', fix: PRISMA_FIX }, suggestions: [] }],
    },
    // NestJS @Query() parameter as an ORDER BY column: no mechanical rewrite (a parameter is not an identifier).
    {
      code: `
@Controller('users')
export class UsersController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  list(@Query('sort') sort: string) {
    return this.prisma.$queryRawUnsafe(\`SELECT * FROM "User" ORDER BY \${sort}\`);
  }
}
`,
      errors: [{ messageId: 'unsafeSql', line: 8, column: 12, data: { call: 'this.prisma.$queryRawUnsafe', part: 'sort', fix: PRISMA_FIX }, suggestions: [] }],
    },
    // postgres.js sql.unsafe.
    {
      code: `
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!);

export async function GET(request: NextRequest) {
  const sort = request.nextUrl.searchParams.get('sort');
  return Response.json(await sql.unsafe(\`SELECT * FROM users ORDER BY \${sort}\`));
}
`,
      errors: [
        {
          messageId: 'unsafeSql',
          line: 8,
          column: 30,
          data: { call: 'sql.unsafe', part: "request.nextUrl.searchParams.get('sort')", fix: 'the sql`…${value}…` tagged template, or unsafe(text, [values]) with $1 placeholders' },
          suggestions: [],
        },
      ],
    },
    // A service helper that quotes a string parameter into the SQL.
    {
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function findByEmail(email: string) {
  const { rows } = await pool.query(\`SELECT * FROM users WHERE email = '\${email}' LIMIT 1\`);
  return rows[0];
}
`,
      errors: [{ messageId: 'unsafeSql', line: 7, column: 26, data: { call: 'pool.query', part: 'email', fix: DRIVER_FIX }, suggestions: [] }],
    },
    // A TypeORM query builder condition built by interpolation.
    {
      code: `
@Injectable()
export class ProductsService {
  constructor(@InjectRepository(Product) private readonly products: Repository<Product>) {}

  search(@Query('name') name: string) {
    return this.products.createQueryBuilder('product').where(\`product.name = '\${name}'\`).getMany();
  }
}
`,
      errors: [
        {
          messageId: 'unsafeSql',
          line: 7,
          column: 12,
          data: { call: 'createQueryBuilder(…).where', part: 'name', fix: "named parameters: .where('user.name = :name', { name })" },
          suggestions: [],
        },
      ],
    },
    // SET cannot take a parameter: reported, no suggestion.
    {
      code: `
export async function withTenant(req: Request) {
  await prisma.$executeRawUnsafe(\`SET LOCAL app.tenant_id = '\${req.headers.get('x-tenant')}'\`);
}
`,
      errors: [
        {
          messageId: 'unsafeSql',
          line: 3,
          column: 9,
          data: { call: 'prisma.$executeRawUnsafe', part: "req.headers.get('x-tenant')", fix: PRISMA_FIX },
          suggestions: [],
        },
      ],
    },
    // tRPC input destructured in the signature, a free string used as a column.
    {
      code: `
export const reportRouter = router({
  top: protectedProcedure
    .input(z.object({ orderBy: z.string() }))
    .query(({ ctx, input: { orderBy } }) => ctx.db.$queryRawUnsafe(\`SELECT * FROM daily_stats ORDER BY \${orderBy} DESC\`)),
});
`,
      errors: [{ messageId: 'unsafeSql', line: 5, column: 45, data: { call: 'ctx.db.$queryRawUnsafe', part: 'orderBy', fix: PRISMA_FIX }, suggestions: [] }],
    },
    // Hand-escaped quotes: still text built from a value, and as a parameter the doubled quotes would be stored.
    {
      code: `
export async function setValue(key: string, value: unknown) {
  const json = JSON.stringify(value).replace(/'/g, "''");
  await prisma.$executeRawUnsafe(\`UPDATE "KeyValue" SET value = '\${json}'::jsonb WHERE key = '\${key}'\`);
}
`,
      errors: [{ messageId: 'unsafeSql', line: 4, column: 9, data: { call: 'prisma.$executeRawUnsafe', part: 'value', fix: PRISMA_FIX }, suggestions: [] }],
    },
    // In an optional chain a tagged template is a syntax error: reported, no suggestion.
    {
      code: `
export async function byDomain(client: PrismaClient | undefined, domain: string) {
  return client?.$queryRawUnsafe(\`SELECT * FROM "Link" WHERE domain = '\${domain}'\`);
}
`,
      errors: [{ messageId: 'unsafeSql', line: 3, column: 10, data: { call: 'client.$queryRawUnsafe', part: 'domain', fix: PRISMA_FIX }, suggestions: [] }],
    },
    // A fragment built from input, then concatenated into the text.
    {
      code: `
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q');
  const filter = q ? \`AND title ILIKE '%\${q}%'\` : '';
  const sql = 'SELECT id, title FROM "Document" WHERE "deletedAt" IS NULL ' + filter + ' LIMIT 20';
  return Response.json(await prisma.$queryRawUnsafe(sql));
}
`,
      errors: [
        { messageId: 'unsafeSql', line: 6, column: 30, data: { call: 'prisma.$queryRawUnsafe', part: 'new URL(request.url).searchParams.get...', fix: PRISMA_FIX }, suggestions: [] },
      ],
    },
  ],
});
