import rule from '../../src/rules/no-unawaited-query.js';
import { createRuleTester } from '../support/rule-tester.js';

/** Strips the leading newline and the common indentation, so line numbers count from the first code line. */
function code(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

createRuleTester().run('no-unawaited-query', rule, {
  valid: [
    // Next.js route handler: every query awaited.
    code(`
      import { prisma } from '@/lib/prisma';
      import { NextResponse } from 'next/server';

      export async function POST(req: Request) {
        const { linkId } = await req.json();
        const link = await prisma.link.update({ where: { id: linkId }, data: { clicks: { increment: 1 } } });
        await prisma.click.create({ data: { linkId } });
        return NextResponse.json(link);
      }
    `),
    // Fire-and-forget on purpose: `.catch()` subscribes to the promise, so the query runs.
    code(`
      import { dbWrite } from '~/server/db/client';

      export const toggleReaction = async ({ userId, imageId }: { userId: number; imageId: number }) => {
        await dbWrite.imageReaction.create({ data: { userId, imageId, reaction: 'Like' } });
        dbWrite.userEngagement.create({ data: { userId, type: 'React' } }).catch(() => undefined);
        return 'created';
      };
    `),
    // `.then()` chained.
    code(`
      export async function trackView(postId: string) {
        prisma.post
          .update({ where: { id: postId }, data: { views: { increment: 1 } } })
          .then(() => log.debug('view counted'), (error) => log.error(error));
      }
    `),
    // A query promise stored in a variable and awaited later (started in parallel).
    code(`
      export async function GET(req: Request, { params }: { params: { slug: string } }) {
        const postPromise = prisma.post.findUnique({ where: { slug: params.slug } });
        const commentsPromise = prisma.comment.findMany({ where: { post: { slug: params.slug } }, take: 50 });
        const [post, comments] = await Promise.all([postPromise, commentsPromise]);
        return Response.json({ post, comments });
      }
    `),
    // Returned from an arrow and from a function: the caller awaits it.
    code(`
      export const getUserById = (id: string) => prisma.user.findUnique({ where: { id } });

      export function listTeams(userId: string) {
        return prisma.team.findMany({ where: { members: { some: { userId } } }, take: 100 });
      }
    `),
    // tRPC procedure that returns the query.
    code(`
      export const postRouter = createTRPCRouter({
        byId: publicProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => {
          return ctx.db.post.findUnique({ where: { id: input.id } });
        }),
        archive: protectedProcedure.input(z.object({ id: z.string() })).mutation(({ ctx, input }) =>
          ctx.db.post.update({ where: { id: input.id }, data: { archivedAt: new Date() } }),
        ),
      });
    `),
    // Promise.all / Promise.allSettled arrays.
    code(`
      export async function deleteLink(linkId: string) {
        const link = await prisma.link.delete({ where: { id: linkId } });
        await Promise.allSettled([
          redis.del(link.domain.toLowerCase()),
          link.projectId && prisma.project.update({ where: { id: link.projectId }, data: { linksUsage: { decrement: 1 } } }),
        ]);
        await Promise.all(link.tagIds.map((tagId) => prisma.tag.update({ where: { id: tagId }, data: { linkCount: { decrement: 1 } } })));
      }
    `),
    // Batch transaction: the array elements are run by $transaction.
    code(`
      export async function completeDocument(documentId: number) {
        await prisma.$transaction([
          prisma.document.update({ where: { id: documentId }, data: { status: 'COMPLETED' } }),
          prisma.documentAuditLog.create({ data: { documentId, type: 'DOCUMENT_COMPLETED' } }),
        ]);
      }
    `),
    // Query passed as an argument: whoever receives it subscribes to it.
    code(`
      import { waitUntil } from '@vercel/functions';

      export const POST = withWorkspace(async ({ workspace }) => {
        waitUntil(prisma.project.update({ where: { id: workspace.id }, data: { lastActiveAt: new Date() } }));
        return Response.json({ ok: true });
      });
    `),
    // pg is eager: `pool.query(...)` as a statement runs (a floating promise, but not a lazy query).
    code(`
      import { Pool } from 'pg';
      const pool = new Pool({ connectionString: process.env.DATABASE_URL });

      app.post('/events', async (req, res) => {
        pool.query('INSERT INTO events (kind) VALUES ($1)', [req.body.kind]);
        res.sendStatus(202);
      });
    `),
    // Map#delete and Redis commands as statements.
    code(`
      import { Redis } from 'ioredis';
      const redis = new Redis(process.env.REDIS_URL!);
      const sessions = new Map<string, Session>();

      export async function logout(sessionId: string) {
        sessions.delete(sessionId);
        redis.set(\`logout:\${sessionId}\`, '1', 'EX', 60);
        redis.del(\`session:\${sessionId}\`);
      }
    `),
    // An async callback that returns the query runs it: resolving its promise subscribes to the query.
    code(`
      export async function resetUsage(workspaces: { id: string }[]) {
        workspaces.forEach(async (workspace) => prisma.project.update({ where: { id: workspace.id }, data: { usage: 0 } }));
      }
    `),
    // Sequelize models (`db.User`) are eager; Prisma delegates are never capitalised.
    code(`
      const db = require('../models');

      router.put('/users/:id', async (req, res) => {
        db.User.update({ lastSeenAt: new Date() }, { where: { id: req.params.id } });
        res.json({ ok: true });
      });
    `),
    // Queries handed to a `.then` / `.finally` callback are returned to the promise chain.
    code(`
      export async function publish(postId: string) {
        await prisma.post
          .update({ where: { id: postId }, data: { publishedAt: new Date() } })
          .then((post) => prisma.feedItem.create({ data: { postId: post.id } }));
      }
    `),
    // NestJS service that returns the query.
    code(`
      @Injectable()
      export class UsersService {
        constructor(private readonly prisma: PrismaService) {}

        findOne(id: string) {
          return this.prisma.user.findUniqueOrThrow({ where: { id } });
        }
      }
    `),
    // A query assigned, put in an object, or yielded.
    code(`
      export async function loadDashboard(userId: string) {
        let pending;
        pending = prisma.notification.count({ where: { userId, readAt: null } });
        const queries = { projects: prisma.project.findMany({ where: { userId }, take: 20 }) };
        return { unread: await pending, projects: await queries.projects };
      }
    `),
    // A map() whose array is awaited.
    code(`
      export async function archiveAll(ids: string[]) {
        const updates = ids.map((id) => prisma.post.update({ where: { id }, data: { archived: true } }));
        await prisma.$transaction(updates);
      }
    `),
    // Mongoose and TypeORM calls are not Prisma queries.
    code(`
      import User from '@/models/User';

      export async function touch(id: string, repo: Repository<Session>) {
        User.updateOne({ _id: id }, { lastSeenAt: new Date() });
        repo.delete({ userId: id });
      }
    `),
    // A 'use client' module is not server code: `db` here is an IndexedDB wrapper (Dexie), not Prisma.
    code(`
      'use client';
      import { db } from '@/lib/dexie';

      export function useMarkRead() {
        return (id: number) => {
          db.notifications.update(id, { read: true });
        };
      }
    `),
  ],
  invalid: [
    // Route handler: the click counter never increments.
    {
      code: code(`
        import { prisma } from '@/lib/prisma';

        export async function GET(req: Request, { params }: { params: { key: string } }) {
          const link = await prisma.link.findUnique({ where: { key: params.key } });
          if (!link) return new Response('Not found', { status: 404 });
          prisma.link.update({ where: { id: link.id }, data: { clicks: { increment: 1 } } });
          return Response.redirect(link.url, 302);
        }
      `),
      errors: [
        {
          messageId: 'dropped',
          line: 6,
          column: 3,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                import { prisma } from '@/lib/prisma';

                export async function GET(req: Request, { params }: { params: { key: string } }) {
                  const link = await prisma.link.findUnique({ where: { key: params.key } });
                  if (!link) return new Response('Not found', { status: 404 });
                  await prisma.link.update({ where: { id: link.id }, data: { clicks: { increment: 1 } } });
                  return Response.redirect(link.url, 302);
                }
              `),
            },
          ],
        },
      ],
    },
    // `void` does not run a lazy query; the suggestion turns `void` into `await`.
    {
      code: code(`
        export async function POST(req: Request) {
          const event = await req.json();
          void prisma.analyticsEvent.create({ data: { name: event.name } });
          return new Response(null, { status: 204 });
        }
      `),
      errors: [
        {
          messageId: 'voided',
          line: 3,
          column: 8,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                export async function POST(req: Request) {
                  const event = await req.json();
                  await prisma.analyticsEvent.create({ data: { name: event.name } });
                  return new Response(null, { status: 204 });
                }
              `),
            },
          ],
        },
      ],
    },
    // Parenthesised `void (…)`: only the operator is replaced.
    {
      code: code(`
        export async function markRead(id: string) {
          void (prisma.notification.update({ where: { id }, data: { readAt: new Date() } }));
        }
      `),
      errors: [
        {
          messageId: 'voided',
          line: 2,
          column: 9,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                export async function markRead(id: string) {
                  await (prisma.notification.update({ where: { id }, data: { readAt: new Date() } }));
                }
              `),
            },
          ],
        },
      ],
    },
    // Server action.
    {
      code: code(`
        'use server';
        import { db } from '@/server/db';
        import { revalidatePath } from 'next/cache';

        export async function deletePost(formData: FormData) {
          const id = String(formData.get('id'));
          db.post.delete({ where: { id } });
          revalidatePath('/posts');
        }
      `),
      errors: [
        {
          messageId: 'dropped',
          line: 7,
          column: 3,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                'use server';
                import { db } from '@/server/db';
                import { revalidatePath } from 'next/cache';

                export async function deletePost(formData: FormData) {
                  const id = String(formData.get('id'));
                  await db.post.delete({ where: { id } });
                  revalidatePath('/posts');
                }
              `),
            },
          ],
        },
      ],
    },
    // tRPC mutation through ctx.db.
    {
      code: code(`
        export const userRouter = createTRPCRouter({
          updateProfile: protectedProcedure.input(profileSchema).mutation(async ({ ctx, input }) => {
            ctx.db.user.update({ where: { id: ctx.session.user.id }, data: input });
            return { ok: true };
          }),
        });
      `),
      errors: [
        {
          messageId: 'dropped',
          line: 3,
          column: 5,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                export const userRouter = createTRPCRouter({
                  updateProfile: protectedProcedure.input(profileSchema).mutation(async ({ ctx, input }) => {
                    await ctx.db.user.update({ where: { id: ctx.session.user.id }, data: input });
                    return { ok: true };
                  }),
                });
              `),
            },
          ],
        },
      ],
    },
    // NestJS service through this.prisma.
    {
      code: code(`
        @Injectable()
        export class AuditService {
          constructor(private readonly prisma: PrismaService) {}

          async record(userId: string, action: string) {
            this.prisma.auditLog.create({ data: { userId, action } });
          }
        }
      `),
      errors: [
        {
          messageId: 'dropped',
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                @Injectable()
                export class AuditService {
                  constructor(private readonly prisma: PrismaService) {}

                  async record(userId: string, action: string) {
                    await this.prisma.auditLog.create({ data: { userId, action } });
                  }
                }
              `),
            },
          ],
        },
      ],
    },
    // A non-async Express callback: `await` is not valid there, so no suggestion.
    {
      code: code(`
        router.post('/imports', (req, res) => {
          db.importJob.create({ data: { payload: req.body, status: 'QUEUED' } });
          res.status(202).json({ queued: true });
        });
      `),
      errors: [{ messageId: 'dropped', line: 2, column: 3, suggestions: [] }],
    },
    // Inside an interactive transaction through tx.
    {
      code: code(`
        export async function transfer(fromId: string, toId: string, amount: number) {
          await prisma.$transaction(async (tx) => {
            await tx.account.update({ where: { id: fromId }, data: { balance: { decrement: amount } } });
            tx.account.update({ where: { id: toId }, data: { balance: { increment: amount } } });
          });
        }
      `),
      errors: [
        {
          messageId: 'dropped',
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                export async function transfer(fromId: string, toId: string, amount: number) {
                  await prisma.$transaction(async (tx) => {
                    await tx.account.update({ where: { id: fromId }, data: { balance: { decrement: amount } } });
                    await tx.account.update({ where: { id: toId }, data: { balance: { increment: amount } } });
                  });
                }
              `),
            },
          ],
        },
      ],
    },
    // Raw tagged-template query in a background job.
    {
      code: code(`
        export const cleanImages = createJob('clean-images', '*/5 * * * *', async () => {
          dbWrite.$executeRaw\`DELETE FROM "Image" WHERE "ingestion" = 'Blocked'\`;
          await setLastRun();
        });
      `),
      errors: [
        {
          messageId: 'dropped',
          line: 2,
          column: 3,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                export const cleanImages = createJob('clean-images', '*/5 * * * *', async () => {
                  await dbWrite.$executeRaw\`DELETE FROM "Image" WHERE "ingestion" = 'Blocked'\`;
                  await setLastRun();
                });
              `),
            },
          ],
        },
      ],
    },
    // Conditional statement forms drop the promise too.
    {
      code: code(`
        export async function onLogin(user: User, ip: string) {
          user.trackLogins && prisma.loginEvent.create({ data: { userId: user.id, ip } });
          user.isNew ? prisma.user.update({ where: { id: user.id }, data: { isNew: false } }) : prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
        }
      `),
      errors: [
        {
          messageId: 'dropped',
          line: 2,
          column: 23,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                export async function onLogin(user: User, ip: string) {
                  user.trackLogins && await prisma.loginEvent.create({ data: { userId: user.id, ip } });
                  user.isNew ? prisma.user.update({ where: { id: user.id }, data: { isNew: false } }) : prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
                }
              `),
            },
          ],
        },
        {
          messageId: 'dropped',
          line: 3,
          column: 16,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                export async function onLogin(user: User, ip: string) {
                  user.trackLogins && prisma.loginEvent.create({ data: { userId: user.id, ip } });
                  user.isNew ? await prisma.user.update({ where: { id: user.id }, data: { isNew: false } }) : prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
                }
              `),
            },
          ],
        },
        {
          messageId: 'dropped',
          line: 3,
          column: 89,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                export async function onLogin(user: User, ip: string) {
                  user.trackLogins && prisma.loginEvent.create({ data: { userId: user.id, ip } });
                  user.isNew ? prisma.user.update({ where: { id: user.id }, data: { isNew: false } }) : await prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
                }
              `),
            },
          ],
        },
      ],
    },
    // forEach ignores what its callback returns: none of these deletes run.
    {
      code: code(`
        export async function purgeExpired(links: { id: string }[]) {
          links.forEach((link) => prisma.link.delete({ where: { id: link.id } }));
        }
      `),
      errors: [
        {
          messageId: 'discardedBy',
          line: 2,
          column: 27,
          data: { call: 'prisma.link.delete(…)', consumer: '.forEach()', advice: 'await it in a for…of loop, or await Promise.all(items.map(…))' },
          suggestions: [],
        },
      ],
    },
    // A map() whose array of unstarted queries is thrown away.
    {
      code: code(`
        export async function markAllRead(ids: string[]) {
          ids.map((id) => prisma.notification.update({ where: { id }, data: { readAt: new Date() } }));
        }
      `),
      errors: [{ messageId: 'discardedBy', line: 2, column: 19, suggestions: [] }],
    },
    // A timer ignores its callback's return value.
    {
      code: code(`
        export async function scheduleReminder(bookingId: number) {
          setTimeout(() => {
            return prisma.workflowReminder.create({ data: { bookingId, scheduled: true } });
          }, 60_000);
        }
      `),
      errors: [
        {
          messageId: 'discardedBy',
          line: 3,
          column: 12,
          data: {
            call: 'prisma.workflowReminder.create(…)',
            consumer: 'setTimeout()',
            advice: 'make the callback async and await the query (with a try/catch), or chain .catch() on it',
          },
          suggestions: [],
        },
      ],
    },
    // A delegate alias is still a Prisma query.
    {
      code: code(`
        const sessions = prisma.session;

        export async function revoke(userId: string) {
          sessions.deleteMany({ where: { userId } });
        }
      `),
      errors: [
        {
          messageId: 'dropped',
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                const sessions = prisma.session;

                export async function revoke(userId: string) {
                  await sessions.deleteMany({ where: { userId } });
                }
              `),
            },
          ],
        },
      ],
    },
    // Seed script at the top level of an ES module: top-level await is available.
    {
      code: code(`
        import { PrismaClient } from '@prisma/client';
        const client = new PrismaClient();

        client.user.deleteMany();
        await client.user.createMany({ data: seedUsers });
      `),
      errors: [
        {
          messageId: 'dropped',
          line: 4,
          column: 1,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                import { PrismaClient } from '@prisma/client';
                const client = new PrismaClient();

                await client.user.deleteMany();
                await client.user.createMany({ data: seedUsers });
              `),
            },
          ],
        },
      ],
    },
    // `void` in an arrow body, in a non-async callback: no suggestion.
    {
      code: code(`
        emitter.on('user.signedIn', (user: User) => void prisma.user.update({ where: { id: user.id }, data: { lastSeenAt: new Date() } }));
      `),
      errors: [{ messageId: 'voided', line: 1, column: 50, suggestions: [] }],
    },
    // A query in a class static block: no `await` there.
    {
      code: code(`
        class Warmup {
          static {
            prisma.featureFlag.findMany();
          }
        }
      `),
      errors: [{ messageId: 'dropped', line: 3, column: 5, suggestions: [] }],
    },
    // An upload callback in waitUntil whose `.then` callback drops the update (dub-style onboarding action).
    {
      code: code(`
        export const onboardPartnerAction = authUserActionClient.action(async ({ ctx, parsedInput }) => {
          const { user } = ctx;
          if (!user.image && parsedInput.image) {
            waitUntil(
              storage.upload({ key: \`avatars/\${user.id}\`, body: parsedInput.image }).then(({ url }) => {
                prisma.user.update({ where: { id: user.id }, data: { image: url } });
              }),
            );
          }
        });
      `),
      errors: [{ messageId: 'dropped', line: 6, column: 9, suggestions: [] }],
    },
    // `void` on a query through a client-or-transaction parameter (trigger.dev-style service).
    {
      code: code(`
        import { prisma, type PrismaClientOrTransaction } from '~/db.server';

        export async function isCliNotificationExpired(interaction: Interaction, db: PrismaClientOrTransaction = prisma) {
          const expired = Date.now() - interaction.firstSeenAt.getTime() > MAX_AGE_MS;
          if (expired && !interaction.cliDismissedAt) {
            void db.platformNotificationInteraction.update({ where: { id: interaction.id }, data: { cliDismissedAt: new Date() } });
          }
          return expired;
        }
      `),
      errors: [
        {
          messageId: 'voided',
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'addAwait',
              output: code(`
                import { prisma, type PrismaClientOrTransaction } from '~/db.server';

                export async function isCliNotificationExpired(interaction: Interaction, db: PrismaClientOrTransaction = prisma) {
                  const expired = Date.now() - interaction.firstSeenAt.getTime() > MAX_AGE_MS;
                  if (expired && !interaction.cliDismissedAt) {
                    await db.platformNotificationInteraction.update({ where: { id: interaction.id }, data: { cliDismissedAt: new Date() } });
                  }
                  return expired;
                }
              `),
            },
          ],
        },
      ],
    },
  ],
});
