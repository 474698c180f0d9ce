import rule from '../../src/rules/no-slow-call-in-transaction.js';
import { createRuleTester } from '../support/rule-tester.js';

const ROUND_TRIP = 'network round trip';
const SLEEP = 'sleep';

createRuleTester().run('no-slow-call-in-transaction', rule, {
  valid: [
    // The network call happens before the transaction opens.
    {
      filename: 'app/api/orders/route.ts',
      code: `
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const body = await request.json();
  const quote = await fetch('https://rates.example.com/quote', { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
  const order = await prisma.$transaction(async (tx) => {
    const created = await tx.order.create({ data: { total: quote.total, userId: body.userId } });
    await tx.inventory.update({ where: { sku: body.sku }, data: { stock: { decrement: 1 } } });
    return created;
  });
  return NextResponse.json(order, { status: 201 });
}
`,
    },
    // The webhook is sent after the transaction commits.
    {
      filename: 'app/actions.ts',
      code: `
'use server';
import { prisma } from '@/lib/prisma';
import { resend } from '@/lib/resend';

export async function inviteMember(formData: FormData) {
  const email = String(formData.get('email'));
  const invite = await prisma.$transaction(async (tx) => {
    const created = await tx.invite.create({ data: { email } });
    await tx.auditLog.create({ data: { action: 'invite', target: email } });
    return created;
  });
  await resend.emails.send({ from: 'team@acme.dev', to: email, subject: 'You are invited', html: invite.token });
  await fetch('https://hooks.slack.com/services/x', { method: 'POST', body: JSON.stringify({ text: email }) });
}
`,
    },
    // The batch form runs no code of yours between the queries.
    {
      filename: 'src/server/routers/post.ts',
      code: `
import axios from 'axios';
import { prisma } from '@/server/db';

export async function publish(postId: string) {
  const { data: moderation } = await axios.post('https://moderation.example.com/check', { postId });
  await prisma.$transaction([
    prisma.post.update({ where: { id: postId }, data: { published: true, flagged: moderation.flagged } }),
    prisma.feedEntry.create({ data: { postId } }),
  ]);
}
`,
    },
    // A local helper called inside the transaction only queries through tx.
    {
      filename: 'lib/orders.ts',
      code: `
import type { Prisma } from '@prisma/client';
import { prisma } from '@/lib/prisma';

async function reserveStock(tx: Prisma.TransactionClient, items: { sku: string; qty: number }[]) {
  for (const item of items) {
    await tx.inventory.update({ where: { sku: item.sku }, data: { stock: { decrement: item.qty } } });
  }
}

export async function placeOrder(userId: string, items: { sku: string; qty: number }[]) {
  return prisma.$transaction(async (tx) => {
    await reserveStock(tx, items);
    return tx.order.create({ data: { userId, items: { create: items } } });
  });
}
`,
    },
    // A function declared inside the callback but never called there.
    {
      filename: 'lib/signup.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function signUp(email: string) {
  const { user, notify } = await prisma.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email } });
    const notify = async () => {
      await fetch('https://hooks.example.com/signup', { method: 'POST', body: JSON.stringify({ id: user.id }) });
    };
    return { user, notify };
  });
  await notify();
  return user;
}
`,
    },
    // A local variable named fetch shadows the global: it is the app's own loader.
    {
      filename: 'lib/catalog.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function importCatalog(rows: { sku: string; name: string }[]) {
  const fetch = (sku: string) => rows.find((row) => row.sku === sku);
  await prisma.$transaction(async (tx) => {
    for (const row of rows) {
      const existing = fetch(row.sku);
      await tx.product.upsert({ where: { sku: row.sku }, create: row, update: { name: existing?.name ?? row.name } });
    }
  });
}
`,
    },
    // fetch received as a parameter (SvelteKit's load, a test double) is not the global.
    {
      filename: 'src/routes/orders/+page.server.ts',
      code: `
import { prisma } from '$lib/server/prisma';

export async function createOrder({ fetch, userId }: { fetch: (id: string) => Promise<{ total: number }>; userId: string }) {
  return prisma.$transaction(async (tx) => {
    const cart = await fetch(userId);
    return tx.order.create({ data: { userId, total: cart.total } });
  });
}
`,
    },
    // In-memory lookups, a Redis-style cache read, raw SQL through tx, ids and logging are not network I/O to a remote service.
    {
      filename: 'src/server/services/ledger.service.ts',
      code: `
import { randomUUID } from 'node:crypto';
import { prisma } from '@/lib/prisma';
import { logger } from '@/lib/logger';

const rates = new Map<string, number>();
declare const cache: { get(key: string): Promise<string | null> };

export async function transfer(from: string, to: string, amount: number, currency: string) {
  await prisma.$transaction(async (tx) => {
    const rate = rates.get(currency) ?? 1;
    const cached = await cache.get('fx:' + currency);
    const [balance] = await tx.$queryRaw<{ balance: number }[]>\`SELECT balance FROM "Wallet" WHERE id = \${from} FOR UPDATE\`;
    if (!balance || balance.balance < amount) throw new Error('Insufficient funds');
    const reference = crypto.randomUUID() + randomUUID();
    logger.info({ from, to, amount, reference, cached });
    console.log('transfer', reference);
    await tx.wallet.update({ where: { id: from }, data: { balance: { decrement: amount * rate } } });
    await tx.wallet.update({ where: { id: to }, data: { balance: { increment: amount * rate } } });
  });
}
`,
    },
    // Verifying a Stripe webhook signature is local computation.
    {
      filename: 'app/api/webhooks/stripe/route.ts',
      code: `
import Stripe from 'stripe';
import { prisma } from '@/lib/prisma';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(request: Request) {
  const payload = await request.text();
  const signature = request.headers.get('stripe-signature')!;
  await prisma.$transaction(async (tx) => {
    const event = stripe.webhooks.constructEvent(payload, signature, process.env.STRIPE_WEBHOOK_SECRET!);
    await tx.stripeEvent.create({ data: { id: event.id, type: event.type } });
  });
  return new Response(null, { status: 200 });
}
`,
    },
    // Calls nobody waits for do not keep the transaction open.
    {
      filename: 'lib/analytics.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function recordView(postId: string, items: string[]) {
  await prisma.$transaction(async (tx) => {
    await tx.post.update({ where: { id: postId }, data: { views: { increment: 1 } } });
    void fetch('https://analytics.example.com/view', { method: 'POST', body: postId });
    fetch('https://analytics.example.com/ping').catch(() => undefined);
    setTimeout(() => fetch('https://analytics.example.com/later'), 0);
    items.forEach(async (item) => {
      await fetch('https://analytics.example.com/item/' + item);
    });
  });
}
`,
    },
    // axios helpers that do not send a request.
    {
      filename: 'src/jobs/sync-contacts.ts',
      code: `
import axios from 'axios';
import { prisma } from '../db';

const crm = axios.create({ baseURL: 'https://crm.example.com', timeout: 5000 });

export async function syncContacts(contacts: { id: string; email: string }[]) {
  await prisma.$transaction(async (tx) => {
    try {
      await tx.contact.createMany({ data: contacts });
    } catch (error) {
      if (axios.isAxiosError(error)) throw new Error('unexpected axios error');
      throw error;
    }
    crm.interceptors.request.use((config) => config);
  });
}
`,
    },
    // Error reporting is buffered and sent in the background.
    {
      filename: 'src/server/services/payout.service.ts',
      code: `
import * as Sentry from '@sentry/node';
import { prisma } from '@/lib/prisma';

export async function markPaid(payoutId: string) {
  await prisma.$transaction(async (tx) => {
    const payout = await tx.payout.update({ where: { id: payoutId }, data: { status: 'paid' } });
    if (payout.amount <= 0) Sentry.captureException(new Error('Empty payout ' + payoutId));
    await tx.commission.updateMany({ where: { payoutId }, data: { status: 'paid' } });
  });
}
`,
    },
    // A fetch in the .then() after the transaction runs after the commit.
    {
      filename: 'lib/subscriptions.ts',
      code: `
import { prisma } from '@/lib/prisma';

export function cancel(subscriptionId: string) {
  return prisma
    .$transaction(async (tx) => {
      await tx.subscription.update({ where: { id: subscriptionId }, data: { status: 'canceled' } });
      return tx.seat.deleteMany({ where: { subscriptionId } });
    })
    .then(() => fetch('https://billing.example.com/cancel/' + subscriptionId, { method: 'POST' }));
}
`,
    },
    // NestJS service: only tx queries and a logger inside the transaction; the HTTP call comes after.
    {
      filename: 'src/orders/orders.service.ts',
      code: `
import { Injectable, Logger } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);
  constructor(private readonly prisma: PrismaService, private readonly http: HttpService) {}

  async confirm(orderId: string) {
    const order = await this.prisma.$transaction(async (tx) => {
      this.logger.log('confirming ' + orderId);
      return tx.order.update({ where: { id: orderId }, data: { status: 'confirmed' } });
    });
    await firstValueFrom(this.http.post('https://fulfilment.example.com/orders', order));
    return order;
  }
}
`,
    },
    // lodash's delay schedules a function; it is not awaited and does not sleep.
    {
      filename: 'lib/reminders.ts',
      code: `
import { delay } from 'lodash';
import { prisma } from '@/lib/prisma';

export async function scheduleReminder(userId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.reminder.create({ data: { userId } });
    delay(() => console.log('reminder queued', userId), 1000);
  });
}
`,
    },
    // Synchronous SDK helpers are never awaited: no round trip.
    {
      filename: 'src/server/services/feed.service.ts',
      code: `
import * as admin from 'firebase-admin';
import { prisma } from '@/lib/prisma';

export async function publishItem(itemId: string) {
  await prisma.$transaction(async (tx) => {
    const publishedAt = admin.firestore.FieldValue.serverTimestamp();
    await tx.feedItem.update({ where: { id: itemId }, data: { published: true, meta: { publishedAt: String(publishedAt) } } });
  });
}
`,
    },
    // A service-named import that is data, not a client: \`plans\` from the Stripe module is a constant list.
    {
      filename: 'src/server/routers/billing.ts',
      code: `
import { plans } from '@/lib/stripe';
import { router, protectedProcedure } from '../trpc';

export const billingRouter = router({
  changePlan: protectedProcedure.mutation(async ({ ctx, input }: { ctx: any; input: { planId: string } }) => {
    return ctx.db.$transaction(async (tx: any) => {
      const plan = plans.find((candidate) => candidate.id === input.planId);
      return tx.subscription.update({ where: { userId: ctx.session.user.id }, data: { planId: plan?.id } });
    });
  }),
});
`,
    },
  ],
  invalid: [
    // Global fetch inside an app-router route's transaction.
    {
      filename: 'app/api/orders/route.ts',
      code: `
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const body = await request.json();
  const order = await prisma.$transaction(async (tx) => {
    const created = await tx.order.create({ data: { userId: body.userId, total: body.total } });
    await fetch('https://fulfilment.example.com/orders', { method: 'POST', body: JSON.stringify(created) });
    return created;
  });
  return NextResponse.json(order, { status: 201 });
}
`,
      errors: [{ messageId: 'slowCall', line: 9, column: 11, data: { call: 'fetch()', what: ROUND_TRIP } }],
    },
    // axios.post in a server action.
    {
      filename: 'app/settings/actions.ts',
      code: `
'use server';
import axios from 'axios';
import { prisma } from '@/lib/prisma';

export async function connectSlack(workspaceId: string, code: string) {
  await prisma.$transaction(async (tx) => {
    const { data } = await axios.post('https://slack.com/api/oauth.v2.access', { code });
    await tx.integration.create({ data: { workspaceId, provider: 'slack', token: data.access_token } });
  });
}
`,
      errors: [{ messageId: 'slowCall', line: 8, column: 28, data: { call: 'axios.post()', what: ROUND_TRIP } }],
    },
    // An axios instance created with a timeout still makes a round trip.
    {
      filename: 'src/routes/payments.ts',
      code: `
import express from 'express';
import axios from 'axios';
import { prisma } from '../db';

const ledger = axios.create({ baseURL: 'https://ledger.internal', timeout: 2000 });
const router = express.Router();

router.post('/payments', async (req, res) => {
  const payment = await prisma.$transaction(async (tx) => {
    const created = await tx.payment.create({ data: req.body });
    await ledger.post('/entries', { paymentId: created.id, amount: created.amount });
    return created;
  });
  res.status(201).json(payment);
});

export default router;
`,
      errors: [{ messageId: 'slowCall', line: 12, column: 11, data: { call: 'ledger.post()', what: ROUND_TRIP } }],
    },
    // got in a background job.
    {
      filename: 'src/jobs/refresh-rates.ts',
      code: `
import got from 'got';
import { prisma } from '../db';

export async function refreshRates() {
  await prisma.$transaction(async (tx) => {
    const rates = await got('https://api.exchangerate.host/latest').json<{ rates: Record<string, number> }>();
    for (const [currency, rate] of Object.entries(rates.rates)) {
      await tx.exchangeRate.upsert({ where: { currency }, create: { currency, rate }, update: { rate } });
    }
  });
}
`,
      errors: [{ messageId: 'slowCall', line: 7, column: 25, data: { call: 'got()', what: ROUND_TRIP } }],
    },
    // ky in a tRPC mutation.
    {
      filename: 'src/server/routers/shipping.ts',
      code: `
import ky from 'ky';
import { z } from 'zod';
import { router, protectedProcedure } from '../trpc';

export const shippingRouter = router({
  buyLabel: protectedProcedure.input(z.object({ orderId: z.string() })).mutation(async ({ ctx, input }) => {
    return ctx.db.$transaction(async (tx) => {
      const order = await tx.order.findUniqueOrThrow({ where: { id: input.orderId } });
      const label = await ky.post('https://api.shippo.com/transactions', { json: { rate: order.rateId } }).json<{ url: string }>();
      return tx.order.update({ where: { id: order.id }, data: { labelUrl: label.url } });
    });
  }),
});
`,
      errors: [{ messageId: 'slowCall', line: 10, column: 27, data: { call: 'ky.post()', what: ROUND_TRIP } }],
    },
    // stripe = new Stripe(...) from 'stripe'.
    {
      filename: 'app/api/billing/customer/route.ts',
      code: `
import Stripe from 'stripe';
import { prisma } from '@/lib/prisma';
import { auth } from '@/auth';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST() {
  const session = await auth();
  const user = await prisma.$transaction(async (tx) => {
    const account = await tx.user.findUniqueOrThrow({ where: { id: session!.user.id } });
    const customer = await stripe.customers.create({ email: account.email });
    return tx.user.update({ where: { id: account.id }, data: { stripeCustomerId: customer.id } });
  });
  return Response.json(user);
}
`,
      errors: [{ messageId: 'slowCall', line: 12, column: 28, data: { call: 'stripe.customers.create()', what: ROUND_TRIP } }],
    },
    // stripe imported from the app's own module, in a webhook handler.
    {
      filename: 'app/api/webhooks/disputes/route.ts',
      code: `
import { stripe } from '@/lib/stripe';
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const event = stripe.webhooks.constructEvent(await request.text(), request.headers.get('stripe-signature')!, process.env.WH_SECRET!);
  const charge = event.data.object as { id: string; payment_intent: string };
  await prisma.$transaction(async (tx) => {
    await tx.order.update({ where: { paymentIntentId: charge.payment_intent }, data: { status: 'disputed' } });
    await stripe.refunds.create({ charge: charge.id });
    await tx.refund.create({ data: { chargeId: charge.id } });
  });
  return new Response('ok');
}
`,
      errors: [{ messageId: 'slowCall', line: 10, column: 11, data: { call: 'stripe.refunds.create()', what: ROUND_TRIP } }],
    },
    // resend.emails.send in a server action.
    {
      filename: 'app/(auth)/actions.ts',
      code: `
'use server';
import { Resend } from 'resend';
import { prisma } from '@/lib/prisma';

const resend = new Resend(process.env.RESEND_API_KEY);

export async function requestPasswordReset(email: string) {
  await prisma.$transaction(async (tx) => {
    const token = await tx.passwordResetToken.create({ data: { email, expiresAt: new Date(Date.now() + 3600_000) } });
    await resend.emails.send({ from: 'no-reply@acme.dev', to: email, subject: 'Reset your password', html: token.id });
  });
}
`,
      errors: [{ messageId: 'slowCall', line: 11, column: 11, data: { call: 'resend.emails.send()', what: ROUND_TRIP } }],
    },
    // An S3 upload through @aws-sdk/client-s3.
    {
      filename: 'app/api/avatars/route.ts',
      code: `
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { prisma } from '@/lib/prisma';

const s3 = new S3Client({ region: process.env.AWS_REGION });

export async function PUT(request: Request) {
  const form = await request.formData();
  const file = form.get('file') as File;
  const userId = String(form.get('userId'));
  await prisma.$transaction(async (tx) => {
    const key = 'avatars/' + userId;
    await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: key, Body: Buffer.from(await file.arrayBuffer()) }));
    await tx.user.update({ where: { id: userId }, data: { avatarKey: key } });
  });
  return new Response(null, { status: 204 });
}
`,
      errors: [{ messageId: 'slowCall', line: 13, column: 11, data: { call: 's3.send()', what: ROUND_TRIP } }],
    },
    // A retry backoff with new Promise + setTimeout.
    {
      filename: 'src/jobs/allocate-seats.ts',
      code: `
import { prisma } from '../db';

export async function allocateSeat(eventId: string, userId: string) {
  await prisma.$transaction(async (tx) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const event = await tx.event.findUniqueOrThrow({ where: { id: eventId } });
      if (event.seatsLeft > 0) {
        await tx.booking.create({ data: { eventId, userId } });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });
}
`,
      errors: [{ messageId: 'slowCall', line: 12, column: 13, data: { call: 'a setTimeout sleep', what: SLEEP } }],
    },
    // setTimeout from node:timers/promises.
    {
      filename: 'src/workers/settle.ts',
      code: `
import { setTimeout } from 'node:timers/promises';
import { prisma } from '../db';

export async function settle(batchId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.batch.update({ where: { id: batchId }, data: { status: 'settling' } });
    await setTimeout(1000);
    await tx.batch.update({ where: { id: batchId }, data: { status: 'settled' } });
  });
}
`,
      errors: [{ messageId: 'slowCall', line: 8, column: 11, data: { call: 'a setTimeout sleep', what: SLEEP } }],
    },
    // A local sleep() helper.
    {
      filename: 'lib/credits.ts',
      code: `
import { prisma } from '@/lib/prisma';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function grantCredits(userId: string, amount: number) {
  await prisma.$transaction(async (tx) => {
    await tx.creditGrant.create({ data: { userId, amount } });
    await sleep(250);
    await tx.user.update({ where: { id: userId }, data: { credits: { increment: amount } } });
  });
}
`,
      errors: [{ messageId: 'slowCall', line: 9, column: 11, data: { call: 'sleep()', what: SLEEP } }],
    },
    // A local function that calls fetch, called inside the transaction.
    {
      filename: 'lib/webhooks.ts',
      code: `
import { prisma } from '@/lib/prisma';

async function notifyWebhook(url: string, payload: unknown) {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(payload) });
  if (!response.ok) throw new Error('Webhook failed: ' + response.status);
}

export async function completeOrder(orderId: string) {
  await prisma.$transaction(async (tx) => {
    const order = await tx.order.update({ where: { id: orderId }, data: { status: 'completed' } });
    const hooks = await tx.webhook.findMany({ where: { shopId: order.shopId } });
    for (const hook of hooks) {
      await notifyWebhook(hook.url, order);
    }
  });
}
`,
      errors: [{ messageId: 'slowCallVia', line: 14, column: 13, data: { callee: 'notifyWebhook', call: 'fetch()', what: ROUND_TRIP } }],
    },
    // A callback that maps over items and fetches each one.
    {
      filename: 'app/api/imports/route.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const { urls } = (await request.json()) as { urls: string[] };
  await prisma.$transaction(async (tx) => {
    const pages = await Promise.all(urls.map((url) => fetch(url).then((r) => r.text())));
    await tx.page.createMany({ data: pages.map((html, i) => ({ url: urls[i]!, html })) });
  });
  return new Response(null, { status: 202 });
}
`,
      errors: [{ messageId: 'slowCall', line: 7, column: 55, data: { call: 'fetch()', what: ROUND_TRIP } }],
    },
    // NestJS: an injected HttpService and a Stripe client field.
    {
      filename: 'src/billing/billing.service.ts',
      code: `
import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import Stripe from 'stripe';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class BillingService {
  private readonly stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

  constructor(private readonly prisma: PrismaService, private readonly http: HttpService) {}

  async charge(userId: string, amount: number) {
    return this.prisma.$transaction(async (tx) => {
      const wallet = await tx.wallet.update({ where: { userId }, data: { balance: { decrement: amount } } });
      const intent = await this.stripe.paymentIntents.create({ amount, currency: 'usd', customer: wallet.customerId });
      await firstValueFrom(this.http.post('https://ledger.internal/entries', { userId, amount }));
      return tx.charge.create({ data: { userId, amount, intentId: intent.id } });
    });
  }
}
`,
      errors: [
        { messageId: 'slowCall', line: 17, column: 28, data: { call: 'this.stripe.paymentIntents.create()', what: ROUND_TRIP } },
        { messageId: 'slowCall', line: 18, column: 28, data: { call: 'this.http.post()', what: ROUND_TRIP } },
      ],
    },
    // An AI SDK call and an event send in a tRPC mutation.
    {
      filename: 'src/server/routers/article.ts',
      code: `
import { z } from 'zod';
import OpenAI from 'openai';
import { inngest } from '@/inngest/client';
import { router, protectedProcedure } from '../trpc';

const openai = new OpenAI();

export const articleRouter = router({
  publish: protectedProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    return ctx.db.$transaction(async (tx) => {
      const article = await tx.article.findUniqueOrThrow({ where: { id: input.id } });
      const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: article.body }] });
      await inngest.send({ name: 'article/published', data: { id: article.id } });
      return tx.article.update({ where: { id: article.id }, data: { summary: completion.choices[0]?.message.content, published: true } });
    });
  }),
});
`,
      errors: [
        { messageId: 'slowCall', line: 13, column: 32, data: { call: 'openai.chat.completions.create()', what: ROUND_TRIP } },
        { messageId: 'slowCall', line: 14, column: 13, data: { call: 'inngest.send()', what: ROUND_TRIP } },
      ],
    },
    // The transaction body is a named function of the same file.
    {
      filename: 'src/jobs/close-month.ts',
      code: `
import type { Prisma } from '@prisma/client';
import { prisma } from '../db';

async function closeMonth(tx: Prisma.TransactionClient) {
  const invoices = await tx.invoice.findMany({ where: { status: 'draft' } });
  await fetch('https://accounting.example.com/close', { method: 'POST', body: JSON.stringify(invoices) });
  await tx.invoice.updateMany({ where: { status: 'draft' }, data: { status: 'final' } });
}

export async function run() {
  await prisma.$transaction(closeMonth, { timeout: 30_000 });
}
`,
      errors: [{ messageId: 'slowCall', line: 7, column: 9, data: { call: 'fetch()', what: ROUND_TRIP } }],
    },
    // nodemailer's sendMail, whatever the transport is called.
    {
      filename: 'src/services/invite.service.ts',
      code: `
import nodemailer from 'nodemailer';
import { prisma } from '../db';

const transporter = nodemailer.createTransport({ host: process.env.SMTP_HOST, port: 587 });

export async function invite(teamId: string, email: string) {
  await prisma.$transaction(async (tx) => {
    const invite = await tx.teamInvite.create({ data: { teamId, email } });
    await transporter.sendMail({ to: email, subject: 'Join the team', text: invite.token });
  });
}
`,
      errors: [{ messageId: 'slowCall', line: 10, column: 11, data: { call: 'transporter.sendMail()', what: ROUND_TRIP } }],
    },
    // A returned fetch: the transaction waits for it before committing.
    {
      filename: 'lib/sync.ts',
      code: `
import { prisma } from '@/lib/prisma';

export async function pushProfile(userId: string) {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { syncedAt: new Date() } });
    return globalThis.fetch('https://crm.example.com/contacts', { method: 'PUT', body: JSON.stringify(user) });
  });
}
`,
      errors: [{ messageId: 'slowCall', line: 7, column: 12, data: { call: 'fetch()', what: ROUND_TRIP } }],
    },
  ],
});
