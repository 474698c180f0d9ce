import { PrismaClient } from '@prisma/client';

// One client for the whole app; import `prisma` from here instead of creating clients.
export const prisma = new PrismaClient({
  log: process.env.NODE_ENV === 'development' ? ['query', 'warn', 'error'] : ['error'],
});
