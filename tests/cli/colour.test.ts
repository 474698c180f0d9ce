// Colour only on a TTY, and never with NO_COLOR: run() in-process with a fake stdout.
import { describe, expect, it } from 'vitest';
import { run } from '../../dist/cli/index.js';

const input = JSON.stringify([
  {
    filePath: `${process.cwd()}/src/jobs.ts`,
    messages: [{ ruleId: 'backend-architect/no-query-in-loop', severity: 2, message: 'N+1.', line: 3, column: 5 }],
    errorCount: 1,
    warningCount: 0,
  },
]);

async function stylishOutput(isTTY: boolean, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['explain'], {
    cwd: process.cwd(),
    env,
    stdout: { isTTY, columns: 80, write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    readStdin: async () => input,
  });
  return { code, out, err };
}

describe('colour', () => {
  it('colours stylish output on a TTY', async () => {
    const { code, out } = await stylishOutput(true, {});
    expect(code).toBe(1);
    expect(out).toContain('\u001b[');
    expect(out).toContain('A query inside a loop runs once per element');
  });

  it('does not colour when NO_COLOR is set or stdout is not a TTY', async () => {
    expect((await stylishOutput(true, { NO_COLOR: '1' })).out).not.toContain('\u001b[');
    expect((await stylishOutput(false, {})).out).not.toContain('\u001b[');
  });

  it('wraps explanations to the terminal width', async () => {
    const { out } = await stylishOutput(false, {});
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
