// `npx prisma db seed` — demo data for local development.
import { randomBytes, scryptSync } from 'node:crypto';
import { PrismaClient, type Role } from '@prisma/client';

const prisma = new PrismaClient();

function hashPassword(password: string): string {
  const salt = randomBytes(16).toString('hex');
  return `${salt}:${scryptSync(password, salt, 64).toString('hex')}`;
}

const TAGS = ['postgres', 'prisma', 'nextjs', 'performance', 'security'];

const USERS: { email: string; name: string; role: Role }[] = [
  { email: 'ada@example.com', name: 'Ada', role: 'ADMIN' },
  { email: 'grace@example.com', name: 'Grace', role: 'AUTHOR' },
  { email: 'linus@example.com', name: 'Linus', role: 'READER' },
];

async function main() {
  await prisma.tag.createMany({ data: TAGS.map((name) => ({ name })), skipDuplicates: true });
  await prisma.user.createMany({
    data: USERS.map((user) => ({ ...user, passwordHash: hashPassword('inkwell-dev') })),
    skipDuplicates: true,
  });

  const authors = await prisma.user.findMany({
    where: { role: { in: ['ADMIN', 'AUTHOR'] } },
    select: { id: true, name: true },
    take: 10,
  });

  const drafts = authors.flatMap((author) =>
    Array.from({ length: 5 }, (_, n) => ({
      title: `${author.name}'s post #${n + 1}`,
      slug: `${author.name.toLowerCase()}-post-${n + 1}`,
      content: 'Lorem ipsum dolor sit amet. '.repeat(40),
      published: n < 4,
      publishedAt: n < 4 ? new Date(Date.now() - n * 86_400_000) : null,
      authorId: author.id,
      tagNames: [TAGS[n % TAGS.length]!, TAGS[(n + 2) % TAGS.length]!],
    })),
  );

  // Nested tag connects need upsert/create, not createMany; one transaction sends them as one batch.
  // Upserting by slug keeps the seed re-runnable.
  await prisma.$transaction(
    drafts.map(({ tagNames, ...post }) =>
      prisma.post.upsert({
        where: { slug: post.slug },
        update: {},
        create: { ...post, tags: { connect: tagNames.map((name) => ({ name })) } },
      }),
    ),
  );
  console.log(`Seeded ${USERS.length} users, ${TAGS.length} tags and ${drafts.length} posts.`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exit(1);
  })
  .finally(() => prisma.$disconnect());
