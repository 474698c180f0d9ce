// The Prisma schema block(s) sent with a finding: which models a finding is about (named in the
// message, or called in the message or the flagged lines), the block source as written, the size
// cap, redaction, and the "no schema / broken schema" cases. Real schema files in temp dirs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modelsInvolved, schemaBlocks, schemaContextFor } from '../../src/ai/schema-context.js';
import { clearSchemaCache, findSchema, modelBlockSource, type PrismaSchema, type SchemaModel } from '../../src/analysis/schema.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
beforeEach(() => clearSchemaCache());

/** A temp project with the given files (paths relative to its root). */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ba-schema-ctx-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function schemaOf(root: string): PrismaSchema {
  const lookup = findSchema(join(root, 'src/app.ts'), undefined, root);
  if (lookup.status !== 'ok') throw new Error(`schema did not load: ${JSON.stringify(lookup)}`);
  return lookup.schema;
}

const DATASOURCE = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`;

const USER = `model User {
  id           String  @id
  email        String  @unique
  passwordHash String
  posts        Post[]
  orders       Order[]
}`;

const POST = `model Post {
  id       String @id
  title    String
  meta     Json   @default("{}")
  note     String @default("}")
  authorId String
  author   User   @relation(fields: [authorId], references: [id])

  @@index([authorId])
}`;

const ORDER = `model Order {
  id     String      @id
  userId String
  user   User        @relation(fields: [userId], references: [id])
  items  OrderItem[]
}`;

const ORDER_ITEM = `model OrderItem {
  id      String @id
  orderId String
  order   Order  @relation(fields: [orderId], references: [id])
  sku     String
}`;

const SINGLE = [DATASOURCE, USER, POST, ORDER, ORDER_ITEM].join('\n\n') + '\n';

const names = (models: SchemaModel[]): string[] => models.map((model) => model.name);

describe('modelsInvolved', () => {
  let schema: PrismaSchema;
  beforeEach(() => {
    schema = schemaOf(project({ 'prisma/schema.prisma': SINGLE }));
  });

  it('finds a model named by require-index-for-query ("filters Post on title", "model Post")', () => {
    const message = 'prisma.user.findMany() filters Post on title; no index starts with any of them, so the database scans the table; add @@index([title]) to model Post (or filter on an indexed field).';
    // named in the message first, then the delegate called in it
    expect(names(modelsInvolved(schema, message, ''))).toEqual(['Post', 'User']);
    expect(names(modelsInvolved(schema, 'add @@index([sku]) to model OrderItem', ''))).toEqual(['OrderItem']);
    expect(names(modelsInvolved(schema, 'x filters Order on userId', ''))).toEqual(['Order']);
  });

  it('finds Model.field in a message (no-sensitive-field-exposure)', () => {
    const message = 'prisma.order.findFirst() returns User.passwordHash, and the result is sent in res.json(); select the fields the client needs, or omit: { passwordHash: true }.';
    expect(names(modelsInvolved(schema, message, ''))).toEqual(['User', 'Order']);
  });

  it('ignores capitalised names that are not models (Math.max, model Foo)', () => {
    expect(modelsInvolved(schema, 'Math.max is fine; see model Foo and filters Bar on x', '')).toEqual([]);
  });

  it('finds delegates called in the flagged code, through any client variable', () => {
    expect(names(modelsInvolved(schema, 'write without a transaction', 'await tx.orderItem.create({ data })'))).toEqual(['OrderItem']);
    expect(names(modelsInvolved(schema, '', 'const rows = await db . post . findMany({ take: 10 })'))).toEqual(['Post']);
    expect(names(modelsInvolved(schema, '', 'await prisma.order.createMany({ data: rows })'))).toEqual(['Order']);
  });

  it('ignores method calls on things that are not model delegates', () => {
    expect(modelsInvolved(schema, '', 'await cache.delete(key); await map.update(x); users.count(); prisma.$transaction([])')).toEqual([]);
    // a delegate name followed by something that is not a query method
    expect(modelsInvolved(schema, '', 'user.toString(); post.title')).toEqual([]);
  });

  it('keeps at most two models, message evidence first, without duplicates', () => {
    const message = 'prisma.order.create() and prisma.orderItem.create() write in the same function without a transaction';
    const code = 'await prisma.user.update({}); await prisma.post.delete({}); await prisma.order.create({})';
    expect(names(modelsInvolved(schema, message, code))).toEqual(['Order', 'OrderItem']);
    expect(names(modelsInvolved(schema, 'filters User on email', 'prisma.user.findFirst(); prisma.user.count(); prisma.post.findMany()'))).toEqual(['User', 'Post']);
  });
});

describe('modelBlockSource', () => {
  it('returns the block as written, from `model X {` to its closing brace', () => {
    const schema = schemaOf(project({ 'prisma/schema.prisma': SINGLE }));
    expect(modelBlockSource(schema, 'User')).toBe(USER);
    expect(modelBlockSource(schema, 'OrderItem')).toBe(ORDER_ITEM);
    expect(modelBlockSource(schema, 'Nope')).toBeUndefined();
  });

  it('is not ended early by a `}` inside a default string on a field line', () => {
    const schema = schemaOf(project({ 'prisma/schema.prisma': SINGLE }));
    const block = modelBlockSource(schema, 'Post');
    expect(block).toBe(POST);
    expect(block).toContain('@@index([authorId])');
    expect(block).not.toContain('model Order');
  });

  it('does not take a model whose name merely starts with the one asked for', () => {
    const text = `${DATASOURCE}\nmodel UserProfile {\n  id     String @id\n  userId String @unique\n}\n\n${USER}\n\n${POST}\n\n${ORDER}\n\n${ORDER_ITEM}\n`;
    const schema = schemaOf(project({ 'prisma/schema.prisma': text }));
    expect(modelBlockSource(schema, 'User')).toBe(USER);
    expect(modelBlockSource(schema, 'Order')).toBe(ORDER);
  });

  it('finds a model in any file of a multi-file schema folder', () => {
    const root = project({
      'prisma/schema/schema.prisma': DATASOURCE,
      'prisma/schema/user.prisma': `${USER}\n\n${POST}\n`,
      'prisma/schema/shop/order.prisma': `${ORDER}\n\n${ORDER_ITEM}\n`,
    });
    const schema = schemaOf(root);
    expect(schema.files).toHaveLength(3);
    expect(modelBlockSource(schema, 'OrderItem')).toBe(ORDER_ITEM);
    expect(modelBlockSource(schema, 'User')).toBe(USER);
  });

  it('reads CRLF files', () => {
    const schema = schemaOf(project({ 'prisma/schema.prisma': SINGLE.replace(/\n/g, '\r\n') }));
    expect(modelBlockSource(schema, 'Order')).toBe(ORDER);
  });

  // Prisma accepts a comment after the closing brace (`} // ...`); the block must still end there.
  it('ends the block at a closing brace followed by a comment', () => {
    const text = `${DATASOURCE}\n${USER} // accounts\n\n${ORDER}\n\n${ORDER_ITEM}\n\n${POST} // last model\n`;
    const schema = schemaOf(project({ 'prisma/schema.prisma': text }));
    expect([...schema.models.keys()]).toEqual(['user', 'order', 'orderItem', 'post']);
    // today: User runs on into model Order (up to its bare `}`), and Post, last, has no block at all
    expect.soft(modelBlockSource(schema, 'User')).toBe(`${USER} // accounts`);
    expect.soft(modelBlockSource(schema, 'Post')).toBe(`${POST} // last model`);
  });
});

/** A PrismaSchema by hand: only `files` and the models' names matter to schemaBlocks. */
function handSchema(file: string, modelNames: string[]): { schema: PrismaSchema; models: SchemaModel[] } {
  const models = modelNames.map((name): SchemaModel => ({ name, delegate: name.charAt(0).toLowerCase() + name.slice(1), fields: new Map(), indexedFields: new Set() }));
  return { schema: { files: [file], models: new Map(models.map((model) => [model.delegate, model])) }, models };
}

describe('schemaBlocks', () => {
  it('joins the blocks of the given models with a blank line', () => {
    const root = project({ 'prisma/schema.prisma': SINGLE });
    const { schema, models } = handSchema(join(root, 'prisma/schema.prisma'), ['Order', 'OrderItem']);
    expect(schemaBlocks(schema, models)).toBe(`${ORDER}\n\n${ORDER_ITEM}`);
  });

  it('skips models whose block cannot be read, and is undefined when none can', () => {
    const root = project({ 'prisma/schema.prisma': SINGLE });
    const { schema, models } = handSchema(join(root, 'prisma/schema.prisma'), ['Ghost', 'Post']);
    expect(schemaBlocks(schema, models)).toBe(POST);
    expect(schemaBlocks(schema, [])).toBeUndefined();
    expect(schemaBlocks(schema, models.slice(0, 1))).toBeUndefined();
    const missing = handSchema(join(root, 'prisma/missing.prisma'), ['Post']);
    expect(schemaBlocks(missing.schema, missing.models)).toBeUndefined();
  });

  it('redacts secrets in the blocks', () => {
    const stripe = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const url = 'postgres://app:s3cr3tP4ss@db.internal:5432/shop';
    const text = `model Integration {\n  id        String @id\n  stripeKey String @default("${stripe}")\n  dsn       String @default("${url}")\n}\n`;
    const root = project({ 'prisma/schema.prisma': text });
    const { schema, models } = handSchema(join(root, 'prisma/schema.prisma'), ['Integration']);
    const block = schemaBlocks(schema, models) ?? '';
    expect(block).toContain('model Integration {');
    expect(block).toContain('[REDACTED:stripe-key]');
    expect(block).toContain('postgres://app:***@db.internal:5432/shop');
    expect(block).not.toContain(stripe);
    expect(block).not.toContain('s3cr3tP4ss');
  });

  it('cuts a huge model and marks the cut', () => {
    const fields = Array.from({ length: 400 }, (_, i) => `  field${String(i).padStart(3, '0')} String?`).join('\n');
    const text = `model Huge {\n  id String @id\n${fields}\n}\n`;
    const root = project({ 'prisma/schema.prisma': text });
    const { schema, models } = handSchema(join(root, 'prisma/schema.prisma'), ['Huge']);
    const block = schemaBlocks(schema, models) ?? '';
    expect(text.length).toBeGreaterThan(7000);
    expect(block.startsWith('model Huge {\n  id String @id\n')).toBe(true);
    expect(block.endsWith('\n  // … (cut)\n}')).toBe(true);
    expect(block.length).toBeLessThanOrEqual(4000 + '\n  // … (cut)\n}'.length);
    expect(block).not.toContain('field399');
  });

  // The cut happens before redaction: a secret that straddles the 4000th character is no longer
  // recognisable (a URL password without its `@host`) and goes out in clear.
  it('does not leak a secret that the size cut splits', () => {
    const password = 'hunter2pass';
    const secretLine = `  dsn String @default("postgres://app:${password}@db.internal/shop")`;
    const head = 'model Huge {\n  id String @id\n';
    let fields = '';
    for (let i = 0; head.length + fields.length < 3900; i++) fields += `  field${String(i).padStart(3, '0')} String?\n`;
    // pad with a comment so that the 4000th character is the `@` after the password
    const target = 4000 - secretLine.indexOf('@db.internal');
    const padding = target - head.length - fields.length - 1;
    const comment = `  //${'x'.repeat(padding - 4)}\n`;
    const text = `${head}${fields}${comment}${secretLine}\n  more String?\n}\n`;
    expect(text.indexOf('@db.internal')).toBe(4000);
    const root = project({ 'prisma/schema.prisma': text });
    const { schema, models } = handSchema(join(root, 'prisma/schema.prisma'), ['Huge']);
    const block = schemaBlocks(schema, models) ?? '';
    expect(block).toContain('// … (cut)');
    // only the tail, to keep the failure readable
    expect(block.slice(block.lastIndexOf('\n  //x'))).not.toContain(password);
  });

  it('redacts a secret-looking string default by its field name, and leaves ordinary defaults alone', () => {
    const text = `model Integration {
  id        String @id
  apiSecret String @default("9f8a7d6c5b4e3f2a1b0c9d8e7f6a5b4c")
  status    String @default("ACTIVE")
  label     String @default("say \\"hi\\"")
}
`;
    const root = project({ 'prisma/schema.prisma': text });
    const { schema, models } = handSchema(join(root, 'prisma/schema.prisma'), ['Integration']);
    const block = schemaBlocks(schema, models) ?? '';
    expect(block).not.toContain('9f8a7d6c5b4e3f2a1b0c9d8e7f6a5b4c');
    expect(block).toContain('apiSecret String @default("[REDACTED:secret]")');
    expect(block).toContain('status    String @default("ACTIVE")');
    expect(block).toContain('label     String @default("say \\"hi\\"")');
  });
});

describe('schemaContextFor', () => {
  let warnings: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warnings.mockRestore();
  });

  const input = (cwd: string, message: string, flaggedCode = '', filePath = 'src/routes/orders.ts') => ({ cwd, filePath, message, flaggedCode });

  it('sends the block of the model the message names, found upward from the linted file', () => {
    const root = project({ 'prisma/schema.prisma': SINGLE, 'src/routes/orders.ts': '' });
    const block = schemaContextFor(input(root, 'prisma.post.findMany() filters Post on title; add @@index([title]) to model Post'));
    expect(block).toBe(POST);
  });

  it('reads a multi-file schema (prisma/schema/*.prisma) and finds the delegate in the flagged code', () => {
    const root = project({
      'prisma/schema/schema.prisma': DATASOURCE,
      'prisma/schema/user.prisma': `${USER}\n\n${POST}\n`,
      'prisma/schema/order.prisma': `${ORDER}\n\n${ORDER_ITEM}\n`,
    });
    const code = '  await prisma.$transaction(async (tx) => {\n    const order = await tx.order.create({ data });\n    await tx.orderItem.create({ data: { orderId: order.id } });\n  });';
    expect(schemaContextFor(input(root, 'a write without a transaction', code))).toBe(`${ORDER}\n\n${ORDER_ITEM}`);
    expect(schemaContextFor(input(root, 'x', 'await tx.orderItem.create({ data })'))).toBe(ORDER_ITEM);
  });

  it('is undefined when no model is involved (a non-model delegate such as cache.delete)', () => {
    const root = project({ 'prisma/schema.prisma': SINGLE });
    expect(schemaContextFor(input(root, 'an unawaited call', 'cache.delete(key);'))).toBeUndefined();
  });

  it('looks only at the first 40 flagged lines', () => {
    const root = project({ 'prisma/schema.prisma': SINGLE });
    const lines = (at: number) => Array.from({ length: 60 }, (_, i) => (i === at ? 'await prisma.order.findMany();' : `const v${i} = ${i};`)).join('\n');
    expect(schemaContextFor(input(root, 'x', lines(39)))).toBe(ORDER);
    expect(schemaContextFor(input(root, 'x', lines(40)))).toBeUndefined();
  });

  it('honours the configured schema path (relative to cwd)', () => {
    const root = project({ 'db/models.prisma': SINGLE, 'src/routes/orders.ts': '' });
    expect(schemaContextFor({ ...input(root, 'filters User on email'), configuredSchema: 'db/models.prisma' })).toBe(USER);
    expect(schemaContextFor(input(root, 'filters User on email'))).toBeUndefined();
  });

  it('redacts secrets in the block', () => {
    const key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const text = `${DATASOURCE}\nmodel Merchant {\n  id        String @id\n  stripeKey String @default("${key}")\n}\n`;
    const root = project({ 'prisma/schema.prisma': text });
    const block = schemaContextFor(input(root, 'x', 'await prisma.merchant.findUnique({ where: { id } })'));
    expect(block).toBe('model Merchant {\n  id        String @id\n  stripeKey String @default("[REDACTED:stripe-key]")\n}');
  });

  it('is undefined without a schema', () => {
    const root = project({ 'package.json': '{"name":"app"}', 'src/routes/orders.ts': '' });
    expect(schemaContextFor(input(root, 'filters User on email', 'prisma.user.findMany()'))).toBeUndefined();
    expect(warnings).not.toHaveBeenCalled();
  });

  it('is undefined, without throwing, for a schema that does not parse', () => {
    const root = project({ 'prisma/schema.prisma': `${DATASOURCE}\nmodel User {\n  id String @id\n  posts Nope[]\n` });
    expect(() => schemaContextFor(input(root, 'filters User on email', 'prisma.user.findMany()'))).not.toThrow();
    expect(schemaContextFor(input(root, 'filters User on email', 'prisma.user.findMany()'))).toBeUndefined();
    // findSchema reports a broken schema once per process
    expect(warnings).toHaveBeenCalledTimes(1);
  });

  it('is undefined, without throwing, for an unreadable configured schema', () => {
    const root = project({ 'src/routes/orders.ts': '' });
    mkdirSync(join(root, 'db', 'schema.prisma'), { recursive: true });
    expect(schemaContextFor({ ...input(root, 'filters User on email'), configuredSchema: 'db' })).toBeUndefined();
  });
});
