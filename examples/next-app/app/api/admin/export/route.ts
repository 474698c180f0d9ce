import { PrismaClient } from '@prisma/client';
import { NextResponse } from 'next/server';
import { currentUser } from '@/lib/auth';

const BATCH_SIZE = 500;

// GET /api/admin/export — every post as NDJSON, for the data team.
export async function GET() {
  const user = await currentUser();
  if (user?.role !== 'ADMIN') return NextResponse.json({ error: 'Admins only' }, { status: 403 });

  // Read from the replica so a full export does not load the primary.
  const replica = new PrismaClient({ datasourceUrl: process.env.REPLICA_DATABASE_URL });
  const encoder = new TextEncoder();

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let cursor: string | undefined;
      try {
        while (true) {
          const batch = await replica.post.findMany({
            take: BATCH_SIZE,
            skip: cursor ? 1 : 0,
            cursor: cursor ? { id: cursor } : undefined,
            orderBy: { id: 'asc' },
            select: { id: true, slug: true, title: true, authorId: true, published: true, createdAt: true },
          });
          for (const post of batch) controller.enqueue(encoder.encode(`${JSON.stringify(post)}\n`));
          if (batch.length < BATCH_SIZE) break;
          cursor = batch[batch.length - 1]!.id;
        }
        controller.close();
      } catch (error) {
        controller.error(error);
      } finally {
        await replica.$disconnect();
      }
    },
  });

  return new Response(stream, {
    headers: {
      'Content-Type': 'application/x-ndjson',
      'Content-Disposition': 'attachment; filename="posts.ndjson"',
    },
  });
}
