// Secret redaction for code snippets. Runs on every snippet before it can leave the machine
// (API request, dry-run output, cache key), so it errs on the side of redacting: a lost literal
// costs the model a little context, a leaked key costs the user a rotation.
//
// Replacements keep the code readable (`[REDACTED:jwt]`, `postgres://app:***@db`) so the model
// still sees *what kind* of value sat there, which is often the point of the finding.

export interface RedactionResult {
  text: string;
  /** How many values were replaced; callers report it in dry-run output. */
  redactions: number;
}

interface TokenPattern {
  label: string;
  pattern: RegExp;
}

// Vendor tokens have recognisable prefixes, so they are redacted wherever they appear,
// whatever they are assigned to. Order matters only where prefixes overlap (none do here).
const VENDOR_TOKEN_PATTERNS: readonly TokenPattern[] = [
  // Stripe secret/publishable/restricted keys and webhook signing secrets.
  { label: 'stripe-key', pattern: /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/g },
  { label: 'stripe-webhook-secret', pattern: /\bwhsec_[A-Za-z0-9]{20,}/g },
  // Anthropic (sk-ant-…), OpenAI (sk-…, sk-proj-…) and look-alikes.
  { label: 'api-key', pattern: /\bsk-[A-Za-z0-9_-]{20,}/g },
  // Stripe-style restricted keys without the live/test infix, and similar `rk_` tokens.
  { label: 'api-key', pattern: /\brk_[A-Za-z0-9]{20,}/g },
  { label: 'github-token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/g },
  { label: 'github-token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  { label: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { label: 'slack-token', pattern: /\bxox[bpars]-[A-Za-z0-9-]{10,}/g },
  { label: 'aws-access-key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { label: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  // Three base64url segments, the first two decoding to JSON objects (`{"` → `eyJ`).
  { label: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
];

// `-----BEGIN RSA PRIVATE KEY----- … -----END RSA PRIVATE KEY-----`, also inside string literals
// with `\n` escapes. Only private keys: certificates and public keys are not secrets.
const PEM_PRIVATE_KEY = /(-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----)([\s\S]*?)(-----END \2PRIVATE KEY-----)/g;

// scheme://user:password@host — the password is replaced, the rest stays so the model can
// still tell Postgres from Redis. A password containing `@` (unencoded) is handled by the
// greedy match backtracking to the last `@` before the host.
const URL_WITH_PASSWORD = /(?<![a-zA-Z0-9+.-])([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s:/@'"`]*):([^\s/'"`]+)@/g;

// `Authorization: 'Bearer <token>'` in a fetch call or a test.
const BEARER_TOKEN = /\b(Bearer\s+)([A-Za-z0-9._~+/-]{20,}=*)/g;

// name: 'value' / name = "value" / "name": `value` / NAME=value (env style). The name is
// captured so the decision can depend on it. The lookbehinds here and in URL_WITH_PASSWORD
// anchor matches at the start of a word: without them a long minified line is rescanned from
// every character, which is quadratic.
const NAMED_LITERAL =
  /(?<![\w$-])(["']?)([A-Za-z_$][\w$-]*)\1(\s*(?::|=|:=)\s*)(?:(['"`])((?:\\.|(?!\4)[^\\\n])*)\4|(?<=[A-Z0-9_]=)([^\s'"`;,]+))/g;

// Names whose string value is a secret whatever it looks like (`password: 'hunter2'`).
// The secret word must end the name: `dbPassword`, `JWT_SECRET`, but not `passwordResetUrl`.
const ALWAYS_SECRET_NAME = /(?:^|[_-]|[a-z0-9])(?:password|passwd|pwd|secret|passphrase)$/i;

// Names whose value is a secret only when it also looks random: `apiKey`, `authToken`,
// `privateKey`, `credentials`. A `cacheKey: 'users:list'` or `tokenType: 'Bearer'` stays.
const MAYBE_SECRET_NAME = /(?:key|token|secret|credentials?|auth|signature|salt)$/i;

const REDACTED_MARKER = '[REDACTED:';

/**
 * Replaces secrets in `text`. Pure and deterministic: the same input always gives the same
 * output, so redacted snippets can be hashed for caching and de-duplication.
 */
export function redactSecrets(text: string): RedactionResult {
  let redactions = 0;
  let result = text;

  result = result.replace(
    PEM_PRIVATE_KEY,
    (_match, begin: string, _kind: string, body: string, end: string) => {
      redactions += 1;
      return `${begin}${redactPemBody(body)}${end}`;
    },
  );

  for (const { label, pattern } of VENDOR_TOKEN_PATTERNS) {
    result = result.replace(pattern, () => {
      redactions += 1;
      return `${REDACTED_MARKER}${label}]`;
    });
  }

  result = result.replace(URL_WITH_PASSWORD, (match, scheme: string, user: string, password: string) => {
    // A template placeholder or an already-masked password is not a secret.
    if (password === '***' || password.includes('${') || password.startsWith(REDACTED_MARKER)) {
      return match;
    }
    redactions += 1;
    return `${scheme}${user}:***@`;
  });

  result = result.replace(BEARER_TOKEN, (_match, prefix: string) => {
    redactions += 1;
    return `${prefix}${REDACTED_MARKER}bearer-token]`;
  });

  result = result.replace(
    NAMED_LITERAL,
    (
      match: string,
      nameQuote: string,
      name: string,
      separator: string,
      valueQuote: string | undefined,
      quotedValue: string | undefined,
      bareValue: string | undefined,
    ) => {
      const value = quotedValue ?? bareValue ?? '';
      const label = secretLabelFor(name, value);
      if (!label) return match;
      redactions += 1;
      const replacement = `${REDACTED_MARKER}${label}]`;
      const quote = valueQuote ?? '';
      return `${nameQuote}${name}${nameQuote}${separator}${quote}${replacement}${quote}`;
    },
  );

  return { text: result, redactions };
}

/** Keeps the line structure of a PEM body (snippets carry line numbers) but none of its content. */
function redactPemBody(body: string): string {
  let placed = false;
  return body.replace(/[A-Za-z0-9+/=]{8,}/g, () => {
    if (placed) return '';
    placed = true;
    return `${REDACTED_MARKER}private-key]`;
  });
}

/** Decides whether `name = 'value'` hides a secret, and which label to show. */
function secretLabelFor(name: string, value: string): string | undefined {
  if (value.length === 0 || value.startsWith(REDACTED_MARKER)) return undefined;
  // Interpolated templates are code, not secrets: `${process.env.DB_PASSWORD}`.
  if (value.includes('${')) return undefined;

  if (ALWAYS_SECRET_NAME.test(name)) {
    // Messages such as `password: 'Password is required'` are prose, not credentials, and an
    // env-var name (`secretName: 'JWT_SECRET'`) is a reference to a secret, not the secret.
    if (/\s/.test(value) || value.length < 4 || /^[A-Z][A-Z0-9_]*$/.test(value)) return undefined;
    return /secret/i.test(name) ? 'secret' : 'password';
  }
  if (MAYBE_SECRET_NAME.test(name) && looksRandom(value)) return 'secret';
  return undefined;
}

/**
 * A long run of base64/hex characters with high character entropy: the shape of generated
 * keys. Words, slugs and paths (`users-list`, `/api/v1`) fall well below the threshold.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 20 || !/^[A-Za-z0-9+/=_.-]+$/.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  const isHex = /^[0-9a-fA-F]+$/.test(value);
  // Hex tops out at 4 bits per character, base64 at 6; thresholds sit just below typical keys.
  return shannonEntropy(value) >= (isHex ? 3 : 3.5) && (!isHex || value.length >= 32);
}

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const probability = count / value.length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy;
}
