import { NextResponse, type NextRequest } from 'next/server';
import { currentUser } from '@/lib/auth';
import { getFeed } from '@/lib/feed';
import { prisma } from '@/lib/prisma';
import { rateLimit } from '@/lib/rate-limit';
import { createPostSchema } from '@/lib/validation';

function slugify(title: string): string {
  const base = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'post'}-${Math.random().toString(36).slice(2, 8)}`;
}

// GET /api/posts?cursor=<id> — the public feed, one page at a time.
export async function GET(request: NextRequest) {
  const cursor = request.nextUrl.searchParams.get('cursor') ?? undefined;
  const feed = await getFeed(cursor);
  return NextResponse.json(feed);
}

// POST /api/posts — authors create a post (optionally published right away).
export async function POST(request: Request) {
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: 'Sign in to write a post' }, { status: 401 });
  if (user.role === 'READER') return NextResponse.json({ error: 'Only authors can post' }, { status: 403 });

  const limit = rateLimit(`post:${user.id}`, 10);
  if (!limit.ok) {
    return NextResponse.json({ error: 'Too many posts, slow down' }, { status: 429, headers: { 'Retry-After': String(limit.retryAfter) } });
  }

  const parsed = createPostSchema.safeParse(await request.json());
  if (!parsed.success) {
    return NextResponse.json({ error: 'Invalid post', issues: parsed.error.issues }, { status: 400 });
  }

  const { title, content, tags, publish } = parsed.data;
  const post = await prisma.post.create({
    data: {
      title,
      content,
      slug: slugify(title),
      published: publish,
      publishedAt: publish ? new Date() : null,
      author: { connect: { id: user.id } },
      tags: { connectOrCreate: tags.map((name) => ({ where: { name }, create: { name } })) },
    },
    select: { id: true, slug: true },
  });
  return NextResponse.json(post, { status: 201 });
}
