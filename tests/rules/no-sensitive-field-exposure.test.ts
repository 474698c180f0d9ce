import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import rule from '../../src/rules/no-sensitive-field-exposure.js';
import { DEFAULT_SENSITIVE_FIELDS, isSensitiveName, nameWords, parseOmitText } from '../../src/analysis/sensitive-data.js';
import { createRuleTester } from '../support/rule-tester.js';

const fixtures = join(import.meta.dirname, '../fixtures/schema');
const route = `${fixtures}/single/app/api/users/[id]/route.ts`;
const secrets = `${fixtures}/secrets/app/api/accounts/route.ts`;
const multi = `${fixtures}/multi-secrets/app/api/members/route.ts`;

// The broken fixture schema warns once per process: keep the test output clean.
let warn: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
});
afterAll(() => warn.mockRestore());

const exposed = (call: string, fields: string, sink: string, omit: string, line: number, column: number) => ({
  messageId: 'exposed' as const,
  line,
  column,
  data: { call, fields, sink, omit },
});
const GET = "this GET route handler's response";

describe('sensitive field names', () => {
  const patterns = DEFAULT_SENSITIVE_FIELDS.map(nameWords);
  it.each(['password', 'passwordHash', 'hashedPassword', 'password_hash', 'hash', 'salt', 'twoFactorSecret', 'totpSecret', 'apiKey', 'api_key', 'apiKeyHash', 'refresh_token', 'sessionToken', 'resetToken', 'privateKey', 'otpSecret', 'secretKey'])(
    '%s is sensitive',
    (name) => expect(isSensitiveName(name, patterns)).toBe(true),
  );
  it.each(['tokenCount', 'hashtag', 'resetTokenExpiresAt', 'otpEnabled', 'blurHash', 'displaySecretKey', 'maskedApiKey', 'contentHash', 'passwordUpdatedAt', 'tokenType', 'email', 'keywords', 'saltwater'])(
    '%s is not sensitive',
    (name) => expect(isSensitiveName(name, patterns)).toBe(false),
  );
  it('reads a client-level omit from module text', () => {
    expect(parseOmitText('new PrismaClient({ omit: { user: { passwordHash: true, name: false } } })')).toEqual(new Map([['user', new Set(['passwordHash'])]]));
    expect(parseOmitText('new PrismaClient({ omit: buildOmit() })')).toBeNull();
    expect(parseOmitText('new PrismaClient()')).toEqual(new Map());
  });
});

createRuleTester().run('no-sensitive-field-exposure', rule, {
  valid: [
    // select picks what the client needs.
    {
      filename: route,
      code: `
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const user = await prisma.user.findUnique({ where: { id: params.id }, select: { id: true, name: true, avatarUrl: true } });
  if (!user) return NextResponse.json({ error: 'Not found' }, { status: 404 });
  return NextResponse.json(user);
}
`,
    },
    // select held in a const.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
const publicProfile = { id: true, name: true, avatarUrl: true } as const;
export async function GET(request: Request, { params }: { params: { id: string } }) {
  return Response.json(await prisma.user.findUnique({ where: { id: params.id }, select: publicProfile }));
}
`,
    },
    // Query-level omit.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const user = await prisma.user.findUnique({ where: { id: params.id }, omit: { passwordHash: true } });
  return Response.json(user);
}
`,
    },
    // Client-level omit in the same file.
    {
      filename: route,
      code: `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient({ omit: { user: { passwordHash: true } } });
export async function GET(request: Request, { params }: { params: { id: string } }) {
  return Response.json(await prisma.user.findUnique({ where: { id: params.id } }));
}
`,
    },
    // Client-level omit in the module the client is imported from.
    {
      filename: secrets,
      code: `
import { db } from '../../../lib/database-client';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const account = await db.account.findUnique({ where: { id: params.id }, include: { sessions: true } });
  return Response.json(account);
}
`,
    },
    // A client reached through the tRPC context: the omit of the app's client module (src/server/db.ts)
    // applies. displaySecretKey is the masked copy made for display.
    {
      filename: `${fixtures}/project-omit/pages/api/trpc/[trpc].ts`,
      code: `
export const datasetRouter = createTRPCRouter({
  byId: protectedProcedure
    .input(z.object({ id: z.string() }))
    .query(({ ctx, input }) => ctx.prisma.dataset.findUnique({ where: { id: input.id } })),
});
`,
    },
    // The secret destructured away; the rest is sent.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: params.id } });
  const { passwordHash, ...safe } = user;
  return Response.json(safe);
}
`,
    },
    // ...per row, in a map.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  const users = await prisma.user.findMany({ take: 50 });
  return Response.json(users.map(({ passwordHash, ...user }) => user));
}
`,
    },
    // Overwritten in a copy, or deleted.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const user = await prisma.user.findUnique({ where: { id: params.id } });
  const other = await prisma.user.findFirst({ where: { email: 'x@example.com' } });
  delete other.passwordHash;
  return Response.json({ user: { ...user, passwordHash: undefined }, other });
}
`,
    },
    // A mapper decides what goes out (trusted: it exists to do exactly that).
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
import { toPublicUser } from '@/lib/dto';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const user = await prisma.user.findUnique({ where: { id: params.id } });
  return Response.json(toPublicUser(user));
}
`,
    },
    // Login: the hash is compared, never sent.
    {
      filename: `${fixtures}/single/app/api/login/route.ts`,
      code: `
import bcrypt from 'bcryptjs';
import { prisma } from '@/lib/prisma';
export async function POST(request: Request) {
  const { email, password } = loginSchema.parse(await request.json());
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user || !(await bcrypt.compare(password, user.passwordHash))) return Response.json({ error: 'Invalid credentials' }, { status: 401 });
  return Response.json({ id: user.id, name: user.name });
}
`,
    },
    // Look-alike names are not secrets: tokenCount, resetTokenExpiresAt, otpEnabled, hashtag, blurHash.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const usage = await prisma.account.findUnique({ where: { id: params.id }, select: { tokenCount: true, resetTokenExpiresAt: true, otpEnabled: true } });
  const notes = await prisma.note.findMany({ where: { ownerId: params.id }, take: 20 });
  return Response.json({ usage, notes });
}
`,
    },
    // A boolean flag named after a password is not a secret; a file model's bare hash is a fingerprint.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const note = await prisma.note.findUnique({ where: { id: params.id }, select: { id: true, enablePassword: true } });
  const hashes = await prisma.modelFileHash.findMany({ where: { fileId: params.id }, take: 10 });
  return Response.json({ note, hashes });
}
`,
    },
    // Promise.all keeps positions: only the flag derived from the hash goes out.
    {
      filename: `${fixtures}/single/app/actions/route.ts`,
      code: `
'use server';
import { prisma } from '@/lib/prisma';
export async function checkAccountExists(email: string) {
  const [user, isSamlEnforced] = await Promise.all([
    prisma.user.findUnique({ where: { email }, select: { passwordHash: true } }),
    isSamlEnforcedForDomain(email),
  ]);
  return { accountExists: !!user, hasPassword: !!user?.passwordHash, requireSAML: isSamlEnforced };
}
`,
    },
    // Counts carry no rows.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  return Response.json({ users: await prisma.user.count() });
}
`,
    },
    // Not sent anywhere: a helper of a lib module returns it to server code.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function getUserForAuth(email: string) {
  return prisma.user.findUnique({ where: { email } });
}
`,
    },
    // An Express handler's return value goes nowhere; what it sends is picked.
    {
      filename: `${fixtures}/single/pages/api/users/[id].ts`,
      code: `
import { prisma } from '../../../lib/prisma';
export default async function handler(req, res) {
  const user = await prisma.user.findUnique({ where: { id: String(req.query.id) } });
  if (!user) return res.status(404).json({ error: 'Not found' });
  res.status(200).json({ id: user.id, name: user.name, role: user.role });
  return user;
}
`,
    },
    // Reassigned through a sanitizer: flow-sensitive, left alone.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  let user = await prisma.user.findUnique({ where: { id: params.id } });
  user = sanitize(user);
  return Response.json(user);
}
`,
    },
    // Args we cannot see: a spread of options built elsewhere.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
import { userQuery } from '@/lib/queries';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  return Response.json(await prisma.user.findUnique({ ...userQuery, where: { id: params.id } }));
}
`,
    },
    // No schema: the rule says nothing.
    {
      filename: `${fixtures}/none/src/app/api/users/route.ts`,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  return Response.json(await prisma.user.findMany({ take: 10 }));
}
`,
    },
    // A schema that does not parse: silent, no crash.
    {
      filename: `${fixtures}/broken/app/api/users/route.ts`,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  return Response.json(await prisma.user.findMany({ take: 10 }));
}
`,
    },
    // Multi-file schema: the credential list without privateKey.
    {
      filename: multi,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const member = await prisma.member.findUnique({ where: { id: params.id }, select: { handle: true, bio: true, keys: { select: { id: true, label: true } } } });
  return Response.json(member);
}
`,
    },
  ],
  invalid: [
    // The catalog's case: a full User row in a route response.
    {
      filename: route,
      code: `
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const user = await prisma.user.findUnique({ where: { id: params.id } });
  if (!user) return NextResponse.json({ error: 'Not found' }, { status: 404 });
  return NextResponse.json(user);
}
`,
      errors: [exposed('prisma.user.findUnique', 'User.passwordHash', GET, 'passwordHash: true', 5, 22)],
    },
    // Wrapped in an object literal.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const user = await prisma.user.findFirst({ where: { id: params.id } });
  return Response.json({ user, ok: true });
}
`,
      errors: [exposed('prisma.user.findFirst', 'User.passwordHash', GET, 'passwordHash: true', 4, 22)],
    },
    // Pages API route: res.status(200).json(user).
    {
      filename: `${fixtures}/single/pages/api/users/[id].ts`,
      code: `
import { prisma } from '../../../lib/prisma';
export default async function handler(req, res) {
  if (req.method !== 'GET') return res.status(405).end();
  const user = await prisma.user.findUnique({ where: { id: String(req.query.id) } });
  res.status(200).json(user);
}
`,
      errors: [exposed('prisma.user.findUnique', 'User.passwordHash', "this API route handler's response", 'passwordHash: true', 5, 22)],
    },
    // include of a related model with a secret.
    {
      filename: `${fixtures}/single/app/api/posts/route.ts`,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  const posts = await prisma.post.findMany({ where: { published: true }, include: { author: true }, take: 20 });
  return Response.json(posts);
}
`,
      errors: [exposed('prisma.post.findMany', 'User.passwordHash', GET, 'passwordHash: true', 4, 23)],
    },
    // select of a relation as a whole row.
    {
      filename: `${fixtures}/single/app/api/posts/route.ts`,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  const posts = await prisma.post.findMany({ select: { id: true, title: true, author: true }, take: 20 });
  return Response.json({ posts });
}
`,
      errors: [exposed('prisma.post.findMany', 'User.passwordHash', GET, 'passwordHash: true', 4, 23)],
    },
    // select that names the secret.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const user = await prisma.user.findUnique({ where: { id: params.id }, select: { id: true, email: true, passwordHash: true } });
  return Response.json(user);
}
`,
      errors: [exposed('prisma.user.findUnique', 'User.passwordHash', GET, 'passwordHash: true', 4, 22)],
    },
    // tRPC resolver returning the row.
    {
      filename: `${fixtures}/single/pages/api/trpc/[trpc].ts`,
      code: `
export const userRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => ctx.db.user.findUnique({ where: { id: ctx.session.user.id } })),
});
`,
      errors: [exposed('ctx.db.user.findUnique', 'User.passwordHash', "this tRPC query's response", 'passwordHash: true', 3, 45)],
    },
    // A server action's return value goes to the browser.
    {
      filename: `${fixtures}/single/app/settings/route.ts`,
      code: `
'use server';
import { prisma } from '@/lib/prisma';
export async function updateProfile(formData: FormData) {
  const session = await auth();
  const user = await prisma.user.update({ where: { id: session.user.id }, data: { name: String(formData.get('name')) } });
  return { ok: true, user };
}
`,
      errors: [exposed('prisma.user.update', 'User.passwordHash', "this server action updateProfile's response", 'passwordHash: true', 6, 22)],
    },
    // Destructuring that keeps the secret in the rest.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const { email, ...profile } = await prisma.user.findUniqueOrThrow({ where: { id: params.id } });
  return Response.json({ ...profile, email: email.replace(/@.*/, '@…') });
}
`,
      errors: [exposed('prisma.user.findUniqueOrThrow', 'User.passwordHash', GET, 'passwordHash: true', 4, 39)],
    },
    // A map that spreads each row.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET() {
  const users = await prisma.user.findMany({ take: 50 });
  return Response.json(users.map((user) => ({ ...user, initials: user.name.slice(0, 2) })));
}
`,
      errors: [exposed('prisma.user.findMany', 'User.passwordHash', GET, 'passwordHash: true', 4, 23)],
    },
    // new Response(JSON.stringify(...)), several secrets of a model, through a helper of the file.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
async function loadAccount(id: string) {
  return prisma.account.findUnique({ where: { id } });
}
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const account = await loadAccount(params.id);
  return new Response(JSON.stringify(account), { headers: { 'content-type': 'application/json' } });
}
`,
      errors: [exposed('prisma.account.findUnique', 'Account.hashedPassword, Account.totpSecret, Account.apiKey', GET, 'hashedPassword: true, totpSecret: true, apiKey: true', 4, 10)],
    },
    // A query-level omit that leaves two secrets.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  return Response.json(await prisma.account.findUnique({ where: { id: params.id }, omit: { hashedPassword: true } }));
}
`,
      errors: [exposed('prisma.account.findUnique', 'Account.totpSecret, Account.apiKey', GET, 'totpSecret: true, apiKey: true', 4, 30)],
    },
    // A client-level omit that leaves one, and a query that re-includes one with omit: false.
    {
      filename: secrets,
      code: `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient({ omit: { account: { hashedPassword: true, apiKey: true } } });
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const account = await prisma.account.findUnique({ where: { id: params.id } });
  const admin = await prisma.account.findFirst({ where: { email: 'admin@example.com' }, omit: { apiKey: false } });
  return Response.json({ account, admin });
}
`,
      errors: [
        exposed('prisma.account.findUnique', 'Account.totpSecret', GET, 'totpSecret: true', 5, 25),
        exposed('prisma.account.findFirst', 'Account.totpSecret, Account.apiKey', GET, 'totpSecret: true, apiKey: true', 6, 23),
      ],
    },
    // NextAuth-style sessions: the session token itself.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const sessions = await prisma.session.findMany({ where: { accountId: params.id }, take: 20 });
  return Response.json({ sessions: sessions.filter((session) => session.expires > new Date()) });
}
`,
      errors: [exposed('prisma.session.findMany', 'Session.sessionToken', GET, 'sessionToken: true', 4, 26)],
    },
    // The option adds a pattern.
    {
      filename: secrets,
      options: [{ sensitiveFields: ['region'] }],
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  return Response.json(await prisma.account.findUnique({ where: { id: params.id }, omit: { hashedPassword: true, totpSecret: true, apiKey: true } }));
}
`,
      errors: [exposed('prisma.account.findUnique', 'Account.region', GET, 'region: true', 4, 30)],
    },
    // Multi-file schema: the member's token and, through include, each credential's private key.
    {
      filename: multi,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const member = await prisma.member.findUnique({ where: { id: params.id }, include: { keys: true } });
  return Response.json(member);
}
`,
      errors: [exposed('prisma.member.findUnique', 'Member.refreshToken, ApiCredential.privateKey', GET, 'refreshToken: true, privateKey: true', 4, 24)],
    },
    // The app client's global omit, re-included by the query.
    {
      filename: `${fixtures}/project-omit/pages/api/trpc/[trpc].ts`,
      code: `
export const datasetRouter = createTRPCRouter({
  withSecret: protectedProcedure
    .input(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => ctx.prisma.dataset.findUnique({ where: { id: input.id }, omit: { signingSecret: false } })),
});
`,
      errors: [exposed('ctx.prisma.dataset.findUnique', 'Dataset.signingSecret', "this tRPC mutation's response", 'signingSecret: true', 5, 35)],
    },
    // Promise.all: the user's position goes out.
    {
      filename: route,
      code: `
import { prisma } from '@/lib/prisma';
export async function GET(request: Request, { params }: { params: { id: string } }) {
  const [postCount, user] = await Promise.all([
    prisma.post.count({ where: { authorId: params.id } }),
    prisma.user.findUnique({ where: { id: params.id } }),
  ]);
  return Response.json({ postCount, user });
}
`,
      errors: [exposed('prisma.user.findUnique', 'User.passwordHash', GET, 'passwordHash: true', 6, 5)],
    },
    // A single secret read out and sent.
    {
      filename: secrets,
      code: `
import { prisma } from '@/lib/prisma';
export async function POST(request: Request) {
  const session = await auth();
  const account = await prisma.account.update({ where: { id: session.user.id }, data: { apiKey: crypto.randomUUID() } });
  return Response.json({ apiKey: account.apiKey });
}
`,
      errors: [exposed('prisma.account.update', 'Account.apiKey', "this POST route handler's response", 'apiKey: true', 5, 25)],
    },
  ],
});

// settings.schema instead of discovery: the file can live anywhere (here a pages-router page).
createRuleTester({ schema: `${fixtures}/single/prisma/schema.prisma` }).run('no-sensitive-field-exposure (settings.schema)', rule, {
  valid: [
    {
      filename: '/srv/blog/pages/profile/[id].tsx',
      code: `
import { prisma } from '../../lib/prisma';
export async function getServerSideProps({ params }) {
  const user = await prisma.user.findUnique({ where: { id: params.id }, select: { name: true, avatarUrl: true } });
  return { props: { user } };
}
`,
    },
  ],
  invalid: [
    // getServerSideProps props, through JSON.parse(JSON.stringify(...)).
    {
      filename: '/srv/blog/pages/profile/[id].tsx',
      code: `
import { prisma } from '../../lib/prisma';
export async function getServerSideProps({ params }) {
  const user = await prisma.user.findUnique({ where: { id: params.id } });
  return { props: { user: JSON.parse(JSON.stringify(user)) } };
}
`,
      errors: [exposed('prisma.user.findUnique', 'User.passwordHash', "this getServerSideProps's response", 'passwordHash: true', 4, 22)],
    },
  ],
});
