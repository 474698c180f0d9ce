import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { prisma } from '@/lib/prisma';
import { userLookupSchema } from '@/lib/validation';

const publicProfile = { id: true, name: true, avatarUrl: true } as const;

// GET /api/users?id=a&id=b — hover cards. Prisma batches findUnique calls started in the same tick.
export async function GET(request: NextRequest) {
  const query = z.array(z.cuid()).max(50).safeParse(request.nextUrl.searchParams.getAll('id'));
  if (!query.success) return NextResponse.json({ error: 'Invalid id list' }, { status: 400 });

  const users = await Promise.all(query.data.map((id) => prisma.user.findUnique({ where: { id }, select: publicProfile })));
  return NextResponse.json({ users: users.filter((user) => user !== null) });
}

// POST /api/users — resolve the @mentions the editor found in a draft.
export async function POST(request: Request) {
  const parsed = userLookupSchema.safeParse(await request.json());
  if (!parsed.success) return NextResponse.json({ error: 'Expected { ids: string[] }' }, { status: 400 });

  const users = [];
  for (const id of parsed.data.ids) {
    const user = await prisma.user.findUnique({ where: { id }, select: publicProfile });
    if (user) users.push(user);
  }
  return NextResponse.json({ users });
}
