import { getIronSession } from 'iron-session';
import { cookies } from 'next/headers';
import { prisma } from './prisma';

export type SessionData = { userId?: string };

export const sessionOptions = {
  cookieName: 'inkwell_session',
  password: process.env.SESSION_SECRET as string,
  cookieOptions: {
    httpOnly: true,
    secure: process.env.NODE_ENV === 'production',
    sameSite: 'lax' as const,
  },
};

export async function currentUser() {
  const session = await getIronSession<SessionData>(await cookies(), sessionOptions);
  if (!session.userId) return null;
  return prisma.user.findUnique({
    where: { id: session.userId },
    select: { id: true, name: true, email: true, role: true },
  });
}
