import { NextResponse } from 'next/server';
import { currentUser } from '@/lib/auth';
import { prisma } from '@/lib/prisma';

// POST /api/posts/:id/publish — publish a draft, promote the author, tell the mailing service.
export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: 'Sign in first' }, { status: 401 });

  const post = await prisma.$transaction(async (tx) => {
    const published = await tx.post.update({
      where: { id, authorId: user.id },
      data: { published: true, publishedAt: new Date() },
      select: { id: true, slug: true, title: true },
    });
    // The first published post makes a reader an author.
    await prisma.user.update({ where: { id: user.id }, data: { role: 'AUTHOR' } });
    await fetch(`${process.env.MAILER_URL}/campaigns`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ postId: published.id, title: published.title }),
    });
    return published;
  });

  // Drafts of the same title are obsolete now.
  prisma.post.deleteMany({ where: { authorId: user.id, title: post.title, published: false } });

  return NextResponse.json(post);
}

// DELETE /api/posts/:id/publish — unpublish: the post goes back to drafts, its comments go.
export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: 'Sign in first' }, { status: 401 });

  await prisma.comment.deleteMany({ where: { postId: id, post: { authorId: user.id } } });
  await prisma.post.update({ where: { id, authorId: user.id }, data: { published: false, publishedAt: null } });
  return new Response(null, { status: 204 });
}
