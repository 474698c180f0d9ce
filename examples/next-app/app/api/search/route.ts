import { NextResponse, type NextRequest } from 'next/server';
import { prisma } from '@/lib/prisma';

type Hit = { id: string; slug: string; title: string };

// GET /api/search?q=…&mode=title|fulltext — search published posts.
export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get('q')?.trim() ?? '';
  if (q.length < 2) return NextResponse.json({ hits: [] });

  if (request.nextUrl.searchParams.get('mode') === 'fulltext') {
    // Bound parameter: safe.
    const hits = await prisma.$queryRaw<Hit[]>`
      SELECT id, slug, title FROM "Post"
      WHERE published AND to_tsvector('english', content) @@ plainto_tsquery('english', ${q})
      LIMIT 20`;
    return NextResponse.json({ hits });
  }

  if (request.nextUrl.searchParams.get('mode') === 'exact') {
    // The editor's "a post with this title already exists" check.
    const hits = await prisma.post.findMany({
      where: { title: { equals: q, mode: 'insensitive' } },
      select: { id: true, slug: true, title: true },
      take: 5,
    });
    return NextResponse.json({ hits });
  }

  const hits = await prisma.$queryRawUnsafe<Hit[]>(
    `SELECT id, slug, title FROM "Post" WHERE published AND title ILIKE '%${q}%' ORDER BY "publishedAt" DESC LIMIT 20`,
  );
  return NextResponse.json({ hits });
}
