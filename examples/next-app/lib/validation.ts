import { z } from 'zod';

export const createPostSchema = z.object({
  title: z.string().trim().min(1).max(200),
  content: z.string().min(1).max(100_000),
  tags: z.array(z.string().trim().toLowerCase().min(1).max(32)).max(10).default([]),
  publish: z.boolean().default(false),
});
export type CreatePostInput = z.infer<typeof createPostSchema>;

export const updatePostSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  content: z.string().min(1).max(100_000).optional(),
  published: z.boolean().optional(),
});
export type UpdatePostInput = z.infer<typeof updatePostSchema>;

export const userLookupSchema = z.object({
  ids: z.array(z.cuid()).min(1).max(50),
});

export const profileSchema = z.object({
  name: z.string().trim().min(1).max(80),
  avatarUrl: z.union([z.url(), z.literal('')]).optional(),
});

export const postIdsSchema = z.array(z.cuid()).min(1).max(100);
