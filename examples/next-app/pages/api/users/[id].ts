import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '@/lib/prisma';

// GET /api/users/:id — public profile with recent posts. Pages-router endpoint kept for the
// v1 mobile app.
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    return res.status(405).json({ error: 'Method not allowed' });
  }

  const id = typeof req.query.id === 'string' ? req.query.id : undefined;
  if (!id) return res.status(400).json({ error: 'Missing user id' });

  const user = await prisma.user.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      avatarUrl: true,
      posts: {
        where: { published: true, archived: false },
        orderBy: { publishedAt: 'desc' },
        take: 10,
        select: { id: true, slug: true, title: true, publishedAt: true },
      },
    },
  });
  if (!user) return res.status(404).json({ error: 'User not found' });

  res.setHeader('Cache-Control', 's-maxage=60, stale-while-revalidate=300');
  return res.status(200).json(user);
}
