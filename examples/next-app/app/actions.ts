'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { currentUser } from '@/lib/auth';
import { prisma } from '@/lib/prisma';
import { rateLimit } from '@/lib/rate-limit';
import { postIdsSchema, profileSchema } from '@/lib/validation';

export type ActionState = { ok: boolean; message?: string; fieldErrors?: Record<string, string[] | undefined> };

// <form action={addComment}> under each post.
export async function addComment(formData: FormData) {
  const user = await currentUser();
  if (!user) redirect('/login');
  if (!rateLimit(`comment:${user.id}`, 20).ok) return;

  const postId = formData.get('postId') as string;
  const body = formData.get('body') as string;
  const comment = await prisma.comment.create({
    data: { body, post: { connect: { id: postId } }, author: { connect: { id: user.id } } },
    select: { post: { select: { slug: true } } },
  });
  revalidatePath(`/posts/${comment.post.slug}`);
}

// useActionState(updateProfile, …) on the settings page.
export async function updateProfile(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const user = await currentUser();
  if (!user) return { ok: false, message: 'Sign in first' };

  const parsed = profileSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, fieldErrors: z.flattenError(parsed.error).fieldErrors };

  await prisma.user.update({
    where: { id: user.id },
    data: { name: parsed.data.name, avatarUrl: parsed.data.avatarUrl || null },
  });
  revalidatePath('/settings');
  return { ok: true, message: 'Profile saved' };
}

// Bulk "archive" on the dashboard. All or nothing: update() throws when a post is not the
// user's, which rolls the whole batch back (updateMany would skip it silently).
export async function archivePosts(postIds: string[]) {
  const user = await currentUser();
  if (!user) throw new Error('Sign in first');

  const ids = postIdsSchema.parse(postIds);
  await prisma.$transaction(
    ids.map((id) => prisma.post.update({ where: { id, authorId: user.id }, data: { archived: true } })),
  );
  revalidatePath('/dashboard');
}
