import rule from '../../src/rules/require-transaction.js';
import { createRuleTester } from '../support/rule-tester.js';

createRuleTester().run('require-transaction', rule, {
  valid: [
    // Get-or-create first: an upsert that updates nothing, so a retry after the second write failed heals.
    {
      filename: 'app/api/teams/[teamId]/join/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request, { params }: { params: { teamId: string } }) {
  const { email } = await request.json();
  const user = await prisma.user.upsert({ where: { email }, update: {}, create: { email } });
  await prisma.userTeam.create({ data: { userId: user.id, teamId: params.teamId, role: 'MEMBER' } });
  return Response.json({ ok: true });
}
`,
    },
    // Collected for $transaction through an angle-bracket type assertion (value flow sees through it).
    {
      filename: 'lib/archive.ts',
      code: `
import { Prisma } from '@prisma/client';
import { prisma } from '@/lib/prisma';

export async function archiveProject(projectId: string) {
  const ops: Prisma.PrismaPromise<unknown>[] = [];
  ops.push(<Prisma.PrismaPromise<unknown>>prisma.link.updateMany({ where: { projectId }, data: { archived: true } }));
  ops.push(<Prisma.PrismaPromise<unknown>>prisma.project.update({ where: { id: projectId }, data: { archivedAt: new Date() } }));
  await prisma.$transaction(ops);
}
`,
    },
    // createMany with skipDuplicates: re-running it inserts nothing twice.
    {
      filename: 'lib/tags.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function tagLink(linkId: string, names: string[]) {
  await prisma.tag.createMany({ data: names.map((name) => ({ name })), skipDuplicates: true });
  await prisma.link.update({ where: { id: linkId }, data: { tags: { connect: names.map((name) => ({ name })) } } });
}
`,
    },
    // A used magic-link token is consumed: deleting it is not half of the sign-in.
    {
      filename: 'app/api/auth/verify/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const record = await prisma.verificationToken.findUnique({ where: { token } });
  if (!record || record.expires < new Date()) return Response.json({ error: 'Invalid link' }, { status: 400 });
  await prisma.verificationToken.delete({ where: { token } });
  await prisma.user.update({ where: { email: record.identifier }, data: { emailVerified: new Date() } });
  return Response.redirect(new URL('/dashboard', request.url));
}
`,
    },
    // A backfill script: re-run when it stops halfway.
    {
      filename: '/repo/scripts/backfill-program-ids.ts',
      code: `
import { prisma } from '../lib/prisma';

async function main() {
  await prisma.link.updateMany({ where: { programId: null, partnerId: { not: null } }, data: { programId: 'prog_1' } });
  await prisma.commission.updateMany({ where: { programId: null }, data: { programId: 'prog_1' } });
}
main();
`,
    },
    // Writes inside an interactive transaction.
    {
      filename: 'app/api/orders/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const body = await request.json();
  const order = await prisma.$transaction(async (tx) => {
    const created = await tx.order.create({ data: { userId: body.userId, total: body.total } });
    await tx.inventory.update({ where: { sku: body.sku }, data: { stock: { decrement: 1 } } });
    return created;
  });
  return Response.json(order, { status: 201 });
}
`,
    },
    // The batch form, also built with .map.
    {
      filename: 'src/server/routers/post.ts',
      code: `
import { prisma } from '@/server/db';

export async function reorder(postIds: string[], authorId: string) {
  await prisma.$transaction([
    prisma.author.update({ where: { id: authorId }, data: { reorderedAt: new Date() } }),
    ...postIds.map((id, position) => prisma.post.update({ where: { id }, data: { position } })),
  ]);
  await prisma.$transaction(postIds.map((id) => prisma.post.update({ where: { id }, data: { indexed: false } })));
}
`,
    },
    // Queries collected in an array and handed to $transaction.
    {
      filename: 'lib/tags.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function replaceTags(linkId: string, tagIds: string[]) {
  const operations = [prisma.linkTag.deleteMany({ where: { linkId } })];
  if (tagIds.length > 0) {
    operations.push(prisma.linkTag.createMany({ data: tagIds.map((tagId) => ({ linkId, tagId })) }));
  }
  const touch = tagIds.map((tagId) => prisma.tag.update({ where: { id: tagId }, data: { usedAt: new Date() } }));
  await prisma.$transaction([...operations, ...touch]);
}
`,
    },
    // A helper that receives the transaction client runs in the caller's transaction.
    {
      filename: 'lib/ledger.ts',
      code: `
import type { Prisma } from '@prisma/client';

export async function moveFunds(tx: Prisma.TransactionClient, from: string, to: string, amount: number) {
  await tx.wallet.update({ where: { id: from }, data: { balance: { decrement: amount } } });
  await tx.wallet.update({ where: { id: to }, data: { balance: { increment: amount } } });
  await tx.ledgerEntry.create({ data: { from, to, amount } });
}

export async function archiveProject(db: Prisma.TransactionClient, projectId: string) {
  await db.project.update({ where: { id: projectId }, data: { archived: true } });
  await db.apiKey.deleteMany({ where: { projectId } });
}
`,
    },
    // A parameter named tx (plain JavaScript style), and a client chosen by the caller.
    {
      filename: 'src/services/membership.service.js',
      code: `
import { prisma } from '../db';

export async function addMember(tx, teamId, userId) {
  await tx.membership.create({ data: { teamId, userId } });
  await tx.team.update({ where: { id: teamId }, data: { members: { increment: 1 } } });
}

export async function removeMember(teamId, userId, client = prisma) {
  await client.membership.delete({ where: { teamId_userId: { teamId, userId } } });
  await client.team.update({ where: { id: teamId }, data: { members: { decrement: 1 } } });
}

export async function renameTeam({ teamId, name, tx }) {
  const db = tx ?? prisma;
  await db.team.update({ where: { id: teamId }, data: { name } });
  await db.auditLog.create({ data: { action: 'team.rename', teamId } });
}
`,
    },
    // Writes in the branches of an if/else never run together.
    {
      filename: 'app/api/follow/route.ts',
      code: `
import { prisma } from '@/lib/prisma';
import { auth } from '@/auth';

export async function POST(request: Request) {
  const session = await auth();
  const { targetId } = await request.json();
  const existing = await prisma.follow.findUnique({ where: { followerId_targetId: { followerId: session!.user.id, targetId } } });
  if (existing) {
    await prisma.follow.delete({ where: { id: existing.id } });
  } else {
    await prisma.follow.create({ data: { followerId: session!.user.id, targetId } });
  }
  return Response.json({ following: !existing });
}
`,
    },
    // Different switch cases.
    {
      filename: 'app/api/webhooks/billing/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const event = await request.json();
  switch (event.type) {
    case 'customer.subscription.created':
      await prisma.subscription.create({ data: { id: event.data.id, status: 'active' } });
      break;
    case 'customer.subscription.deleted':
      await prisma.subscription.update({ where: { id: event.data.id }, data: { status: 'canceled' } });
      break;
    default:
      return new Response('ignored');
  }
  return new Response('ok');
}
`,
    },
    // An if branch that always returns before the other write.
    {
      filename: 'app/actions.ts',
      code: `
'use server';
import { prisma } from '@/lib/prisma';
import { redirect } from 'next/navigation';

export async function saveDraft(formData: FormData) {
  const slug = String(formData.get('slug'));
  const existing = await prisma.draft.findUnique({ where: { slug } });
  if (existing) {
    await prisma.draft.update({ where: { slug }, data: { body: String(formData.get('body')) } });
    return;
  }
  await prisma.draft.create({ data: { slug, body: String(formData.get('body')) } });
}

export async function claimHandle(formData: FormData) {
  const handle = String(formData.get('handle'));
  const taken = await prisma.handle.findUnique({ where: { handle } });
  if (taken) {
    await prisma.handleRequest.create({ data: { handle } });
    redirect('/handles/taken');
  }
  await prisma.handle.create({ data: { handle } });
}
`,
    },
    // try vs catch: the catch write compensates; a .catch() callback likewise.
    {
      filename: 'src/jobs/process-export.ts',
      code: `
import { prisma } from '../db';
import { uploadExport } from '../storage';

export async function processExport(exportId: string) {
  try {
    await prisma.export.update({ where: { id: exportId }, data: { status: 'done', url: await uploadExport(exportId) } });
  } catch (error) {
    await prisma.exportFailure.create({ data: { exportId, error: String(error) } });
  }
}

export async function createInvoice(orderId: string) {
  const invoice = await prisma.invoice.create({ data: { orderId } });
  await uploadExport(invoice.id).catch(async () => {
    await prisma.invoiceError.create({ data: { invoiceId: invoice.id } });
  });
  return invoice;
}
`,
    },
    // A single write call site in a loop, and one write plus reads.
    {
      filename: 'src/jobs/expire-trials.ts',
      code: `
import { prisma } from '../db';

export async function expireTrials() {
  const trials = await prisma.subscription.findMany({ where: { status: 'trialing', endsAt: { lt: new Date() } }, take: 500 });
  for (const trial of trials) {
    await prisma.subscription.update({ where: { id: trial.id }, data: { status: 'expired' } });
  }
}

export async function touchProfile(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const posts = await prisma.post.count({ where: { authorId: userId } });
  return prisma.user.update({ where: { id: user.id }, data: { postCount: posts } });
}
`,
    },
    // Two writes in two different functions; an upsert alone; a createMany alone.
    {
      filename: 'lib/accounts.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function createAccount(email: string) {
  return prisma.account.create({ data: { email } });
}

export async function verifyAccount(id: string) {
  return prisma.account.update({ where: { id }, data: { verifiedAt: new Date() } });
}

export async function savePreference(userId: string, key: string, value: string) {
  await prisma.preference.upsert({ where: { userId_key: { userId, key } }, create: { userId, key, value }, update: { value } });
}

export async function importContacts(userId: string, emails: string[]) {
  await prisma.contact.createMany({ data: emails.map((email) => ({ userId, email })), skipDuplicates: true });
}
`,
    },
    // A write whose failure is tolerated, and a write handed to the background.
    {
      filename: 'app/api/auth/verify/route.ts',
      code: `
import { waitUntil } from '@vercel/functions';
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const { token, email } = await request.json();
  await prisma.verificationToken.delete({ where: { token } }).catch(() => null);
  const user = await prisma.user.update({ where: { email }, data: { emailVerified: new Date() } });
  waitUntil(prisma.loginEvent.create({ data: { userId: user.id, kind: 'verified' } }));
  return Response.json({ ok: true });
}
`,
    },
    // The second write updates the row the first created, after an upload.
    {
      filename: 'app/api/integrations/route.ts',
      code: `
import { prisma } from '@/lib/prisma';
import { storage } from '@/lib/storage';

export async function POST(request: Request) {
  const { name, logo } = await request.json();
  const integration = await prisma.integration.create({ data: { name } });
  if (logo) {
    const { url } = await storage.upload({ key: 'integrations/' + integration.id, body: logo });
    await prisma.integration.update({ where: { id: integration.id }, data: { logo: url } });
  }
  return Response.json(integration);
}
`,
    },
    // A payment provider call between the writes: one transaction would have to hold it open.
    {
      filename: 'src/server/services/gift.service.ts',
      code: `
import Stripe from 'stripe';
import { prisma } from '@/lib/prisma';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function purchaseGift(userId: string, priceId: string) {
  const order = await prisma.giftOrder.create({ data: { userId, priceId, status: 'pending' } });
  const session = await stripe.checkout.sessions.create({ line_items: [{ price: priceId, quantity: 1 }], mode: 'payment' });
  await prisma.checkoutSession.create({ data: { id: session.id, orderId: order.id } });
  return session.url;
}
`,
    },
    // Tests and seeds build throwaway data.
    {
      filename: 'tests/e2e/checkout.spec.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function setupFixtures() {
  const user = await prisma.user.create({ data: { email: 'e2e@acme.dev' } });
  await prisma.wallet.create({ data: { userId: user.id, balance: 100 } });
}
`,
    },
    {
      filename: 'prisma/seed.ts',
      code: `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();

async function main() {
  await prisma.plan.create({ data: { id: 'free', seats: 1 } });
  await prisma.plan.create({ data: { id: 'pro', seats: 10 } });
}

main().finally(() => prisma.$disconnect());
`,
    },
    // Event callbacks run apart from each other.
    {
      filename: 'src/workers/index.ts',
      code: `
import { Worker } from 'bullmq';
import { prisma } from '../db';

export function startWorkers(connection: { host: string }) {
  const emails = new Worker('emails', async (job) => {
    await prisma.emailLog.create({ data: { jobId: job.id! } });
  }, { connection });
  emails.on('failed', async (job) => {
    await prisma.jobFailure.create({ data: { jobId: job!.id! } });
  });
}
`,
    },
    // A lock row released in finally, and a payout deleted again when the next step fails: the code compensates itself.
    {
      filename: 'src/jobs/run-exclusive.ts',
      code: `
import { prisma } from '../db';
import { runPayoutBatch } from './payouts';

export async function runExclusive(jobKey: string) {
  await prisma.jobLock.create({ data: { key: jobKey } });
  try {
    await prisma.jobRun.create({ data: { key: jobKey, startedAt: new Date() } });
    await runPayoutBatch(jobKey);
  } finally {
    await prisma.jobLock.delete({ where: { key: jobKey } });
  }
}

export async function createPayout(partnerId: string, commissionIds: string[]) {
  const payout = await prisma.payout.create({ data: { partnerId } });
  try {
    await prisma.commission.updateMany({ where: { id: { in: commissionIds } }, data: { payoutId: payout.id } });
  } catch (error) {
    await prisma.payout.delete({ where: { id: payout.id } });
    throw error;
  }
  return payout;
}
`,
    },
    // Writes handed to waitUntil run after the response, apart from the request's own write.
    {
      filename: 'app/api/links/[id]/route.ts',
      code: `
import { waitUntil } from '@vercel/functions';
import { prisma } from '@/lib/prisma';
import { recordLinkEvent } from '@/lib/analytics';

export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const link = await prisma.link.delete({ where: { id } });
  waitUntil(
    Promise.all([
      recordLinkEvent(link, 'deleted'),
      prisma.workspace.update({ where: { id: link.workspaceId }, data: { linksUsage: { decrement: 1 } } }),
    ]),
  );
  return Response.json({ id });
}
`,
    },
    // Sibling ifs on one discriminant with different values, and a loop branch that continues.
    {
      filename: 'app/api/webhooks/lemonsqueezy/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const event = await request.json();
  if (event.meta.event_name === 'subscription_created') {
    await prisma.subscription.create({ data: { id: event.data.id, userId: event.meta.custom_data.userId } });
  }
  if (event.meta.event_name === 'subscription_cancelled' || event.meta.event_name === 'subscription_expired') {
    await prisma.subscription.update({ where: { id: event.data.id }, data: { status: 'canceled' } });
  }
  return new Response('ok');
}

export async function recordDeliveries(deliveries: { id: string; status: string }[]) {
  for (const delivery of deliveries) {
    if (delivery.status === 'bounced') {
      await prisma.bounce.create({ data: { deliveryId: delivery.id } });
      continue;
    }
    await prisma.delivery.update({ where: { id: delivery.id }, data: { deliveredAt: new Date() } });
  }
}
`,
    },
    // Get-or-create under separate absence checks: a later call creates whatever is still missing.
    {
      filename: 'src/server/services/collection.service.ts',
      code: `
import { dbRead, dbWrite } from '~/server/db/client';

export async function getBookmarkCollections(userId: number) {
  const collections = await dbRead.collection.findMany({ where: { userId, mode: 'Bookmark' } });
  if (!collections.find((collection) => collection.type === 'Article')) {
    collections.push(await dbWrite.collection.create({ data: { userId, type: 'Article', mode: 'Bookmark', name: 'Bookmarked Articles' } }));
  }
  if (!collections.find((collection) => collection.type === 'Model')) {
    collections.push(await dbWrite.collection.create({ data: { userId, type: 'Model', mode: 'Bookmark', name: 'Liked Models' } }));
  }
  return collections;
}
`,
    },
    // NestJS with nestjs-cls: a @Transactional() method, and the ambient transaction client.
    {
      filename: 'src/accounts/accounts.service.ts',
      code: `
import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterPrisma } from '@nestjs-cls/transactional-adapter-prisma';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class AccountsService {
  constructor(private readonly prisma: PrismaService, private readonly txHost: TransactionHost<TransactionalAdapterPrisma>) {}

  @Transactional()
  async open(userId: string) {
    await this.prisma.account.create({ data: { userId } });
    await this.prisma.user.update({ where: { id: userId }, data: { hasAccount: true } });
  }

  async close(accountId: string) {
    await this.txHost.tx.account.update({ where: { id: accountId }, data: { closedAt: new Date() } });
    await this.txHost.tx.card.deleteMany({ where: { accountId } });
  }
}
`,
    },
    // Operations collected in several arrays, combined, then run as one batch.
    {
      filename: 'modules/api/v2/users/lib/users.ts',
      code: `
import type { Prisma } from '@prisma/client';
import { prisma } from '@/lib/prisma';

export async function updateUser(userId: string, teams: { id: string; keep: boolean }[], name: string) {
  const deleteTeamOps = [] as Prisma.PrismaPromise<unknown>[];
  teams.forEach((team) => {
    if (!team.keep) deleteTeamOps.push(prisma.teamUser.delete({ where: { teamId_userId: { teamId: team.id, userId } } }));
  });
  const updateUserOp = prisma.user.update({ where: { id: userId }, data: { name } });
  const operations = [...deleteTeamOps, updateUserOp];
  const results = await prisma.$transaction(operations);
  return results[results.length - 1];
}
`,
    },
    // Get-or-create, then the dependent write: a retry finds the contact and carries on.
    {
      filename: 'app/api/v1/client/[environmentId]/displays/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const { environmentId, userId, surveyId } = await request.json();
  let contact = await prisma.contact.findFirst({ where: { environmentId, userId } });
  if (!contact) {
    contact = await prisma.contact.create({ data: { environmentId, userId } });
  }
  const display = await prisma.display.create({ data: { surveyId, contactId: contact.id } });
  return Response.json({ id: display.id });
}
`,
    },
    // Not Prisma: Map#delete and Set#add are never DB writes.
    {
      filename: 'lib/sessions.ts',
      code: `
const sessions = new Map<string, { userId: string }>();
const revoked = new Set<string>();

export function revoke(token: string) {
  sessions.delete(token);
  revoked.add(token);
}
`,
    },
  ],
  invalid: [
    // An upsert that changes the row is not a get-or-create: still half of a unit of work.
    {
      filename: 'app/api/subscriptions/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const { userId, plan } = await request.json();
  await prisma.subscription.upsert({ where: { userId }, update: { plan }, create: { userId, plan } });
  await prisma.user.update({ where: { id: userId }, data: { plan } });
  return Response.json({ ok: true });
}
`,
      errors: [{ messageId: 'missingTransaction', line: 6, column: 9 }],
    },
    // Creating a token row is not consumption: an invitation without its token blocks a retry.
    {
      filename: 'app/api/invites/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const { email, teamId, token } = await request.json();
  await prisma.invitation.create({ data: { email, teamId } });
  await prisma.verificationToken.create({ data: { identifier: email, token, expires: new Date(Date.now() + 86_400_000) } });
  return Response.json({ ok: true }, { status: 201 });
}
`,
      errors: [{ messageId: 'missingTransaction', line: 6, column: 9 }],
    },
    // create + update of related rows in a route handler.
    {
      filename: 'app/api/orders/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const body = await request.json();
  const order = await prisma.order.create({ data: { userId: body.userId, sku: body.sku, total: body.total } });
  await prisma.inventory.update({ where: { sku: body.sku }, data: { stock: { decrement: 1 } } });
  return Response.json(order, { status: 201 });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 6,
          column: 23,
          data: { client: 'prisma', first: 'prisma.order.create', others: 'prisma.inventory.update (line 7)' },
        },
      ],
    },
    // A server action that debits one wallet and credits another.
    {
      filename: 'app/wallet/actions.ts',
      code: `
'use server';
import { prisma } from '@/lib/prisma';
import { auth } from '@/auth';

export async function sendMoney(formData: FormData) {
  const session = await auth();
  const to = String(formData.get('to'));
  const amount = Number(formData.get('amount'));
  await prisma.wallet.update({ where: { userId: session!.user.id }, data: { balance: { decrement: amount } } });
  await prisma.wallet.update({ where: { userId: to }, data: { balance: { increment: amount } } });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 10,
          column: 9,
          data: { client: 'prisma', first: 'prisma.wallet.update', others: 'prisma.wallet.update (line 11)' },
        },
      ],
    },
    // Promise.all runs both writes; either can fail alone.
    {
      filename: 'app/api/domains/[slug]/primary/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const domain = await prisma.domain.findUniqueOrThrow({ where: { slug } });
  await Promise.all([
    prisma.domain.update({ where: { slug }, data: { primary: true } }),
    prisma.domain.updateMany({ where: { projectId: domain.projectId, slug: { not: slug } }, data: { primary: false } }),
  ]);
  return Response.json({ ok: true });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 8,
          column: 5,
          data: { client: 'prisma', first: 'prisma.domain.update', others: 'prisma.domain.updateMany (line 9)' },
        },
      ],
    },
    // NestJS service method through this.prisma.
    {
      filename: 'src/users/users.service.ts',
      code: `
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  async deactivate(userId: string) {
    await this.prisma.user.update({ where: { id: userId }, data: { active: false } });
    await this.prisma.session.deleteMany({ where: { userId } });
  }
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 10,
          column: 11,
          data: { client: 'this.prisma', first: 'this.prisma.user.update', others: 'this.prisma.session.deleteMany (line 11)' },
        },
      ],
    },
    // Three writes: the message lists the others.
    {
      filename: 'app/api/teams/route.ts',
      code: `
import { prisma } from '@/lib/prisma';
import { auth } from '@/auth';

export async function POST(request: Request) {
  const session = await auth();
  const { name } = await request.json();
  const team = await prisma.team.create({ data: { name } });
  await prisma.membership.create({ data: { teamId: team.id, userId: session!.user.id, role: 'owner' } });
  await prisma.user.update({ where: { id: session!.user.id }, data: { defaultTeamId: team.id } });
  return Response.json(team, { status: 201 });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 8,
          column: 22,
          data: { client: 'prisma', first: 'prisma.team.create', others: 'prisma.membership.create (line 9) and prisma.user.update (line 10)' },
        },
      ],
    },
    // Five writes: the list is shortened.
    {
      filename: 'src/jobs/delete-workspace.ts',
      code: `
import { prisma } from '../db';

export async function deleteWorkspace(workspaceId: string) {
  await prisma.link.deleteMany({ where: { workspaceId } });
  await prisma.domain.deleteMany({ where: { workspaceId } });
  await prisma.apiKey.deleteMany({ where: { workspaceId } });
  await prisma.membership.deleteMany({ where: { workspaceId } });
  await prisma.workspace.delete({ where: { id: workspaceId } });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 5,
          column: 9,
          data: {
            client: 'prisma',
            first: 'prisma.link.deleteMany',
            others: 'prisma.domain.deleteMany (line 6), prisma.apiKey.deleteMany (line 7) and 2 more',
          },
        },
      ],
    },
    // Four writes: all three others are named.
    {
      filename: 'src/server/services/org.service.ts',
      code: `
import { dbWrite } from '~/server/db/client';

export async function createOrganisation(ownerId: number, name: string) {
  const org = await dbWrite.organisation.create({ data: { name } });
  await dbWrite.organisationMember.create({ data: { organisationId: org.id, userId: ownerId, role: 'ADMIN' } });
  await dbWrite.subscriptionClaim.create({ data: { organisationId: org.id, seats: 5 } });
  await dbWrite.user.update({ where: { id: ownerId }, data: { currentOrganisationId: org.id } });
  return org;
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 5,
          column: 21,
          data: {
            client: 'dbWrite',
            first: 'dbWrite.organisation.create',
            others: 'dbWrite.organisationMember.create (line 6), dbWrite.subscriptionClaim.create (line 7) and dbWrite.user.update (line 8)',
          },
        },
      ],
    },
    // Background work after the response is its own unit: its two writes are reported together, the request's write is not.
    {
      filename: 'app/api/domains/[slug]/route.ts',
      code: `
import { waitUntil } from '@vercel/functions';
import { prisma } from '@/lib/prisma';

export async function PATCH(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { newSlug } = await request.json();
  const domain = await prisma.domain.update({ where: { slug }, data: { slug: newSlug } });
  waitUntil(
    (async () => {
      await prisma.program.updateMany({ where: { domain: slug }, data: { domain: newSlug } });
      await prisma.link.updateMany({ where: { domain: slug }, data: { domain: newSlug } });
    })(),
  );
  return Response.json(domain);
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 11,
          column: 13,
          data: { client: 'prisma', first: 'prisma.program.updateMany', others: 'prisma.link.updateMany (line 12)' },
        },
      ],
    },
    // tRPC mutation through ctx.db.
    {
      filename: 'src/server/api/routers/post.ts',
      code: `
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '../trpc';

export const postRouter = createTRPCRouter({
  create: protectedProcedure.input(z.object({ title: z.string() })).mutation(async ({ ctx, input }) => {
    const post = await ctx.db.post.create({ data: { title: input.title, authorId: ctx.session.user.id } });
    await ctx.db.user.update({ where: { id: ctx.session.user.id }, data: { postCount: { increment: 1 } } });
    return post;
  }),
});
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 7,
          column: 24,
          data: { client: 'ctx.db', first: 'ctx.db.post.create', others: 'ctx.db.user.update (line 8)' },
        },
      ],
    },
    // Express route: delete a user and their sessions.
    {
      filename: 'src/routes/admin.ts',
      code: `
import { Router } from 'express';
import { prisma } from '../db';

const router = Router();

router.delete('/users/:id', async (req, res) => {
  await prisma.session.deleteMany({ where: { userId: req.params.id } });
  await prisma.user.delete({ where: { id: req.params.id } });
  res.status(204).end();
});

export default router;
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 8,
          column: 9,
          data: { client: 'prisma', first: 'prisma.session.deleteMany', others: 'prisma.user.delete (line 9)' },
        },
      ],
    },
    // Replace children: delete then recreate. A failure in between leaves the link with no tags.
    {
      filename: 'lib/links/update-tags.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function setTags(linkId: string, tagIds: string[]) {
  await prisma.linkTag.deleteMany({ where: { linkId } });
  await prisma.linkTag.createMany({ data: tagIds.map((tagId) => ({ linkId, tagId })) });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 5,
          column: 9,
          data: { client: 'prisma', first: 'prisma.linkTag.deleteMany', others: 'prisma.linkTag.createMany (line 6)' },
        },
      ],
    },
    // A write in a loop plus a write after it.
    {
      filename: 'src/jobs/close-invoices.ts',
      code: `
import { prisma } from '../db';

export async function closePeriod(periodId: string, invoiceIds: string[]) {
  for (const id of invoiceIds) {
    await prisma.invoice.update({ where: { id }, data: { status: 'closed' } });
  }
  await prisma.period.update({ where: { id: periodId }, data: { closedAt: new Date() } });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 6,
          column: 11,
          data: { client: 'prisma', first: 'prisma.invoice.update', others: 'prisma.period.update (line 8)' },
        },
      ],
    },
    // Promise.allSettled keeps going when one write fails: that is how data is left half-changed.
    {
      filename: 'app/api/workspaces/[id]/members/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { userId } = await request.json();
  await Promise.allSettled([
    prisma.membership.delete({ where: { workspaceId_userId: { workspaceId: id, userId } } }),
    prisma.apiToken.deleteMany({ where: { workspaceId: id, userId } }),
  ]);
  return new Response(null, { status: 204 });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 8,
          column: 5,
          data: { client: 'prisma', first: 'prisma.membership.delete', others: 'prisma.apiToken.deleteMany (line 9)' },
        },
      ],
    },
    // Stripe webhook handler: subscription and user plan.
    {
      filename: 'app/api/webhooks/stripe/route.ts',
      code: `
import Stripe from 'stripe';
import { prisma } from '@/lib/prisma';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(request: Request) {
  const event = stripe.webhooks.constructEvent(await request.text(), request.headers.get('stripe-signature')!, process.env.STRIPE_WEBHOOK_SECRET!);
  if (event.type === 'customer.subscription.updated') {
    const subscription = event.data.object as Stripe.Subscription;
    await prisma.subscription.update({ where: { stripeId: subscription.id }, data: { status: subscription.status } });
    await prisma.user.update({ where: { stripeCustomerId: String(subscription.customer) }, data: { plan: subscription.status === 'active' ? 'pro' : 'free' } });
  }
  return new Response('ok');
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 11,
          column: 11,
          data: { client: 'prisma', first: 'prisma.subscription.update', others: 'prisma.user.update (line 12)' },
        },
      ],
    },
    // A failure swallowed by the catch does not stop the next write.
    {
      filename: 'lib/referrals.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function redeem(code: string, userId: string) {
  try {
    await prisma.referralCode.update({ where: { code }, data: { uses: { increment: 1 } } });
  } catch (error) {
    console.error('could not count the use', error);
  }
  await prisma.credit.create({ data: { userId, amount: 10, reason: 'referral:' + code } });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 6,
          column: 11,
          data: { client: 'prisma', first: 'prisma.referralCode.update', others: 'prisma.credit.create (line 10)' },
        },
      ],
    },
    // Each branch of an if/else has its own pair: two reports.
    {
      filename: 'app/api/bookings/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const { slotId, userId, waitlist } = await request.json();
  if (waitlist) {
    await prisma.waitlistEntry.create({ data: { slotId, userId } });
    await prisma.slot.update({ where: { id: slotId }, data: { waitlistCount: { increment: 1 } } });
  } else {
    await prisma.booking.create({ data: { slotId, userId } });
    await prisma.slot.update({ where: { id: slotId }, data: { booked: { increment: 1 } } });
  }
  return Response.json({ ok: true });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 7,
          column: 11,
          data: { client: 'prisma', first: 'prisma.waitlistEntry.create', others: 'prisma.slot.update (line 8)' },
        },
        {
          messageId: 'missingTransaction',
          line: 10,
          column: 11,
          data: { client: 'prisma', first: 'prisma.booking.create', others: 'prisma.slot.update (line 11)' },
        },
      ],
    },
    // Pages-router API handler.
    {
      filename: 'pages/api/projects/[id]/transfer.ts',
      code: `
import type { NextApiRequest, NextApiResponse } from 'next';
import prisma from '@/lib/prisma';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const { newOwnerId } = req.body as { newOwnerId: string };
  const projectId = String(req.query.id);
  await prisma.project.update({ where: { id: projectId }, data: { ownerId: newOwnerId } });
  await prisma.projectMember.upsert({
    where: { projectId_userId: { projectId, userId: newOwnerId } },
    create: { projectId, userId: newOwnerId, role: 'owner' },
    update: { role: 'owner' },
  });
  res.status(200).json({ ok: true });
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 9,
          column: 9,
          data: { client: 'prisma', first: 'prisma.project.update', others: 'prisma.projectMember.upsert (line 10)' },
        },
      ],
    },
    // A switch case that falls through runs both writes.
    {
      filename: 'src/jobs/apply-event.ts',
      code: `
import { prisma } from '../db';

export async function applyEvent(event: { type: string; orderId: string }) {
  switch (event.type) {
    case 'refunded':
      await prisma.refund.create({ data: { orderId: event.orderId } });
    // falls through
    case 'canceled':
      await prisma.order.update({ where: { id: event.orderId }, data: { status: 'canceled' } });
      break;
  }
}
`,
      errors: [
        {
          messageId: 'missingTransaction',
          line: 7,
          column: 13,
          data: { client: 'prisma', first: 'prisma.refund.create', others: 'prisma.order.update (line 10)' },
        },
      ],
    },
  ],
});
