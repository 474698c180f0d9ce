import { getIronSession } from 'iron-session';
import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';
import { sessionOptions, type SessionData } from '@/lib/auth';
import { prisma } from '@/lib/prisma';

// GET /api/me — the signed-in user's account, for the settings page.
export async function GET() {
  const session = await getIronSession<SessionData>(await cookies(), sessionOptions);
  if (!session.userId) return NextResponse.json({ error: 'Not signed in' }, { status: 401 });

  const user = await prisma.user.findUnique({
    where: { id: session.userId },
    include: { _count: { select: { posts: true, comments: true } } },
  });
  if (!user) return NextResponse.json({ error: 'Not found' }, { status: 404 });
  return NextResponse.json(user);
}
