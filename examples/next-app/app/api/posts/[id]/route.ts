import { NextResponse } from 'next/server';
import { currentUser } from '@/lib/auth';
import { prisma } from '@/lib/prisma';

type Context = { params: Promise<{ id: string }> };

// GET /api/posts/:id
export async function GET(_request: Request, { params }: Context) {
  const { id } = await params;
  const post = await prisma.post.findUnique({
    where: { id },
    include: {
      author: { select: { id: true, name: true, avatarUrl: true } },
      tags: { select: { name: true } },
      comments: {
        orderBy: { createdAt: 'asc' },
        take: 50,
        include: { author: { select: { name: true, avatarUrl: true } } },
      },
    },
  });
  if (!post || !post.published || post.archived) {
    return NextResponse.json({ error: 'Post not found' }, { status: 404 });
  }
  return NextResponse.json(post);
}

// PATCH /api/posts/:id — the author edits or publishes a post.
export async function PATCH(request: Request, { params }: Context) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: 'Sign in first' }, { status: 401 });

  const existing = await prisma.post.findUnique({ where: { id }, select: { authorId: true, published: true } });
  if (!existing) return NextResponse.json({ error: 'Post not found' }, { status: 404 });
  if (existing.authorId !== user.id) return NextResponse.json({ error: 'Not your post' }, { status: 403 });

  const body = await request.json();
  const post = await prisma.post.update({
    where: { id },
    data: {
      title: body.title,
      content: body.content,
      published: body.published,
      publishedAt: body.published && !existing.published ? new Date() : undefined,
    },
    select: { id: true, slug: true, title: true, published: true, updatedAt: true },
  });
  return NextResponse.json(post);
}

// DELETE /api/posts/:id — soft delete, so comments and links keep working for the author.
export async function DELETE(_request: Request, { params }: Context) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: 'Sign in first' }, { status: 401 });

  const { count } = await prisma.post.updateMany({
    where: { id, authorId: user.id },
    data: { archived: true },
  });
  if (count === 0) return NextResponse.json({ error: 'Post not found' }, { status: 404 });
  return new NextResponse(null, { status: 204 });
}
