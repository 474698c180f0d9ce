import { getIronSession } from 'iron-session';
import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';
import { sessionOptions, type SessionData } from '@/lib/auth';
import { prisma } from '@/lib/prisma';

// GET /api/me/comments — the signed-in user's comment history, for the profile page.
export async function GET() {
  const session = await getIronSession<SessionData>(await cookies(), sessionOptions);
  if (!session.userId) return NextResponse.json({ error: 'Not signed in' }, { status: 401 });

  const comments = await prisma.comment.findMany({
    where: { authorId: session.userId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, body: true, createdAt: true, post: { select: { slug: true, title: true } } },
  });
  return NextResponse.json({ comments });
}
