// Answers "does this file run in production request paths?". Tests, mocks, fixtures and seeds
// build throwaway data: their loops, writes and SQL are not what a production review is about.
import { isAbsolute, relative } from 'node:path';

const NON_PRODUCTION_PATH =
  /(?:^|\/)(?:__tests__|__mocks__|tests?|e2e|playwright|cypress|fixtures|seeds?|seeders?)\/|\.(?:test|spec|e2e-spec|e2e|seed)\.[cm]?[jt]sx?$|(?:^|\/)seed[^/]*\.[cm]?[jt]sx?$/;
/** Route files serve requests wherever they live (`app/api/cron/e2e/route.ts`). */
const ROUTE_FILE = /(?:^|\/)(?:route\.[cm]?[jt]sx?|pages\/api\/.*)$/;

/**
 * Whether a file is a test, mock, fixture or seed. Judged on the path below ESLint's cwd, so a
 * checkout that happens to live under `~/tests/` is not mistaken for a test folder.
 */
export function isTestOrSeedFile(filename: string, cwd: string): boolean {
  const inside = isAbsolute(filename) && cwd ? relative(cwd, filename) : filename;
  const path = (inside.startsWith('..') ? filename : inside).replaceAll('\\', '/');
  return NON_PRODUCTION_PATH.test(path) && !ROUTE_FILE.test(path);
}
