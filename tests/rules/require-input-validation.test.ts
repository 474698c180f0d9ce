// Tests for require-input-validation. Every case is a full handler in the style of a real
// Next.js / Express / Fastify / Koa / Hono / tRPC / NestJS codebase; the valid block is mostly
// false-positive traps (things that look like raw input but are validated, or are not input).
// Code samples start with a newline, so the first line of code is line 2.
import rule from '../../src/rules/require-input-validation.js';
import { createRuleTester } from '../support/rule-tester.js';

createRuleTester().run('require-input-validation', rule, {
  valid: [
    {
      name: 'Next route: schema.parse(await req.json())',
      filename: 'app/api/users/route.ts',
      code: `
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { prisma } from '@/lib/prisma';

const CreateUser = z.object({ email: z.string().email(), name: z.string().min(1) });

export async function POST(req: Request) {
  const data = CreateUser.parse(await req.json());
  const user = await prisma.user.create({ data });
  return NextResponse.json(user, { status: 201 });
}
`,
    },
    {
      name: 'Next route: safeParse with an early return',
      filename: 'app/api/users/route.ts',
      code: `
import { NextResponse } from 'next/server';
import { createUserSchema } from '@/lib/validations/user';

export async function POST(req: Request) {
  const body = await req.json();
  const parsed = createUserSchema.safeParse(body);
  if (!parsed.success) {
    return NextResponse.json({ error: parsed.error.flatten() }, { status: 400 });
  }
  const user = await prisma.user.create({ data: parsed.data });
  return NextResponse.json(user, { status: 201 });
}
`,
    },
    {
      name: 'Express: parseAsync',
      filename: 'src/routes/users.ts',
      code: `
import { Router } from 'express';
const router = Router();

router.post('/users', async (req, res) => {
  const input = await userSchema.parseAsync(req.body);
  const user = await prisma.user.create({ data: input });
  res.status(201).json(user);
});

export default router;
`,
    },
    {
      name: 'Next route: valibot parse(Schema, body)',
      filename: 'app/api/users/route.ts',
      code: `
import * as v from 'valibot';

const UserSchema = v.object({ email: v.pipe(v.string(), v.email()) });

export async function POST(req: Request) {
  const body = await req.json();
  const user = v.parse(UserSchema, body);
  return Response.json(await prisma.user.create({ data: user }));
}
`,
    },
    {
      name: 'Next route: validation inside a local helper function',
      filename: 'app/api/projects/route.ts',
      code: `
import { z } from 'zod';

const projectSchema = z.object({ name: z.string().min(1).max(64) });

function validateProject(payload: unknown) {
  const result = projectSchema.safeParse(payload);
  if (!result.success) throw new Response('Invalid project', { status: 422 });
  return result.data;
}

export async function POST(req: Request) {
  const raw = await req.json();
  const data = checkProject(raw);
  return Response.json(await prisma.project.create({ data }));
}

const checkProject = (input: unknown) => validateProject(input);
`,
    },
    {
      name: 'settings.validators names a project validator',
      filename: 'src/routes/users.ts',
      settings: { 'backend-architect': {validators: ['checkBody']} },
      code: `
import { checkBody } from '../lib/http';

router.post('/users', async (req, res) => {
  const data = checkBody(req.body, createUserSchema);
  const user = await prisma.user.create({ data });
  res.json(user);
});
`,
    },
    {
      name: 'tRPC: .input(z.object(...)) validates input',
      filename: 'src/server/api/routers/post.ts',
      code: `
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure, publicProcedure } from '~/server/api/trpc';

export const postRouter = createTRPCRouter({
  create: protectedProcedure
    .input(z.object({ name: z.string().min(1) }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.post.create({ data: { name: input.name, createdById: ctx.session.user.id } });
    }),
  byId: publicProcedure
    .input(z.object({ id: z.string() }))
    .query(({ ctx, input }) => ctx.db.post.findUnique({ where: { id: input.id } })),
});
`,
    },
    {
      name: 'next-safe-action: actionClient.schema(s).action(...) in a \'use server\' file',
      filename: 'app/(dashboard)/settings/actions.ts',
      code: `
'use server';
import { z } from 'zod';
import { actionClient } from '@/lib/safe-action';

const schema = z.object({ name: z.string().min(2) });

export const updateName = actionClient.schema(schema).action(async ({ parsedInput: { name }, ctx }) => {
  await prisma.user.update({ where: { id: ctx.userId }, data: { name } });
  return { ok: true };
});
`,
    },
    {
      name: 'next-safe-action: .inputSchema(s) after .metadata(...)',
      filename: 'lib/actions/rename-folder.ts',
      code: `
'use server';
import { authActionClient } from '../safe-action';
import { renameFolderSchema } from '../zod/folder';

export const renameFolderAction = authActionClient
  .metadata({ actionName: 'renameFolder' })
  .inputSchema(renameFolderSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { workspace } = ctx;
    await prisma.folder.update({ where: { id: parsedInput.folderId, projectId: workspace.id }, data: { name: parsedInput.name } });
  });
`,
    },
    {
      name: 'zsa: createServerAction().input(s).handler(...)',
      filename: 'app/actions/counter.ts',
      code: `
'use server';
import { createServerAction } from 'zsa';
import { z } from 'zod';

export const incrementNumberAction = createServerAction()
  .input(z.object({ number: z.number() }))
  .handler(async ({ input }) => {
    return prisma.counter.update({ where: { id: 1 }, data: { value: input.number + 1 } });
  });
`,
    },
    {
      name: 'Express: validate(schema) middleware before the handler',
      filename: 'src/routes/users.ts',
      code: `
import { Router } from 'express';
import { validate } from '../middleware/validate';

const router = Router();

router.post('/users', validate(createUserSchema), async (req, res) => {
  const user = await prisma.user.create({ data: req.body });
  res.status(201).json(user);
});
`,
    },
    {
      name: 'Express: validating middleware with a handler declared in the same file',
      filename: 'src/routes/users.ts',
      code: `
import { Router } from 'express';

const router = Router();

async function createUser(req: Request, res: Response) {
  const user = await prisma.user.create({ data: req.body });
  res.status(201).json(user);
}

router.post('/', validateRequest({ body: createUserSchema }), createUser);
`,
    },
    {
      name: 'Hono: zValidator(\'json\', schema) and c.req.valid(\'json\')',
      filename: 'src/index.ts',
      code: `
import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';

const app = new Hono();

app.post('/posts', zValidator('json', postSchema), async (c) => {
  const body = c.req.valid('json');
  const post = await prisma.post.create({ data: body });
  return c.json(post, 201);
});
`,
    },
    {
      name: 'NestJS: DTO classes are validated by ValidationPipe; single @Param reads',
      filename: 'src/users/users.controller.ts',
      code: `
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CreateUserDto } from './dto/create-user.dto';

class ListUsersQueryDto {
  page?: number;
}

@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}

  @Post()
  create(@Body() createUserDto: CreateUserDto) {
    return this.usersService.create(createUserDto);
  }

  @Get(':id')
  findOne(@Param('id') id: string) {
    return this.usersService.findOne(id);
  }

  @Get()
  findAll(@Query() query: ListUsersQueryDto) {
    return this.usersService.findAll(query);
  }
}
`,
    },
    {
      name: 'NestJS: a validation pipe on the parameter or the method',
      filename: 'src/posts/posts.controller.ts',
      code: `
import { Body, Controller, Post, UsePipes } from '@nestjs/common';

@Controller('posts')
export class PostsController {
  @Post()
  create(@Body(new ZodValidationPipe(createPostSchema)) body: CreatePostInput) {
    return this.posts.create(body);
  }

  @Post('draft')
  @UsePipes(new ZodValidationPipe(draftSchema))
  draft(@Body() body: any) {
    return this.posts.createDraft(body);
  }
}
`,
    },
    {
      name: 'Express: single query/param reads are not whole input objects',
      filename: 'src/routes/posts.ts',
      code: `
app.get('/posts/:id', async (req, res) => {
  const page = Number(req.query.page ?? 1);
  const { cursor } = req.query;
  const post = await prisma.post.findUnique({ where: { id: req.params.id } });
  res.json({ post, page, cursor });
});
`,
    },
    {
      name: 'Next route: searchParams.get(\'q\') is a single read',
      filename: 'app/api/search/route.ts',
      code: `
import { NextRequest } from 'next/server';

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams.get('q') ?? '';
  const { searchParams } = new URL(req.url);
  const page = Number(searchParams.get('page') ?? '1');
  const posts = await prisma.post.findMany({ where: { title: { contains: q } }, take: 20, skip: (page - 1) * 20 });
  return Response.json(posts);
}
`,
    },
    {
      name: 'Next route: const { id } = await params',
      filename: 'app/api/posts/[id]/route.ts',
      code: `
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const post = await prisma.post.findUnique({ where: { id } });
  return Response.json(post);
}
`,
    },
    {
      name: 'Server actions taking primitives (string, boolean, enum, string union, imported Locale, string[])',
      filename: 'app/posts/actions.ts',
      code: `
'use server';
import { cookies } from 'next/headers';
import type { Locale } from '@/i18n/config';

type Theme = 'light' | 'dark';
enum Role {
  Admin = 'admin',
  Member = 'member',
}

export async function deletePost(id: string) {
  await prisma.post.delete({ where: { id } });
}

export async function togglePublished(id: string, published: boolean) {
  await prisma.post.update({ where: { id }, data: { published } });
}

export async function setRole(userId: string, role: Role) {
  await prisma.user.update({ where: { id: userId }, data: { role } });
}

export async function setPreferences(locale: Locale, theme: Theme) {
  const store = await cookies();
  store.set('locale', locale);
  store.set('theme', theme);
}

export async function archivePosts(ids: string[]) {
  await prisma.post.updateMany({ where: { id: { in: ids } }, data: { archived: true } });
}
`,
    },
    {
      name: 'Server action (prevState, formData) validated with safeParse(Object.fromEntries(formData))',
      filename: 'app/posts/actions.ts',
      code: `
'use server';
import { z } from 'zod';

const PostSchema = z.object({ title: z.string().min(1), content: z.string() });

export async function createPost(prevState: State, formData: FormData) {
  const validated = PostSchema.safeParse(Object.fromEntries(formData));
  if (!validated.success) {
    return { errors: validated.error.flatten().fieldErrors };
  }
  await prisma.post.create({ data: validated.data });
  return { message: 'Created' };
}
`,
    },
    {
      name: 'Server action: formData.get() reads inside schema.parse({...}) (Next.js learn pattern)',
      filename: 'app/lib/actions.ts',
      code: `
'use server';
import { z } from 'zod';

const CreateInvoice = z.object({
  customerId: z.string(),
  amount: z.coerce.number(),
  status: z.enum(['pending', 'paid']),
});

export async function createInvoice(formData: FormData) {
  const { customerId, amount, status } = CreateInvoice.parse({
    customerId: formData.get('customerId'),
    amount: formData.get('amount'),
    status: formData.get('status'),
  });
  await sql\`INSERT INTO invoices (customer_id, amount, status) VALUES (\${customerId}, \${amount * 100}, \${status})\`;
}
`,
    },
    {
      name: 'JSON.parse of a config file is not request input',
      filename: 'app/api/config/route.ts',
      code: `
import fs from 'node:fs/promises';

export async function GET() {
  const config = JSON.parse(await fs.readFile('./config.json', 'utf8'));
  return Response.json(config.public);
}
`,
    },
    {
      name: 'await req.json() in a function that is not a handler',
      filename: 'src/lib/http.ts',
      code: `
export async function readJson(request: Request) {
  const data = await request.json();
  return data;
}

export async function fetchUser(id: string) {
  const response = await fetch(\`https://api.example.com/users/\${id}\`);
  const user = await response.json();
  return prisma.user.upsert({ where: { id }, create: user, update: user });
}
`,
    },
    {
      name: 'A body that is only drained',
      filename: 'app/api/cron/route.ts',
      code: `
export async function POST(req: Request) {
  await req.text();
  await runScheduledJobs();
  return new Response(null, { status: 204 });
}
`,
    },
    {
      name: 'Stripe webhook: constructEvent verifies the payload',
      filename: 'app/api/webhooks/stripe/route.ts',
      code: `
import Stripe from 'stripe';
import { headers } from 'next/headers';

export async function POST(req: Request) {
  const body = await req.text();
  const signature = (await headers()).get('Stripe-Signature') as string;
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch {
    return new Response('Webhook Error', { status: 400 });
  }
  const session = event.data.object as Stripe.Checkout.Session;
  await prisma.subscription.update({ where: { stripeId: session.id }, data: { status: 'active' } });
  return new Response(null, { status: 200 });
}
`,
    },
    {
      name: 'Svix webhook: wh.verify(JSON.stringify(payload), headers)',
      filename: 'app/api/webhooks/clerk/route.ts',
      code: `
import { Webhook } from 'svix';

export async function POST(req: Request) {
  const payload = await req.json();
  const body = JSON.stringify(payload);
  const wh = new Webhook(process.env.CLERK_WEBHOOK_SECRET!);
  const evt = wh.verify(body, {
    'svix-id': req.headers.get('svix-id')!,
    'svix-timestamp': req.headers.get('svix-timestamp')!,
    'svix-signature': req.headers.get('svix-signature')!,
  }) as WebhookEvent;
  if (evt.type === 'user.created') {
    await prisma.user.create({ data: { clerkId: evt.data.id } });
  }
  return new Response('', { status: 200 });
}
`,
    },
    {
      name: 'Webhook verified with an HMAC over the raw body',
      filename: 'app/api/webhooks/lemonsqueezy/route.ts',
      code: `
import crypto from 'node:crypto';

export async function POST(request: Request) {
  const rawBody = await request.text();
  const hmac = crypto.createHmac('sha256', process.env.LEMONSQUEEZY_WEBHOOK_SECRET!);
  const digest = Buffer.from(hmac.update(rawBody).digest('hex'), 'utf8');
  const signature = Buffer.from(request.headers.get('X-Signature') ?? '', 'utf8');
  if (!crypto.timingSafeEqual(digest, signature)) {
    return new Response('Invalid signature', { status: 401 });
  }
  const event = JSON.parse(rawBody);
  await prisma.webhookEvent.create({ data: { name: event.meta.event_name, body: event } });
  return new Response('OK');
}
`,
    },
    {
      name: 'express-validator chains checked with validationResult(req)',
      filename: 'src/routes/auth.ts',
      code: `
import { body, validationResult } from 'express-validator';

router.post('/register', body('email').isEmail(), body('password').isLength({ min: 8 }), async (req, res) => {
  const errors = validationResult(req);
  if (!errors.isEmpty()) return res.status(400).json({ errors: errors.array() });
  const user = await User.create(req.body);
  res.status(201).json(user);
});
`,
    },
    {
      name: 'Fastify: the route schema option validates the body',
      filename: 'src/server.ts',
      code: `
import Fastify from 'fastify';

const app = Fastify();

app.post('/users', { schema: { body: CreateUserBody } }, async (request, reply) => {
  const user = await prisma.user.create({ data: request.body });
  return reply.code(201).send(user);
});
`,
    },
    {
      name: 'Hand-written runtime checks: instanceof File, typeof, Array.isArray',
      filename: 'app/api/upload/route.ts',
      code: `
import { put } from '@vercel/blob';

export async function POST(request: Request) {
  const form = await request.formData();
  const file = form.get('file');
  if (!(file instanceof File)) {
    return Response.json({ error: 'No file' }, { status: 400 });
  }
  const blob = await put(file.name, file, { access: 'public' });
  return Response.json(blob);
}

export async function PUT(request: Request) {
  const { fileName } = await request.json();
  if (typeof fileName !== 'string' || fileName.includes('..')) {
    return new Response('Invalid file name', { status: 400 });
  }
  return Response.json(await prisma.file.create({ data: { name: fileName } }));
}
`,
    },
    {
      name: 'req.json().then((json) => schema.parse(json)) and Promise.all by position',
      filename: 'app/api/posts/route.ts',
      code: `
import { NextRequest, NextResponse } from 'next/server';

export async function POST(req: NextRequest) {
  const data = await req.json().then((json) => postSchema.parse(json));
  return NextResponse.json(await prisma.post.create({ data }));
}

export async function PATCH(req: NextRequest) {
  const [session, body] = await Promise.all([auth(), req.json()]);
  if (!session) return new Response('Unauthorized', { status: 401 });
  const { id, ...data } = updatePostSchema.parse(body);
  return NextResponse.json(await prisma.post.update({ where: { id, authorId: session.user.id }, data }));
}
`,
    },
    {
      name: 'pages/api (cal.com style): const { body, query } = req; schema.parse(body)',
      filename: 'apps/api/v1/pages/api/event-types/[id]/_patch.ts',
      code: `
import type { NextApiRequest } from 'next';
import { defaultResponder } from '@calcom/lib/server/defaultResponder';

export async function patchHandler(req: NextApiRequest) {
  const { query, body } = req;
  const { id } = schemaQueryIdParseInt.parse(query);
  const { hosts = [], ...parsedBody } = schemaEventTypeEditBodyParams.parse(body);
  return { eventType: await prisma.eventType.update({ where: { id }, data: parsedBody }) };
}

export default defaultResponder(patchHandler);
`,
    },
    {
      name: 'Koa: Joi schema.validate(ctx.request.body)',
      filename: 'src/routes/users.ts',
      code: `
import Router from '@koa/router';

const router = new Router();

router.post('/users', async (ctx) => {
  const { error, value } = createUserSchema.validate(ctx.request.body);
  if (error) ctx.throw(400, error.message);
  ctx.body = await prisma.user.create({ data: value });
});
`,
    },
    {
      name: 'A proxy that forwards the raw body upstream, and logging',
      filename: 'app/api/proxy/route.ts',
      code: `
export async function POST(req: Request) {
  const upstream = await fetch(\`\${process.env.API_URL}/v1/events\`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: await req.text(),
  });
  return new Response(upstream.body, { status: upstream.status });
}

export async function PUT(req: Request) {
  const body = await req.json();
  console.info('received ping', body);
  return Response.json({ ok: true });
}
`,
    },
    {
      name: 'Express middleware that replaces req.body with the parsed value',
      filename: 'src/middleware/validate.ts',
      code: `
import type { NextFunction, Request, Response } from 'express';
import type { ZodSchema } from 'zod';

export const validateBody = (schema: ZodSchema) => (req: Request, res: Response, next: NextFunction) => {
  const result = schema.safeParse(req.body);
  if (!result.success) return res.status(400).json({ errors: result.error.issues });
  req.body = result.data;
  next();
};
`,
    },
    {
      name: 'A page component in a \'use server\' file is not called with client data',
      filename: 'app/(app)/workspaces/[workspaceId]/settings/page.tsx',
      code: `
'use server';

export const SettingsPage = async ({ params }: { params: Promise<{ workspaceId: string }> }) => {
  const { workspaceId } = await params;
  const workspace = await prisma.workspace.findUnique({ where: { id: workspaceId } });
  return <div>{workspace?.name}</div>;
};
`,
    },
    {
      name: 'Hono: named fields destructured from c.req.param()',
      filename: 'src/routes/polls.ts',
      code: `
app.get('/polls/:pollId', async (c) => {
  const { pollId } = c.req.param();
  const poll = await prisma.poll.findFirst({ where: { id: pollId, deleted: false } });
  return c.json(poll);
});
`,
    },
    {
      name: 'pages/api handler wrapped by a validating wrapper (next-validations)',
      filename: 'pages/api/users.ts',
      code: `
import type { NextApiRequest, NextApiResponse } from 'next';
import { withValidation } from 'next-validations';

const validate = withValidation({ schema: userSchema, type: 'Zod', mode: 'body' });

async function handler(req: NextApiRequest, res: NextApiResponse) {
  const user = await prisma.user.create({ data: req.body });
  res.status(201).json(user);
}

export default validate(handler);
`,
    },
    {
      name: 'Server actions built with validatedAction(schema, fn) (Next.js SaaS starter)',
      filename: 'app/(login)/actions.ts',
      code: `
'use server';
import { validatedAction, validatedActionWithUser } from '@/lib/auth/middleware';

export const signUp = validatedAction(signUpSchema, async (data, formData) => {
  const { email, password, inviteId } = data;
  const user = await db.insert(users).values({ email, passwordHash: await hashPassword(password) }).returning();
  return { user, inviteId, redirect: formData.get('redirect') };
});

export const updateAccount = validatedActionWithUser(updateAccountSchema, async (data, _, user) => {
  await db.update(users).set({ name: data.name }).where(eq(users.id, user.id));
  return { success: 'Account updated successfully.' };
});
`,
    },
    {
      name: 'Inline \'use server\' action that parses Object.fromEntries(formData)',
      filename: 'app/todos/page.tsx',
      code: `
export default function TodosPage() {
  async function addTodo(formData: FormData) {
    'use server';
    const { title } = todoSchema.parse(Object.fromEntries(formData));
    await prisma.todo.create({ data: { title } });
  }
  return (
    <form action={addTodo}>
      <input name="title" />
    </form>
  );
}
`,
    },
    {
      name: 'getServerSideProps reading single query fields',
      filename: 'pages/posts/[slug].tsx',
      code: `
export async function getServerSideProps(context) {
  const { slug } = context.query;
  const page = Number(context.query.page ?? 1);
  const post = await prisma.post.findUnique({ where: { slug: String(slug) } });
  return { props: { post, page } };
}
`,
    },
    {
      name: 'String(formData.get(\'email\') ?? \'\') settles the field\'s type (hand-checked sign-in action)',
      filename: 'app/login/actions.ts',
      code: `
'use server';
import { redirect } from 'next/navigation';

export async function startSsoSignIn(_prevState: SsoFormState, formData: FormData): Promise<SsoFormState> {
  const email = String(formData.get('email') ?? '');
  const redirectToRaw = String(formData.get('redirectTo') ?? '');
  const redirectTo = redirectToRaw.startsWith('/') && !redirectToRaw.startsWith('//') ? redirectToRaw : '/overview';
  if (!email.includes('@')) return { error: 'Invalid email' };
  const domain = await prisma.ssoDomain.findUnique({ where: { domain: email.split('@')[1] } });
  if (!domain) return { error: 'SSO is not enabled' };
  redirect(\`/api/auth/sso?domain=\${domain.id}&next=\${redirectTo}\`);
}
`,
    },
    {
      name: 'Signature checked on req.clone().text(), then req.json() (Supabase webhook)',
      filename: 'apps/dashboard/src/app/api/webhook/registered/route.ts',
      code: `
import * as crypto from 'node:crypto';
import { headers } from 'next/headers';
import { NextResponse } from 'next/server';

export async function POST(req: Request) {
  const text = await req.clone().text();
  const signature = (await headers()).get('x-supabase-signature');
  if (!signature) return NextResponse.json({ message: 'Missing signature' }, { status: 401 });
  const calculated = crypto.createHmac('sha256', process.env.WEBHOOK_SECRET_KEY!).update(text).digest();
  if (!crypto.timingSafeEqual(Buffer.from(signature, 'base64'), calculated)) {
    return NextResponse.json({ message: 'Not Authorized' }, { status: 401 });
  }
  const body = await req.json();
  await tasks.trigger('onboard-team', { userId: body.record.id });
  return NextResponse.json({ success: true });
}
`,
    },
    {
      name: 'QStash-verified cron payload: verifyQstashSignature({ req, rawBody }) then JSON.parse',
      filename: 'app/api/cron/welcome-user/route.ts',
      code: `
import { verifyQstashSignature } from '@/lib/cron/verify-qstash';

export async function POST(req: Request) {
  const rawBody = await req.text();
  await verifyQstashSignature({ req, rawBody });
  const { userId } = JSON.parse(rawBody);
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (user?.email) await sendWelcomeEmail(user.email);
  return new Response('OK');
}
`,
    },
  ],
  invalid: [
    {
      name: 'Next route: await request.json() used raw through a variable and destructuring',
      filename: 'app/api/users/route.ts',
      code: `
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const body = await request.json();
  const { email, name } = body;
  const user = await prisma.user.create({ data: { email, name } });
  return NextResponse.json(user, { status: 201 });
}
`,
      errors: [
        { messageId: 'unvalidated', line: 6, column: 22, data: { source: 'request.json()', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'Next route: a cast is not validation',
      filename: 'app/api/users/route.ts',
      code: `
type CreateUserInput = { email: string; name: string };

export async function POST(req: Request) {
  const input = (await req.json()) as CreateUserInput;
  const user = await prisma.user.create({ data: input });
  return Response.json(user);
}
`,
      errors: [
        { messageId: 'unvalidated', line: 5, column: 24, data: { source: 'req.json()', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'Next route: JSON.parse(await req.text()) is input, not validation',
      filename: 'app/api/events/route.ts',
      code: `
export async function POST(req: Request) {
  const payload = JSON.parse(await req.text());
  await prisma.event.create({ data: { type: payload.type, data: payload.data } });
  return new Response('ok');
}
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 36, data: { source: 'req.text()', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'Next route: the body inlined into an update',
      filename: 'app/api/posts/[id]/route.ts',
      code: `
import { NextResponse } from 'next/server';

export async function PATCH(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const post = await prisma.post.update({ where: { id }, data: await req.json() });
  return NextResponse.json(post);
}
`,
      errors: [
        { messageId: 'unvalidated', line: 6, column: 70, data: { source: 'req.json()', handler: 'PATCH route handler' } },
      ],
    },
    {
      name: 'Express: only the first read of req.body is reported',
      filename: 'src/routes/users.ts',
      code: `
import express from 'express';

const router = express.Router();

router.post('/users', async (req, res) => {
  const user = await prisma.user.create({ data: req.body });
  await audit.log('user.created', req.body.email);
  res.status(201).json(user);
});
`,
      errors: [
        { messageId: 'unvalidated', line: 7, column: 49, data: { source: 'req.body', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'pages/api: req.body destructured with a cast, read again later',
      filename: 'pages/api/posts.ts',
      code: `
import type { NextApiRequest, NextApiResponse } from 'next';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const { title, content } = req.body as { title: string; content: string };
  const post = await prisma.post.create({ data: { title, content, authorId: req.body.authorId } });
  res.status(201).json(post);
}
`,
      errors: [
        { messageId: 'unvalidated', line: 6, column: 30, data: { source: 'req.body', handler: 'API route handler' } },
      ],
    },
    {
      name: 'Express: whole req.query / req.params objects as Prisma filters (operator injection)',
      filename: 'src/routes/users.ts',
      code: `
app.get('/users', async (req, res) => {
  const users = await prisma.user.findMany({ where: req.query, take: 50 });
  res.json(users);
});

app.get('/users/:id', async (req, res) => {
  const user = await prisma.user.findFirst({ where: req.params });
  res.json(user);
});
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 53, data: { source: 'req.query', handler: 'GET route handler' } },
        { messageId: 'unvalidated', line: 8, column: 53, data: { source: 'req.params', handler: 'GET route handler' } },
      ],
    },
    {
      name: 'Next route: Object.fromEntries(req.nextUrl.searchParams)',
      filename: 'app/api/search/route.ts',
      code: `
import { NextRequest } from 'next/server';

export async function GET(req: NextRequest) {
  const filters = Object.fromEntries(req.nextUrl.searchParams);
  const items = await prisma.item.findMany({ where: filters, take: 20 });
  return Response.json(items);
}
`,
      errors: [
        { messageId: 'unvalidated', line: 5, column: 19, data: { source: 'Object.fromEntries(searchParams)', handler: 'GET route handler' } },
      ],
    },
    {
      name: 'Next route: Object.fromEntries(new URL(req.url).searchParams)',
      filename: 'app/api/search/route.ts',
      code: `
export async function GET(req: Request) {
  const query = Object.fromEntries(new URL(req.url).searchParams);
  const items = await prisma.item.findMany({ where: query, take: 20 });
  return Response.json(items);
}
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 17, data: { source: 'Object.fromEntries(searchParams)', handler: 'GET route handler' } },
      ],
    },
    {
      name: 'Server action: formData.get(\'title\') used directly',
      filename: 'app/posts/actions.ts',
      code: `
'use server';
import { revalidatePath } from 'next/cache';

export async function createPost(formData: FormData) {
  const title = formData.get('title') as string;
  const content = formData.get('content') as string;
  await prisma.post.create({ data: { title, content } });
  revalidatePath('/posts');
}
`,
      errors: [
        { messageId: 'unvalidated', line: 6, column: 17, data: { source: 'formData.get()', handler: 'server action createPost' } },
      ],
    },
    {
      name: 'Server action: an object-typed argument',
      filename: 'app/posts/actions.ts',
      code: `
'use server';

type UpdatePostInput = { id: string; title: string; published: boolean };

export async function updatePost(input: UpdatePostInput) {
  await prisma.post.update({ where: { id: input.id }, data: input });
}
`,
      errors: [
        { messageId: 'unvalidatedActionArgument', line: 7, column: 43, data: { source: 'input', handler: 'server action updatePost' } },
      ],
    },
    {
      name: 'Server action: z.infer<typeof schema> as the argument type is not a runtime check',
      filename: 'app/(dashboard)/projects/actions.ts',
      code: `
'use server';
import { z } from 'zod';
import { projectFormSchema } from './schema';

export async function createProject(values: z.infer<typeof projectFormSchema>) {
  const project = await prisma.project.create({ data: values });
  return { id: project.id };
}
`,
      errors: [
        { messageId: 'unvalidatedActionArgument', line: 7, column: 55, data: { source: 'values', handler: 'server action createProject' } },
      ],
    },
    {
      name: 'Server action: (prevState, formData) with Object.fromEntries(formData) used raw',
      filename: 'app/invoices/actions.ts',
      code: `
'use server';

export async function createInvoice(prevState: State, formData: FormData) {
  const rawFormData = Object.fromEntries(formData.entries());
  await prisma.invoice.create({ data: rawFormData });
  return { message: 'Created' };
}
`,
      errors: [
        { messageId: 'unvalidated', line: 5, column: 23, data: { source: 'Object.fromEntries(formData)', handler: 'server action createInvoice' } },
      ],
    },
    {
      name: 'Hono: c.req.json() used raw',
      filename: 'src/index.ts',
      code: `
import { Hono } from 'hono';

const app = new Hono();

app.post('/posts', async (c) => {
  const body = await c.req.json();
  const post = await prisma.post.create({ data: body });
  return c.json(post, 201);
});
`,
      errors: [
        { messageId: 'unvalidated', line: 7, column: 22, data: { source: 'c.req.json()', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'Koa: ctx.request.body used raw',
      filename: 'src/routes/users.ts',
      code: `
import Router from '@koa/router';

const router = new Router();

router.post('/users', async (ctx) => {
  const user = await prisma.user.create({ data: ctx.request.body });
  ctx.status = 201;
  ctx.body = user;
});
`,
      errors: [
        { messageId: 'unvalidated', line: 7, column: 49, data: { source: 'ctx.request.body', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'NestJS: @Body() body: any',
      filename: 'src/users/users.controller.ts',
      code: `
import { Body, Controller, Post } from '@nestjs/common';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@Body() body: any) {
    return this.users.create(body);
  }
}
`,
      errors: [
        { messageId: 'unvalidatedNestParameter', line: 10, column: 30, data: { source: '@Body() body', handler: 'POST controller method create' } },
      ],
    },
    {
      name: 'NestJS: an interface or an `import type` DTO leaves nothing for ValidationPipe to check',
      filename: 'src/users/users.controller.ts',
      code: `
import { Body, Controller, Param, Post, Put } from '@nestjs/common';
import type { UpdateUserDto } from './dto/update-user.dto';

interface CreateUserBody {
  email: string;
  name: string;
}

@Controller('users')
export class UsersController {
  @Post()
  create(@Body() body: CreateUserBody) {
    return this.service.create(body);
  }

  @Put(':id')
  update(@Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.service.update(id, dto);
  }
}
`,
      errors: [
        { messageId: 'unvalidatedNestParameter', line: 14, column: 32, data: { source: '@Body() body', handler: 'POST controller method create' } },
        { messageId: 'unvalidatedNestParameter', line: 19, column: 36, data: { source: '@Body() dto', handler: 'PUT controller method update' } },
      ],
    },
    {
      name: 'tRPC: .input((x) => x as T) checks nothing',
      filename: 'src/server/routers/post.ts',
      code: `
export const postRouter = router({
  create: publicProcedure
    .input((raw) => raw as { title: string })
    .mutation(async ({ input, ctx }) => {
      return ctx.db.post.create({ data: input });
    }),
});
`,
      errors: [
        { messageId: 'passthroughInput', line: 6, column: 41, data: { source: 'input', handler: 'tRPC mutation' } },
      ],
    },
    {
      name: 'checkSingleParams: req.query.page becomes reportable',
      filename: 'src/routes/posts.ts',
      options: [{checkSingleParams: true}],
      code: `
app.get('/posts', async (req, res) => {
  const page = Number(req.query.page);
  const posts = await prisma.post.findMany({ skip: page * 10, take: 10 });
  res.json(posts);
});
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 23, data: { source: 'req.query.page', handler: 'GET route handler' } },
      ],
    },
    {
      name: 'checkSingleParams: searchParams.get(\'q\') becomes reportable',
      filename: 'app/api/posts/route.ts',
      options: [{checkSingleParams: true}],
      code: `
import { NextRequest } from 'next/server';

export async function GET(req: NextRequest) {
  const q = req.nextUrl.searchParams.get('q');
  const posts = await prisma.post.findMany({ where: { title: { contains: q } }, take: 10 });
  return Response.json(posts);
}
`,
      errors: [
        { messageId: 'unvalidated', line: 5, column: 13, data: { source: 'searchParams.get()', handler: 'GET route handler' } },
      ],
    },
    {
      name: 'qs.parse and JSON.parse are parsers, not validators',
      filename: 'src/routes/search.ts',
      code: `
import qs from 'qs';

app.post('/search', async (req, res) => {
  const filters = qs.parse(req.body.filters);
  const sort = JSON.parse(req.body.sort);
  const results = await Item.find(filters).sort(sort).limit(20);
  res.json(results);
});
`,
      errors: [
        { messageId: 'unvalidated', line: 5, column: 28, data: { source: 'req.body', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'Fastify: a route without a schema',
      filename: 'src/server.ts',
      code: `
app.post('/posts', async (request, reply) => {
  const post = await prisma.post.create({ data: request.body as any });
  return reply.send(post);
});
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 49, data: { source: 'request.body', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'getServerSideProps: the whole context.query as a filter',
      filename: 'pages/users.tsx',
      code: `
export async function getServerSideProps(context) {
  const users = await prisma.user.findMany({ where: context.query, take: 20 });
  return { props: { users } };
}
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 53, data: { source: 'context.query', handler: 'getServerSideProps' } },
      ],
    },
    {
      name: 'pages/api (cal.com style): const { body } = req used raw',
      filename: 'apps/api/v1/pages/api/teams/_post.ts',
      code: `
import type { NextApiRequest } from 'next';

async function postHandler(req: NextApiRequest) {
  const { body, userId } = req;
  const team = await prisma.team.create({ data: { ...body, members: { create: { userId, role: 'OWNER' } } } });
  return { team };
}

export default defaultResponder(postHandler);
`,
      errors: [
        { messageId: 'unvalidated', line: 5, column: 11, data: { source: 'req.body', handler: 'API route handler' } },
      ],
    },
    {
      name: 'Express: spreading req.query into a Mongo filter; Object.assign(doc, req.body)',
      filename: 'src/routes/items.ts',
      code: `
app.get('/items', async (req, res) => {
  const filter = { ...req.query, deleted: false };
  res.json(await Item.find(filter));
});

app.put('/items/:id', async (req, res) => {
  const item = await Item.findById(req.params.id);
  Object.assign(item, req.body);
  await item.save();
  res.json(item);
});
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 23, data: { source: 'req.query', handler: 'GET route handler' } },
        { messageId: 'unvalidated', line: 9, column: 23, data: { source: 'req.body', handler: 'PUT route handler' } },
      ],
    },
    {
      name: 'Express: a handler declared in the file and registered without a validator',
      filename: 'src/routes/users.ts',
      code: `
async function updateUser(req: Request, res: Response) {
  const user = await prisma.user.update({ where: { id: req.params.id }, data: req.body });
  res.json(user);
}

router.patch('/:id', requireAuth, updateUser);
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 79, data: { source: 'req.body', handler: 'PATCH route handler' } },
      ],
    },
    {
      name: 'Next route: the body element of Promise.all used raw',
      filename: 'app/api/chat/route.ts',
      code: `
import { streamText } from 'ai';

export async function POST(req: Request) {
  const [session, { messages }] = await Promise.all([auth(), req.json()]);
  if (!session) return new Response('Unauthorized', { status: 401 });
  const result = streamText({ model: openai('gpt-4o'), messages });
  return result.toDataStreamResponse();
}
`,
      errors: [
        { messageId: 'unvalidated', line: 5, column: 62, data: { source: 'req.json()', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'Validating the query does not validate the body',
      filename: 'src/routes/comments.ts',
      code: `
router.post('/posts/:postId/comments', async (req, res) => {
  const { page } = paginationSchema.parse(req.query);
  const comment = await prisma.comment.create({ data: { ...req.body, postId: req.params.postId } });
  res.status(201).json({ comment, page });
});
`,
      errors: [
        { messageId: 'unvalidated', line: 4, column: 60, data: { source: 'req.body', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'Next route: a null check is not validation',
      filename: 'app/api/profile/route.ts',
      code: `
import { NextResponse } from 'next/server';

export async function PUT(req: Request) {
  const body = await req.json().catch(() => null);
  if (!body) return NextResponse.json({ error: 'Invalid JSON' }, { status: 400 });
  const profile = await prisma.profile.update({ where: { id: body.id }, data: body });
  return NextResponse.json(profile);
}
`,
      errors: [
        { messageId: 'unvalidated', line: 5, column: 22, data: { source: 'req.json()', handler: 'PUT route handler' } },
      ],
    },
    {
      name: 'Hono: the whole c.req.query() object as a filter',
      filename: 'src/routes/links.ts',
      code: `
app.get('/links', async (c) => {
  const links = await prisma.link.findMany({ where: c.req.query(), take: 100 });
  return c.json(links);
});
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 53, data: { source: 'c.req.query()', handler: 'GET route handler' } },
      ],
    },
    {
      name: 'Wrapped app-router handler (dub style): ({ req }) => await req.json()',
      filename: 'app/api/workspaces/[idOrSlug]/import/route.ts',
      code: `
export const POST = withWorkspace(async ({ req, workspace }) => {
  const { selectedDomains, folderId } = await req.json();
  await prisma.importJob.create({ data: { workspaceId: workspace.id, domains: selectedDomains, folderId } });
  return new Response('OK');
});
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 47, data: { source: 'req.json()', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'pages/api: JSON.parse(req.body) of a text body',
      filename: 'pages/api/feedback.ts',
      code: `
export default async function handler(req, res) {
  const data = JSON.parse(req.body);
  await prisma.feedback.create({ data });
  res.status(200).json({ ok: true });
}
`,
      errors: [
        { messageId: 'unvalidated', line: 3, column: 27, data: { source: 'req.body', handler: 'API route handler' } },
      ],
    },
    {
      name: 'Server action: a destructured object argument',
      filename: 'lib/actions/leads.ts',
      code: `
'use server';

interface MarkLeadInput {
  workspaceId: string;
  lead: { id: string; programId: string };
}

export const markLeadQualified = async ({ workspaceId, lead }: MarkLeadInput) => {
  await prisma.lead.update({ where: { id: lead.id }, data: { status: 'qualified', workspaceId } });
};
`,
      errors: [
        { messageId: 'unvalidatedActionArgument', line: 10, column: 43, data: { source: 'lead', handler: 'server action markLeadQualified' } },
      ],
    },
    {
      name: 'Server action: validating one form field does not validate another',
      filename: 'app/profile/actions.ts',
      code: `
'use server';
import { z } from 'zod';

export async function updateProfile(formData: FormData) {
  const name = z.string().min(1).max(50).parse(formData.get('name'));
  const website = formData.get('website') as string;
  await prisma.profile.update({ where: { userId: await currentUserId() }, data: { name, website } });
}
`,
      errors: [
        { messageId: 'unvalidated', line: 7, column: 19, data: { source: 'formData.get()', handler: 'server action updateProfile' } },
      ],
    },
    {
      name: 'checkSingleParams: a validated field does not cover a raw one',
      filename: 'app/api/products/route.ts',
      options: [{checkSingleParams: true}],
      code: `
import { NextRequest } from 'next/server';

export async function GET(req: NextRequest) {
  const { searchParams } = req.nextUrl;
  const q = z.string().max(100).parse(searchParams.get('q') ?? '');
  const category = searchParams.get('category');
  const products = await prisma.product.findMany({ where: { name: { contains: q }, category }, take: 20 });
  return Response.json(products);
}
`,
      errors: [
        { messageId: 'unvalidated', line: 7, column: 20, data: { source: 'searchParams.get()', handler: 'GET route handler' } },
      ],
    },
    {
      name: 'NestJS: @Query() typed as a Record is a raw query object',
      filename: 'src/orders/orders.controller.ts',
      code: `
import { Controller, Get, Query } from '@nestjs/common';

@Controller('orders')
export class OrdersController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  list(@Query() query: Record<string, string>) {
    return this.prisma.order.findMany({ where: query, take: 50 });
  }
}
`,
      errors: [
        { messageId: 'unvalidatedNestParameter', line: 10, column: 48, data: { source: '@Query() query', handler: 'GET controller method list' } },
      ],
    },
    {
      name: 'Fastify: fastify.route({ method, url, handler }) without a schema',
      filename: 'src/routes/tags.ts',
      code: `
export default async function routes(fastify: FastifyInstance) {
  fastify.route({
    method: 'POST',
    url: '/tags',
    handler: async (request, reply) => {
      const tag = await fastify.prisma.tag.create({ data: request.body as Prisma.TagCreateInput });
      return reply.code(201).send(tag);
    },
  });
}
`,
      errors: [
        { messageId: 'unvalidated', line: 7, column: 59, data: { source: 'request.body', handler: 'POST route handler' } },
      ],
    },
    {
      name: 'checkSingleParams: NestJS @Param(\'id\') without a pipe',
      filename: 'src/accounts/accounts.controller.ts',
      options: [{checkSingleParams: true}],
      code: `
import { Controller, Delete, Get, Param, ParseUUIDPipe } from '@nestjs/common';

@Controller('accounts')
export class AccountsController {
  @Get(':id')
  findOne(@Param('id', ParseUUIDPipe) id: string) {
    return this.accounts.findOne(id);
  }

  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.accounts.remove(id);
  }
}
`,
      errors: [
        { messageId: 'unvalidated', line: 13, column: 33, data: { source: '@Param(\'id\') id', handler: 'DELETE controller method remove' } },
      ],
    },
    {
      name: 'Server action: a lone \'state\' argument is data, not useActionState\'s prevState',
      filename: 'app/editor/actions.ts',
      code: `
'use server';

interface EditorState {
  documentId: string;
  blocks: { type: string; text: string }[];
}

export async function saveDraft(state: EditorState) {
  await prisma.draft.upsert({ where: { documentId: state.documentId }, create: state, update: state });
}
`,
      errors: [
        { messageId: 'unvalidatedActionArgument', line: 10, column: 52, data: { source: 'state', handler: 'server action saveDraft' } },
      ],
    },
  ],
});
