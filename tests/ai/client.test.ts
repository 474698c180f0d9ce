// explainWithApi against a fake Messages API on 127.0.0.1: dedupe, the concurrency bound, the
// cache, the --max-explanations cut and the auth stop. No request leaves loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExplanationCache, explainWithApi, planExplanations, promisePool, type ApiFinding } from '../../src/ai/index.js';

const EXPLANATION = {
  explanation: 'why',
  consequence: 'what breaks',
  fix: { description: 'how', code: 'fixed();' },
  likelyFalsePositive: false,
};

let server: Server;
let baseURL = '';
let requests = 0;
let inFlight = 0;
let maxInFlight = 0;
let mode: 'ok' | 'auth' | 'garbage' = 'ok';
let cacheRoot: string;

function reply(res: ServerResponse): void {
  inFlight--;
  if (mode === 'auth') {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  const content = mode === 'garbage' ? [{ type: 'text', text: 'no json here' }] : [{ type: 'tool_use', id: 't', name: 'record_explanation', input: EXPLANATION }];
  res.end(JSON.stringify({ id: 'm', type: 'message', role: 'assistant', model: 'x', content, stop_reason: 'tool_use', usage: { input_tokens: 1, output_tokens: 1 } }));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume().on('end', () => {
      requests++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => reply(res), 30);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  cacheRoot = mkdtempSync(join(tmpdir(), 'ba-client-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(cacheRoot, { recursive: true, force: true });
});
beforeEach(() => {
  requests = 0;
  inFlight = 0;
  maxInFlight = 0;
  mode = 'ok';
});

const finding = (i: number, line = i): ApiFinding => ({
  ruleId: 'backend-architect/no-query-in-loop',
  message: `Query in loop #${i}`,
  snippet: `${line} | await prisma.user.findUnique()`,
  filePath: '/x/a.ts',
  line,
});
const base = () => ({ apiKey: 'test', baseURL, maxRetries: 0, timeoutMs: 5_000, warn: () => undefined });

describe('explainWithApi', () => {
  it('explains each distinct finding once, with at most `concurrency` requests in flight', async () => {
    const findings = [finding(1), finding(2), finding(1), finding(3), finding(4), finding(5), finding(6)];
    const result = await explainWithApi(findings, { ...base(), concurrency: 2 });
    expect(requests).toBe(6);
    expect(maxInFlight).toBe(2);
    expect(result.outcomes).toHaveLength(6);
    expect(result.outcomes.every((o) => o.status === 'explained')).toBe(true);
    expect(result.outcomes[0]!.members).toHaveLength(2);
  });

  it('cache hits make no request', async () => {
    const cache = new ExplanationCache({ dir: join(cacheRoot, 'a') });
    await explainWithApi([finding(1), finding(2)], { ...base(), cache });
    expect(requests).toBe(2);
    requests = 0;
    const again = await explainWithApi([finding(1), finding(2)], { ...base(), cache });
    expect(requests).toBe(0);
    expect(again.cacheHits).toBe(2);
    expect(again.outcomes.every((o) => o.status === 'explained' && o.cached)).toBe(true);
  });

  it('--max-explanations bounds the distinct findings and counts the rest', async () => {
    const result = await explainWithApi([finding(1), finding(2), finding(3), finding(3)], { ...base(), maxExplanations: 2 });
    expect(requests).toBe(2);
    expect(result.omittedGroups).toBe(1);
    expect(result.omittedFindings).toBe(2);
  });

  it('an auth error stops the pass: no new requests, the rest skipped', async () => {
    mode = 'auth';
    const result = await explainWithApi([finding(1), finding(2), finding(3), finding(4)], { ...base(), concurrency: 1 });
    expect(requests).toBe(1);
    expect(result.authError).toMatch(/401/);
    expect(result.outcomes.every((o) => o.status === 'skipped')).toBe(true);
  });

  it('an unparseable answer marks the finding unavailable and is not cached', async () => {
    mode = 'garbage';
    const cache = new ExplanationCache({ dir: join(cacheRoot, 'b') });
    const result = await explainWithApi([finding(1)], { ...base(), cache });
    expect(result.outcomes[0]).toMatchObject({ status: 'unavailable' });
    mode = 'ok';
    requests = 0;
    await explainWithApi([finding(1)], { ...base(), cache });
    expect(requests).toBe(1);
  });

  it('planExplanations estimates without sending', async () => {
    const plan = await planExplanations([finding(1), finding(1), finding(2)], { maxExplanations: 1 });
    expect(requests).toBe(0);
    expect(plan.lines).toHaveLength(1);
    expect(plan.lines[0]!.estimatedTokens).toBeGreaterThan(100);
    expect(plan.omittedGroups).toBe(1);
  });

  it('promisePool runs everything with the bound', async () => {
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    await promisePool([1, 2, 3, 4, 5], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      active--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
