import { describe, expect, it } from 'vitest';
import { looksRandom, redactSecrets } from '../../src/ai/redact.js';

// Fake credentials assembled at runtime so this file never trips a secret scanner itself.
const join = (...parts: string[]): string => parts.join('');
const ALNUM_40 = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0';

describe('redactSecrets: vendor tokens', () => {
  it.each([
    ['OpenAI key', join('sk-', 'proj-', ALNUM_40), 'api-key'],
    ['Anthropic key', join('sk-', 'ant-api03-', ALNUM_40), 'api-key'],
    ['Stripe live secret', join('sk_', 'live_', ALNUM_40.slice(0, 24)), 'stripe-key'],
    ['Stripe test secret', join('sk_', 'test_', ALNUM_40.slice(0, 24)), 'stripe-key'],
    ['Stripe publishable', join('pk_', 'live_', ALNUM_40.slice(0, 24)), 'stripe-key'],
    ['Stripe restricted', join('rk_', 'live_', ALNUM_40.slice(0, 24)), 'stripe-key'],
    ['restricted key', join('rk_', ALNUM_40.slice(0, 24)), 'api-key'],
    ['Stripe webhook secret', join('whsec_', ALNUM_40.slice(0, 32)), 'stripe-webhook-secret'],
    ['GitHub classic token', join('ghp_', ALNUM_40.slice(0, 36)), 'github-token'],
    ['GitHub fine-grained token', join('github_pat_', '11ABCDEFG0', ALNUM_40), 'github-token'],
    ['GitLab token', join('glpat-', ALNUM_40.slice(0, 20)), 'gitlab-token'],
    ['Slack bot token', join('xox', 'b-', '1234567890-0987654321-', ALNUM_40.slice(0, 24)), 'slack-token'],
    ['Slack user token', join('xox', 'p-', '1234567890-', ALNUM_40.slice(0, 12)), 'slack-token'],
    ['AWS access key', join('AKIA', 'IOSFODNN7EXAMPLE'), 'aws-access-key'],
    ['Google API key', join('AIza', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'), 'google-api-key'],
  ])('%s', (_kind, token, label) => {
    const source = `const client = new Client({ apiKey: "${token}" });`;
    const { text, redactions } = redactSecrets(source);
    expect(text).toBe(`const client = new Client({ apiKey: "[REDACTED:${label}]" });`);
    expect(text).not.toContain(token);
    expect(redactions).toBe(1);
  });

  it('redacts tokens wherever they appear, not only in assignments', () => {
    const token = join('ghp_', ALNUM_40.slice(0, 36));
    const { text } = redactSecrets(`fetch(url, { headers: { 'x-token': \`token ${token}\` } });`);
    expect(text).toBe("fetch(url, { headers: { 'x-token': `token [REDACTED:github-token]` } });");
  });

  it('redacts JWTs', () => {
    const jwt = join(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0',
      '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    );
    const { text, redactions } = redactSecrets(`const session = verify('${jwt}', key);`);
    expect(text).toBe("const session = verify('[REDACTED:jwt]', key);");
    expect(redactions).toBe(1);
  });

  it('redacts bearer tokens in headers', () => {
    const { text } = redactSecrets(`headers: { Authorization: 'Bearer ${ALNUM_40}' }`);
    expect(text).toBe("headers: { Authorization: 'Bearer [REDACTED:bearer-token]' }");
  });
});

describe('redactSecrets: PEM private keys', () => {
  it('keeps the BEGIN/END lines and the line count, drops the body', () => {
    const pem = [
      join('-----BEGIN ', 'RSA PRIVATE KEY-----'),
      'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi2ZtG0uqB7Jv4yTjT1OVm8QPmJ',
      'qW7hYJz7hT0dN8Ilx3Y8U5Vb4fM2oRkSxyh0uQz1S3vYfJq8cX9aL0wJ3dK2mN4e',
      join('-----END ', 'RSA PRIVATE KEY-----'),
    ].join('\n');
    const { text, redactions } = redactSecrets(`const key = \`${pem}\`;`);
    expect(redactions).toBe(1);
    expect(text.split('\n')).toHaveLength(4);
    expect(text).toContain('-----BEGIN RSA PRIVATE KEY-----\n[REDACTED:private-key]\n');
    expect(text).toContain('-----END RSA PRIVATE KEY-----');
    expect(text).not.toContain('MIIEpAIBAAKCAQEA');
    expect(text).not.toContain('qW7hYJz7');
  });

  it('redacts a PEM key written with \\n escapes in a string', () => {
    const pem = join('-----BEGIN ', 'PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\nBKcwggSjAgEAAoIBAQC7\\n-----END ', 'PRIVATE KEY-----');
    const { text } = redactSecrets(`const privateKey = "${pem}";`);
    expect(text).not.toContain('MIIEvQIBADANBgkqhkiG9w0');
    expect(text).not.toContain('BKcwggSjAgEAAoIBAQC7');
    expect(text).toContain('[REDACTED:private-key]');
  });

  it('leaves certificates and public keys alone', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n-----END CERTIFICATE-----';
    expect(redactSecrets(cert)).toEqual({ text: cert, redactions: 0 });
  });
});

describe('redactSecrets: connection strings', () => {
  it.each([
    ['postgres://app:s3cr3t@db.internal:5432/shop', 'postgres://app:***@db.internal:5432/shop'],
    ['postgresql://app:s3cr3t@db/shop?sslmode=require', 'postgresql://app:***@db/shop?sslmode=require'],
    ['mysql://root:hunter2@127.0.0.1:3306/app', 'mysql://root:***@127.0.0.1:3306/app'],
    ['mongodb+srv://admin:p4ss@cluster0.mongodb.net/app', 'mongodb+srv://admin:***@cluster0.mongodb.net/app'],
    ['mongodb://admin:p4ss@localhost:27017', 'mongodb://admin:***@localhost:27017'],
    ['redis://:topsecret@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['rediss://default:topsecret@cache:6380', 'rediss://default:***@cache:6380'],
    ['amqp://guest:guest@rabbit:5672', 'amqp://guest:***@rabbit:5672'],
    ['postgres://app:p@ss@db/shop', 'postgres://app:***@db/shop'],
  ])('%s', (url, expected) => {
    const { text, redactions } = redactSecrets(`const DATABASE_URL = '${url}';`);
    expect(text).toBe(`const DATABASE_URL = '${expected}';`);
    expect(redactions).toBe(1);
  });

  it('leaves interpolated passwords alone', () => {
    const source = 'const url = `postgres://${user}:${process.env.DB_PASSWORD}@db/shop`;';
    expect(redactSecrets(source)).toEqual({ text: source, redactions: 0 });
  });
});

describe('redactSecrets: secret-named literals', () => {
  it.each([
    ["password: 'hunter2'", "password: '[REDACTED:password]'"],
    ['const dbPassword = "correct-horse"', 'const dbPassword = "[REDACTED:password]"'],
    ["secret = 'keyboard-cat'", "secret = '[REDACTED:secret]'"],
    ['const JWT_SECRET = `my-jwt-signing`', 'const JWT_SECRET = `[REDACTED:secret]`'],
    ['{ "clientSecret": "abc123xyz" }', '{ "clientSecret": "[REDACTED:secret]" }'],
    ['DB_PASSWORD=hunter22', 'DB_PASSWORD=[REDACTED:password]'],
    [`const apiKey = '${ALNUM_40}'`, "const apiKey = '[REDACTED:secret]'"],
    ["const signingKey = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'", "const signingKey = '[REDACTED:secret]'"],
    [`authToken: "${ALNUM_40.slice(0, 28)}"`, 'authToken: "[REDACTED:secret]"'],
  ])('%s', (source, expected) => {
    expect(redactSecrets(source)).toEqual({ text: expected, redactions: 1 });
  });
});

describe('redactSecrets: ordinary code is untouched', () => {
  it.each([
    'const secret = process.env.SECRET;',
    'const password = req.body.password;',
    "if (!password) throw new Error('password is required');",
    "const schema = z.object({ password: z.string().min(8, 'Password is too short') });",
    "const cacheKey = 'users:list';",
    "const cacheKey = `user:${id}`;",
    "const tokenType = 'Bearer';",
    "headers: { Authorization: `Bearer ${token}` }",
    "const secretName = 'JWT_SECRET';",
    "const passwordResetUrl = '/auth/reset';",
    "const key = 'id';",
    "const idempotencyKey = 'order-create-v2';",
    "await fetch('https://api.example.com/v1/users?limit=10');",
    "const db = new Pool({ connectionString: 'postgres://localhost:5432/app' });",
    "const url = 'https://user@example.com/repo.git';",
    'const task = "sk-button";',
    "await prisma.user.findMany({ select: { id: true, passwordHash: false } });",
    "const password = '';",
  ])('%s', (source) => {
    expect(redactSecrets(source)).toEqual({ text: source, redactions: 0 });
  });

  it('counts several secrets in one snippet', () => {
    const source = [
      "  10 | const password = 'hunter22';",
      "  11 | const url = 'redis://:hunter22@cache:6379';",
      `  12 | const key = '${join('AKIA', 'IOSFODNN7EXAMPLE')}';`,
    ].join('\n');
    const { text, redactions } = redactSecrets(source);
    expect(redactions).toBe(3);
    expect(text).not.toContain('hunter22');
    expect(text.split('\n')).toHaveLength(3);
    expect(text).toContain('  12 | ');
  });

  it('is idempotent', () => {
    const once = redactSecrets(`password: 'hunter2', url: 'postgres://a:b@c/d'`).text;
    expect(redactSecrets(once)).toEqual({ text: once, redactions: 0 });
  });
});

describe('looksRandom', () => {
  it.each([
    [ALNUM_40, true],
    ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', true],
    ['users-list-cache-key', false],
    ['aaaaaaaaaaaaaaaaaaaaaaaa1', false],
    ['short1', false],
    ['this has spaces 1234567890', false],
  ])('%s → %s', (value, expected) => {
    expect(looksRandom(value)).toBe(expected);
  });
});

describe('redactSecrets: performance', () => {
  it('stays linear on long minified lines', () => {
    const line = `const data = "${'ab1-'.repeat(25_000)}";\n${'x'.repeat(100_000)} a-b.c-d`.repeat(2);
    const started = performance.now();
    redactSecrets(line);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
