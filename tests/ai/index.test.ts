import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ExplanationCache,
  PROMPT_VERSION,
  buildRequest,
  cacheKey,
  parseExplanationResponse,
  redactedSnippet,
  selectForExplanation,
} from '../../src/ai/index.js';

// The pipeline the API pass will run, minus the network: two files with the same leaked-secret
// handler must produce one redacted request, and a cached answer must serve both.
describe('ai pipeline (offline)', () => {
  it('redacts, de-duplicates, builds one request and caches its answer', async () => {
    const code = [
      'export async function handler(req, res) {',
      "  const client = new Stripe('sk_live_abcdefghijklmnop1234');",
      '  for (const id of req.body.ids) await prisma.order.findUnique({ where: { id } });',
      '}',
    ].join('\n');
    const findings = ['a.ts', 'b.ts'].map((filePath) => ({
      filePath,
      ruleId: 'backend-architect/no-query-in-loop',
      message: 'Query in loop.',
      snippet: redactedSnippet(code, 3).text,
    }));
    const { selected, omittedGroups } = selectForExplanation(findings, 25);
    expect(selected).toHaveLength(1);
    expect(omittedGroups).toBe(0);

    const group = selected[0]!;
    const body = buildRequest({ ...group.representative, model: 'claude-test' });
    const sent = JSON.stringify(body);
    expect(sent).not.toContain('sk_live_abcdefghijklmnop1234');
    expect(sent).toContain('[REDACTED:stripe-key]');

    const dir = mkdtempSync(join(tmpdir(), 'ba-pipeline-'));
    try {
      const cache = new ExplanationCache({ dir });
      const key = cacheKey({ model: body.model, promptVersion: PROMPT_VERSION, ...group.representative });
      expect(await cache.get(key)).toBeUndefined();
      const reply = parseExplanationResponse({
        content: [
          {
            type: 'tool_use',
            name: 'record_explanation',
            input: {
              explanation: 'Line 3 queries once per id.',
              consequence: 'Large id lists exhaust the pool.',
              fix: { description: 'Use findMany with in.', code: 'await prisma.order.findMany({ where: { id: { in: ids } } });' },
              likelyFalsePositive: false,
            },
          },
        ],
      });
      expect(reply.ok).toBe(true);
      if (reply.ok) await cache.set(key, reply.explanation);
      expect(await new ExplanationCache({ dir }).get(key)).toMatchObject({ likelyFalsePositive: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
