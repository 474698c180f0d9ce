import rule from '../../src/rules/no-outer-client-in-transaction.js';
import { createRuleTester } from '../support/rule-tester.js';

/** Strips the leading newline and the common indentation, so line numbers count from the first code line. */
function code(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

createRuleTester().run('no-outer-client-in-transaction', rule, {
  valid: [
    // Every query goes through tx.
    code(`
      import { prisma } from '@documenso/prisma';

      export const sendDocument = async ({ documentId, userId }: { documentId: number; userId: number }) => {
        const document = await prisma.document.findFirstOrThrow({ where: { id: documentId, userId } });
        return await prisma.$transaction(async (tx) => {
          await tx.documentAuditLog.create({ data: { documentId, type: 'DOCUMENT_SENT', userId } });
          return await tx.document.update({ where: { id: document.id }, data: { status: 'PENDING' } });
        });
      };
    `),
    // A batch transaction: the array elements are built on the outer client by design.
    code(`
      export async function POST(req: Request) {
        const { fromId, toId, amount } = transferSchema.parse(await req.json());
        await prisma.$transaction([
          prisma.account.update({ where: { id: fromId }, data: { balance: { decrement: amount } } }),
          prisma.account.update({ where: { id: toId }, data: { balance: { increment: amount } } }),
        ]);
        return Response.json({ ok: true });
      }
    `),
    // tx handed to a helper of an outer service.
    code(`
      @Injectable()
      export class OrdersService {
        constructor(private readonly prisma: PrismaService, private readonly users: UsersService) {}

        async create(dto: CreateOrderDto) {
          return this.prisma.$transaction(async (tx) => {
            const order = await tx.order.create({ data: dto });
            await this.users.incrementOrderCount(dto.userId, tx);
            await this.users.create(dto.customer, tx);
            return order;
          });
        }
      }
    `),
    // A helper whose parameter is typed Prisma.TransactionClient.
    code(`
      import { Prisma } from '@prisma/client';

      async function createMembership(client: Prisma.TransactionClient, teamId: number, userId: number) {
        await client.membership.create({ data: { teamId, userId, role: 'OWNER' } });
      }

      export const createTeamHandler = async ({ ctx, input }: CreateTeamOptions) => {
        return ctx.prisma.$transaction(async (tx) => {
          const team = await tx.team.create({ data: { name: input.name, slug: input.slug } });
          await createMembership(tx, team.id, ctx.user.id);
          return team;
        });
      };
    `),
    // A different client inside the transaction (an analytics database).
    code(`
      import { prisma } from '@/lib/prisma';
      import { analyticsDb } from '@/lib/analytics-db';

      export async function signUp(input: SignUpInput) {
        return prisma.$transaction(async (tx) => {
          const user = await tx.user.create({ data: input });
          await analyticsDb.event.create({ data: { name: 'signup', userId: user.id } });
          return user;
        });
      }
    `),
    // A read replica inside a write transaction is a separate client, not the one the transaction runs on.
    code(`
      import { dbRead, dbWrite } from '~/server/db/client';

      export const upsertModel = async (input: ModelInput, userId: number) =>
        dbWrite.$transaction(async (tx) => {
          const model = await tx.model.upsert({ where: { id: input.id ?? -1 }, create: { ...input, userId }, update: input });
          const stats = await dbRead.modelMetric.findMany({ where: { modelId: model.id }, take: 10 });
          return { model, stats };
        });
    `),
    // The outer client before and after the transaction.
    code(`
      export async function deleteTeam(teamId: number) {
        const team = await prisma.team.findUniqueOrThrow({ where: { id: teamId } });
        await prisma.$transaction(async (tx) => {
          await tx.membership.deleteMany({ where: { teamId } });
          await tx.team.delete({ where: { id: teamId } });
        });
        await prisma.auditLog.create({ data: { action: 'team.deleted', teamSlug: team.slug } });
      }
    `),
    // Background work that outlives the transaction: waitUntil / after.
    code(`
      import { waitUntil } from '@vercel/functions';
      import { after } from 'next/server';

      export async function bulkCreateLinks(links: LinkInput[], workspaceId: string) {
        return prisma.$transaction(async (tx) => {
          const created = await tx.link.createManyAndReturn({ data: links });
          waitUntil(prisma.project.update({ where: { id: workspaceId }, data: { linksUsage: { increment: created.length } } }));
          after(() => prisma.auditLog.create({ data: { action: 'links.created', workspaceId } }));
          return created;
        });
      }
    `),
    // Callbacks that run later (timers, event listeners): tx would be closed by then.
    code(`
      @Injectable()
      export class PaymentsService {
        constructor(private readonly prisma: PrismaService, private readonly events: EventEmitter2) {}

        async capture(orderId: string) {
          await this.prisma.$transaction(async (tx) => {
            await tx.order.update({ where: { id: orderId }, data: { status: 'CAPTURED' } });
            this.events.once('order.shipped', () => this.prisma.order.update({ where: { id: orderId }, data: { shippedAt: new Date() } }));
            setTimeout(async () => {
              await this.prisma.reminder.create({ data: { orderId } });
            }, 60_000);
          });
        }
      }
    `),
    // A function built in the callback and returned: it runs after the transaction.
    code(`
      export async function prepare(userId: string) {
        const refresh = await prisma.$transaction(async (tx) => {
          await tx.session.deleteMany({ where: { userId } });
          return () => prisma.session.findMany({ where: { userId }, take: 10 });
        });
        return refresh;
      }
    `),
    // pg and Redis calls are not Prisma queries and cannot join a Prisma transaction.
    code(`
      import { Pool } from 'pg';
      import { redis } from '@/lib/redis';
      const pool = new Pool();

      export async function rename(id: string, name: string) {
        await prisma.$transaction(async (tx) => {
          await tx.project.update({ where: { id }, data: { name } });
          await pool.query('NOTIFY project_renamed');
          await redis.set(\`project:\${id}:name\`, name, { EX: 3600 });
        });
      }
    `),
    // A local alias of tx.
    code(`
      export async function register(input: RegisterInput) {
        await prisma.$transaction(async (tx) => {
          const db = tx;
          const user = await db.user.create({ data: input });
          await db.profile.create({ data: { userId: user.id } });
        });
      }
    `),
    // A transaction client passed to a wrapper and used through its own parameter.
    code(`
      export async function archive(projectId: string) {
        await prisma.$transaction(async (tx) => {
          await withAuditLog(tx, async (client) => {
            await client.project.update({ where: { id: projectId }, data: { archivedAt: new Date() } });
          });
        });
      }
    `),
    // A client with the same name but another binding (a tenant database) inside the global client's transaction.
    code(`
      import { prisma } from '@/lib/prisma';

      export async function syncTenant(tenantId: string) {
        await prisma.$transaction(async (tx) => {
          await tx.tenant.update({ where: { id: tenantId }, data: { syncedAt: new Date() } });
          const prisma = getTenantClient(tenantId);
          await prisma.setting.findMany({ take: 100 });
        });
      }
    `),
    // Transaction opened on ctx.db and used through tx in a tRPC mutation; the outer client after commit.
    code(`
      export const inviteRouter = createTRPCRouter({
        accept: protectedProcedure.input(z.object({ token: z.string() })).mutation(async ({ ctx, input }) => {
          const membership = await ctx.db.$transaction(async (tx) => {
            const invite = await tx.invite.delete({ where: { token: input.token } });
            return tx.membership.create({ data: { teamId: invite.teamId, userId: ctx.session.user.id } });
          });
          return ctx.db.team.findUnique({ where: { id: membership.teamId } });
        }),
      });
    `),
    // A Map#delete and a queue registration inside the callback.
    code(`
      const locks = new Map<string, Date>();

      export async function release(jobId: string) {
        await prisma.$transaction(async (tx) => {
          await tx.job.update({ where: { id: jobId }, data: { lockedAt: null } });
          locks.delete(jobId);
          queue.add(() => prisma.job.findUnique({ where: { id: jobId } }));
        });
      }
    `),
    // A best-effort write with its own .catch(): inside the transaction its failure would abort the
    // transaction, so it is kept on the outer client on purpose.
    code(`
      export const createReport = async ({ userId, imageId }: CreateReportInput) =>
        dbWrite.$transaction(async (tx) => {
          const report = await tx.report.create({ data: { userId, reason: 'TOSViolation', imageId } });
          await dbWrite.imageEngagement
            .create({ data: { imageId, userId, type: 'Hide' } })
            .catch((error) => {
              if (!isPrismaUniqueViolation(error)) throw error;
            });
          return report;
        });
    `),
  ],
  invalid: [
    // Route handler: the audit row is written outside the transaction.
    {
      code: code(`
        import { prisma } from '@/lib/prisma';

        export async function POST(req: Request) {
          const input = createUserSchema.parse(await req.json());
          const user = await prisma.$transaction(async (tx) => {
            const created = await tx.user.create({ data: input });
            await prisma.auditLog.create({ data: { action: 'user.created', userId: created.id } });
            return created;
          });
          return Response.json(user, { status: 201 });
        }
      `),
      errors: [{ messageId: 'outerClient', line: 7, column: 11, data: { call: 'prisma.auditLog.create(…)', client: 'prisma', tx: 'tx' } }],
      output: code(`
        import { prisma } from '@/lib/prisma';

        export async function POST(req: Request) {
          const input = createUserSchema.parse(await req.json());
          const user = await prisma.$transaction(async (tx) => {
            const created = await tx.user.create({ data: input });
            await tx.auditLog.create({ data: { action: 'user.created', userId: created.id } });
            return created;
          });
          return Response.json(user, { status: 201 });
        }
      `),
    },
    // NestJS service: this.prisma inside its own transaction.
    {
      code: code(`
        @Injectable()
        export class OrdersService {
          constructor(private readonly prisma: PrismaService) {}

          async place(dto: PlaceOrderDto) {
            return this.prisma.$transaction(async (tx) => {
              const order = await tx.order.create({ data: dto });
              await this.prisma.outboxEvent.create({ data: { type: 'order.placed', payload: { id: order.id } } });
              return order;
            });
          }
        }
      `),
      errors: [{ messageId: 'outerClient', line: 8, column: 13, data: { call: 'this.prisma.outboxEvent.create(…)', client: 'this.prisma', tx: 'tx' } }],
      output: code(`
        @Injectable()
        export class OrdersService {
          constructor(private readonly prisma: PrismaService) {}

          async place(dto: PlaceOrderDto) {
            return this.prisma.$transaction(async (tx) => {
              const order = await tx.order.create({ data: dto });
              await tx.outboxEvent.create({ data: { type: 'order.placed', payload: { id: order.id } } });
              return order;
            });
          }
        }
      `),
    },
    // tRPC mutation: ctx.db inside ctx.db.$transaction.
    {
      code: code(`
        export const teamRouter = createTRPCRouter({
          leave: protectedProcedure.input(z.object({ teamId: z.number() })).mutation(async ({ ctx, input }) => {
            await ctx.db.$transaction(async (tx) => {
              await tx.membership.delete({ where: { userId_teamId: { userId: ctx.session.user.id, teamId: input.teamId } } });
              await ctx.db.team.update({ where: { id: input.teamId }, data: { memberCount: { decrement: 1 } } });
            });
          }),
        });
      `),
      errors: [{ messageId: 'outerClient', line: 5, column: 13 }],
      output: code(`
        export const teamRouter = createTRPCRouter({
          leave: protectedProcedure.input(z.object({ teamId: z.number() })).mutation(async ({ ctx, input }) => {
            await ctx.db.$transaction(async (tx) => {
              await tx.membership.delete({ where: { userId_teamId: { userId: ctx.session.user.id, teamId: input.teamId } } });
              await tx.team.update({ where: { id: input.teamId }, data: { memberCount: { decrement: 1 } } });
            });
          }),
        });
      `),
    },
    // cal.com-style handler: ctx.prisma typed as PrismaClient.
    {
      code: code(`
        import type { PrismaClient } from '@calcom/prisma';

        type DeleteOptions = { ctx: { user: { id: number }; prisma: PrismaClient }; input: { teamId: number } };

        export const deleteHandler = async ({ ctx, input }: DeleteOptions) => {
          await ctx.prisma.$transaction(async (tx) => {
            await tx.membership.deleteMany({ where: { teamId: input.teamId } });
            await ctx.prisma.team.delete({ where: { id: input.teamId } });
          });
        };
      `),
      errors: [{ messageId: 'outerClient', line: 8, column: 11 }],
      output: code(`
        import type { PrismaClient } from '@calcom/prisma';

        type DeleteOptions = { ctx: { user: { id: number }; prisma: PrismaClient }; input: { teamId: number } };

        export const deleteHandler = async ({ ctx, input }: DeleteOptions) => {
          await ctx.prisma.$transaction(async (tx) => {
            await tx.membership.deleteMany({ where: { teamId: input.teamId } });
            await tx.team.delete({ where: { id: input.teamId } });
          });
        };
      `),
    },
    // Express route with `db` and a callback parameter named trx: the fix uses that name.
    {
      code: code(`
        import { db } from './db';

        router.delete('/sessions/:id', async (req, res) => {
          await db.$transaction(async (trx) => {
            await trx.session.delete({ where: { id: req.params.id } });
            await db.user.update({ where: { id: req.user.id }, data: { sessionCount: { decrement: 1 } } });
          });
          res.status(204).end();
        });
      `),
      errors: [{ messageId: 'outerClient', line: 6, column: 11, data: { call: 'db.user.update(…)', client: 'db', tx: 'trx' } }],
      output: code(`
        import { db } from './db';

        router.delete('/sessions/:id', async (req, res) => {
          await db.$transaction(async (trx) => {
            await trx.session.delete({ where: { id: req.params.id } });
            await trx.user.update({ where: { id: req.user.id }, data: { sessionCount: { decrement: 1 } } });
          });
          res.status(204).end();
        });
      `),
    },
    // Raw SQL through the outer client: tagged template and Unsafe call.
    {
      code: code(`
        export const upsertModel = async (input: ModelInput) =>
          dbWrite.$transaction(async (tx) => {
            const model = await tx.model.upsert({ where: { id: input.id }, create: input, update: input });
            await dbWrite.$executeRaw\`UPDATE "Model" SET "lastVersionAt" = now() WHERE id = \${model.id}\`;
            await dbWrite.$executeRawUnsafe('DELETE FROM "ModelRank" WHERE "modelId" = $1', model.id);
            return model;
          });
      `),
      errors: [
        { messageId: 'outerClient', line: 4, column: 11, data: { call: 'dbWrite.$executeRaw`…`', client: 'dbWrite', tx: 'tx' } },
        { messageId: 'outerClient', line: 5, column: 11, data: { call: 'dbWrite.$executeRawUnsafe(…)', client: 'dbWrite', tx: 'tx' } },
      ],
      output: code(`
        export const upsertModel = async (input: ModelInput) =>
          dbWrite.$transaction(async (tx) => {
            const model = await tx.model.upsert({ where: { id: input.id }, create: input, update: input });
            await tx.$executeRaw\`UPDATE "Model" SET "lastVersionAt" = now() WHERE id = \${model.id}\`;
            await tx.$executeRawUnsafe('DELETE FROM "ModelRank" WHERE "modelId" = $1', model.id);
            return model;
          });
      `),
    },
    // Promise.all over a map inside the transaction.
    {
      code: code(`
        export async function deleteDocument(id: number) {
          await prisma.$transaction(async (tx) => {
            const document = await tx.document.delete({ where: { id }, include: { fields: true } });
            await Promise.all(document.fields.map((field) => prisma.signature.deleteMany({ where: { fieldId: field.id } })));
          });
        }
      `),
      errors: [{ messageId: 'outerClient', line: 4, column: 54 }],
      output: code(`
        export async function deleteDocument(id: number) {
          await prisma.$transaction(async (tx) => {
            const document = await tx.document.delete({ where: { id }, include: { fields: true } });
            await Promise.all(document.fields.map((field) => tx.signature.deleteMany({ where: { fieldId: field.id } })));
          });
        }
      `),
    },
    // A helper declared in the callback and run there.
    {
      code: code(`
        export async function cancelOrder(orderId: string) {
          await prisma.$transaction(async (tx) => {
            const order = await tx.order.update({ where: { id: orderId }, data: { status: 'CANCELLED' }, include: { lines: true } });
            const restock = (line: OrderLine) =>
              prisma.product.update({ where: { id: line.productId }, data: { stock: { increment: line.quantity } } });
            for (const line of order.lines) await restock(line);
          });
        }
      `),
      errors: [{ messageId: 'outerClient', line: 5, column: 7 }],
      output: code(`
        export async function cancelOrder(orderId: string) {
          await prisma.$transaction(async (tx) => {
            const order = await tx.order.update({ where: { id: orderId }, data: { status: 'CANCELLED' }, include: { lines: true } });
            const restock = (line: OrderLine) =>
              tx.product.update({ where: { id: line.productId }, data: { stock: { increment: line.quantity } } });
            for (const line of order.lines) await restock(line);
          });
        }
      `),
    },
    // `tx` is shadowed (a ledger "transaction" row): reported, but no fix.
    {
      code: code(`
        export async function importStatement(rows: BankRow[]) {
          await prisma.$transaction(async (tx) => {
            const statement = await tx.statement.create({ data: { importedAt: new Date() } });
            await Promise.all(
              rows.map((tx) => prisma.ledgerEntry.create({ data: { statementId: statement.id, amount: tx.amount } })),
            );
          });
        }
      `),
      errors: [{ messageId: 'outerClient', line: 5, column: 24 }],
      output: null,
    },
    // A callback without the transaction client: reported, no fix.
    {
      code: code(`
        export async function resetPassword(userId: string, hash: string) {
          await prisma.$transaction(async () => {
            await prisma.user.update({ where: { id: userId }, data: { passwordHash: hash } });
            await prisma.session.deleteMany({ where: { userId } });
          });
        }
      `),
      errors: [
        { messageId: 'noTransactionClient', line: 3, column: 11, data: { call: 'prisma.user.update(…)', client: 'prisma' } },
        { messageId: 'noTransactionClient', line: 4, column: 11, data: { call: 'prisma.session.deleteMany(…)', client: 'prisma' } },
      ],
      output: null,
    },
    // A delegate alias: the fix keeps the model.
    {
      code: code(`
        const orders = prisma.order;

        export async function markPaid(orderId: string, paymentId: string) {
          await prisma.$transaction(async (tx) => {
            await tx.payment.update({ where: { id: paymentId }, data: { status: 'SUCCEEDED' } });
            await orders.update({ where: { id: orderId }, data: { status: 'PAID' } });
          });
        }
      `),
      errors: [{ messageId: 'outerClient', line: 6, column: 11, data: { call: 'orders.update(…)', client: 'prisma', tx: 'tx' } }],
      output: code(`
        const orders = prisma.order;

        export async function markPaid(orderId: string, paymentId: string) {
          await prisma.$transaction(async (tx) => {
            await tx.payment.update({ where: { id: paymentId }, data: { status: 'SUCCEEDED' } });
            await tx.order.update({ where: { id: orderId }, data: { status: 'PAID' } });
          });
        }
      `),
    },
    // A function-expression callback with a differently named client, in a background job.
    {
      code: code(`
        export const expireTrials = createJob('expire-trials', '0 * * * *', async () => {
          await prisma.$transaction(async function (client) {
            const expired = await client.subscription.updateManyAndReturn({ where: { trialEndsAt: { lt: new Date() } }, data: { status: 'EXPIRED' } });
            await prisma.notification.createMany({ data: expired.map((s) => ({ userId: s.userId, kind: 'trial-expired' })) });
          }, { timeout: 30_000 });
        });
      `),
      errors: [{ messageId: 'outerClient', line: 4, column: 11, data: { call: 'prisma.notification.createMany(…)', client: 'prisma', tx: 'client' } }],
      output: code(`
        export const expireTrials = createJob('expire-trials', '0 * * * *', async () => {
          await prisma.$transaction(async function (client) {
            const expired = await client.subscription.updateManyAndReturn({ where: { trialEndsAt: { lt: new Date() } }, data: { status: 'EXPIRED' } });
            await client.notification.createMany({ data: expired.map((s) => ({ userId: s.userId, kind: 'trial-expired' })) });
          }, { timeout: 30_000 });
        });
      `),
    },
    // Server action with two outer-client queries, one in a `.then` callback.
    {
      code: code(`
        'use server';
        import { prisma } from '@/lib/prisma';

        export async function publishPost(postId: string) {
          await prisma.$transaction(async (tx) => {
            const post = await prisma.post.update({ where: { id: postId }, data: { publishedAt: new Date() } });
            await tx.feedItem.findMany({ where: { postId }, take: 1 }).then((items) =>
              items.length ? null : prisma.feedItem.create({ data: { postId: post.id } }),
            );
          });
        }
      `),
      errors: [
        { messageId: 'outerClient', line: 6, column: 24 },
        { messageId: 'outerClient', line: 8, column: 29 },
      ],
      output: code(`
        'use server';
        import { prisma } from '@/lib/prisma';

        export async function publishPost(postId: string) {
          await prisma.$transaction(async (tx) => {
            const post = await tx.post.update({ where: { id: postId }, data: { publishedAt: new Date() } });
            await tx.feedItem.findMany({ where: { postId }, take: 1 }).then((items) =>
              items.length ? null : tx.feedItem.create({ data: { postId: post.id } }),
            );
          });
        }
      `),
    },
    // Inside try/catch and an IIFE in the callback.
    {
      code: code(`
        export async function redeem(code: string, userId: string) {
          return prisma.$transaction(async (tx) => {
            try {
              const coupon = await tx.coupon.update({ where: { code }, data: { redeemedAt: new Date() } });
              await (async () => {
                await prisma.wallet.update({ where: { userId }, data: { credits: { increment: coupon.credits } } });
              })();
            } catch (error) {
              throw new CouponError(error);
            }
          });
        }
      `),
      errors: [{ messageId: 'outerClient', line: 6, column: 15 }],
      output: code(`
        export async function redeem(code: string, userId: string) {
          return prisma.$transaction(async (tx) => {
            try {
              const coupon = await tx.coupon.update({ where: { code }, data: { redeemedAt: new Date() } });
              await (async () => {
                await tx.wallet.update({ where: { userId }, data: { credits: { increment: coupon.credits } } });
              })();
            } catch (error) {
              throw new CouponError(error);
            }
          });
        }
      `),
    },
    // A client created in this module with new PrismaClient(), with a type assertion at the call.
    {
      code: code(`
        import { PrismaClient } from '@prisma/client';
        const client = new PrismaClient();

        export async function reassign(fromId: string, toId: string) {
          await client.$transaction(async (tx) => {
            await tx.task.updateMany({ where: { assigneeId: fromId }, data: { assigneeId: toId } });
            await client.user.update({ where: { id: fromId }, data: { deactivatedAt: new Date() } }) as unknown;
          });
        }
      `),
      errors: [{ messageId: 'outerClient', line: 7, column: 11 }],
      output: code(`
        import { PrismaClient } from '@prisma/client';
        const client = new PrismaClient();

        export async function reassign(fromId: string, toId: string) {
          await client.$transaction(async (tx) => {
            await tx.task.updateMany({ where: { assigneeId: fromId }, data: { assigneeId: toId } });
            await tx.user.update({ where: { id: fromId }, data: { deactivatedAt: new Date() } }) as unknown;
          });
        }
      `),
    },
    // The transaction client shadowed by a nested callback's own parameter named tx: no fix.
    {
      code: code(`
        export async function settle(batchId: string) {
          await prisma.$transaction(async (tx) => {
            const batch = await tx.batch.findUniqueOrThrow({ where: { id: batchId }, include: { transactions: true } });
            for (const tx of batch.transactions) {
              await prisma.transaction.update({ where: { id: tx.id }, data: { settledAt: new Date() } });
            }
          });
        }
      `),
      errors: [{ messageId: 'outerClient', line: 5, column: 13 }],
      output: null,
    },
  ],
});
