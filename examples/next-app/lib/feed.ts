import { prisma } from './prisma';

const FEED_PAGE_SIZE = 20;

export type FeedItem = {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  author: { name: string; avatarUrl: string | null };
  tags: string[];
  commentCount: number;
  publishedAt: Date | null;
};

async function getTagNames(postId: string): Promise<string[]> {
  const tags = await prisma.tag.findMany({
    where: { posts: { some: { id: postId } } },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  return tags.map((tag) => tag.name);
}

/** The home page feed: published posts, newest first, keyset-paginated by id. */
export async function getFeed(cursor?: string): Promise<{ items: FeedItem[]; nextCursor: string | null }> {
  const posts = await prisma.post.findMany({
    where: { published: true, archived: false },
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    take: FEED_PAGE_SIZE + 1,
    skip: cursor ? 1 : 0,
    cursor: cursor ? { id: cursor } : undefined,
    select: {
      id: true,
      slug: true,
      title: true,
      content: true,
      publishedAt: true,
      author: { select: { name: true, avatarUrl: true } },
      _count: { select: { comments: true } },
    },
  });

  const page = posts.slice(0, FEED_PAGE_SIZE);
  const items = await Promise.all(
    page.map(async (post) => ({
      id: post.id,
      slug: post.slug,
      title: post.title,
      excerpt: post.content.slice(0, 280),
      author: post.author,
      tags: await getTagNames(post.id),
      commentCount: post._count.comments,
      publishedAt: post.publishedAt,
    })),
  );
  return { items, nextCursor: posts.length > FEED_PAGE_SIZE ? page[page.length - 1]!.id : null };
}

export async function getPostBySlug(slug: string) {
  return prisma.post.findUnique({
    where: { slug },
    include: {
      author: { select: { id: true, name: true, avatarUrl: true } },
      tags: { select: { name: true } },
      comments: {
        orderBy: { createdAt: 'asc' },
        take: 100,
        include: { author: { select: { name: true, avatarUrl: true } } },
      },
    },
  });
}
