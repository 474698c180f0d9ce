import Link from 'next/link';
import { getFeed } from '@/lib/feed';

export const revalidate = 60;

export default async function HomePage() {
  const { items, nextCursor } = await getFeed();

  return (
    <main className="mx-auto max-w-2xl p-6">
      <h1 className="mb-6 text-3xl font-bold">Inkwell</h1>
      <ul className="space-y-6">
        {items.map((post) => (
          <li key={post.id}>
            <Link href={`/posts/${post.slug}`} className="text-xl font-semibold hover:underline">
              {post.title}
            </Link>
            <p className="text-gray-700">{post.excerpt}</p>
            <small className="text-gray-500">
              {post.author.name} · {post.commentCount} comments
              {post.tags.length > 0 ? ` · ${post.tags.join(', ')}` : null}
            </small>
          </li>
        ))}
      </ul>
      {nextCursor ? <Link href={`/?cursor=${nextCursor}`}>Older posts →</Link> : null}
    </main>
  );
}
