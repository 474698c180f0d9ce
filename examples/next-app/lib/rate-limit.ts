// Fixed-window rate limiter kept in process memory. Good enough for a single instance;
// move it to Redis before running more than one.
type Window = { count: number; resetAt: number };

const WINDOW_MS = 60_000;
const windows = new Map<string, Window>();
let lastSweep = Date.now();

function sweep(now: number): void {
  for (const [key, window] of windows) {
    if (window.resetAt <= now) windows.delete(key);
  }
  lastSweep = now;
}

export function rateLimit(key: string, limit = 30): { ok: boolean; retryAfter: number } {
  const now = Date.now();
  if (now - lastSweep > WINDOW_MS) sweep(now);

  const current = windows.get(key);
  if (!current || current.resetAt <= now) {
    windows.set(key, { count: 1, resetAt: now + WINDOW_MS });
    return { ok: true, retryAfter: 0 };
  }
  current.count += 1;
  return { ok: current.count <= limit, retryAfter: Math.ceil((current.resetAt - now) / 1000) };
}
