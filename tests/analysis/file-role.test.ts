import { describe, expect, it } from 'vitest';
import { isTestOrSeedFile } from '../../src/analysis/file-role.js';

describe('isTestOrSeedFile', () => {
  it.each([
    ['src/users.test.ts', true],
    ['src/__tests__/users.ts', true],
    ['e2e/checkout.spec.ts', true],
    ['prisma/seed.ts', true],
    ['prisma/seeds/users.ts', true],
    ['tests/fixtures/db.ts', true],
    ['app/api/users/route.ts', false],
    ['app/api/e2e/reset/route.ts', false],
    ['pages/api/test/ping.ts', false],
    ['src/lib/testimonials.ts', false],
    ['src/seedling.ts', true],
  ])('%s → %s', (file, expected) => {
    expect(isTestOrSeedFile(file, '')).toBe(expected);
  });

  it('judges the path below cwd, not the folders the checkout lives in', () => {
    expect(isTestOrSeedFile('/home/me/tests/shop/src/orders.ts', '/home/me/tests/shop')).toBe(false);
    expect(isTestOrSeedFile('/home/me/tests/shop/src/orders.test.ts', '/home/me/tests/shop')).toBe(true);
  });
});
