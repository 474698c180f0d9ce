#!/usr/bin/env node
// `npm run bench`: how much linting time the plugin's `recommended` config adds on top of
// parsing. A benchmark, not a test: it prints numbers and never fails on them.
//
//   node scripts/bench.mjs                  # 40 copies of examples/next-app in a temp folder
//   node scripts/bench.mjs path/to/project  # any folder (node_modules, .next, dist ignored)
//   node scripts/bench.mjs --copies 10 --rounds 3
//
// Both configurations run in this one process, alternating baseline / recommended each round
// (the order flips every round so neither always runs on a warmer heap), after warm-up rounds
// that are not counted. Per-rule times come from ESLint's `stats` option.
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import plugin from '../dist/index.js';

const EXAMPLE_APP = fileURLToPath(new URL('../examples/next-app/', import.meta.url));
const IGNORED_DIRS = new Set(['node_modules', '.next', 'dist', '.git']);
const USAGE = `Usage: node scripts/bench.mjs [corpus-dir] [--copies N] [--rounds N] [--warmup N] [--keep]

  corpus-dir   folder to lint (default: N copies of examples/next-app in a temp folder)
  --copies N   copies of the example app in the default corpus (default 40)
  --rounds N   measured rounds; each lints the corpus once per config (default 5)
  --warmup N   uncounted rounds before measuring (default 1)
  --keep       keep the generated temp corpus and print its path`;

function positiveInt(name, value, { allowZero = false } = {}) {
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1)) {
    throw new UsageError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(value)}`);
  }
  return number;
}

class UsageError extends Error {}

function readArgs() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      copies: { type: 'string', default: '40' },
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (positionals.length > 1) throw new UsageError(`expected at most one corpus folder, got ${positionals.length}`);
  return {
    help: values.help,
    corpus: positionals[0] ? resolve(positionals[0]) : undefined,
    copies: positiveInt('copies', values.copies),
    rounds: positiveInt('rounds', values.rounds),
    warmup: positiveInt('warmup', values.warmup, { allowZero: true }),
    keep: values.keep,
  };
}

/** N copies of the example app side by side: app-001/, app-002/, … each with its package.json. */
async function makeCorpus(copies) {
  const dir = await mkdtemp(join(tmpdir(), 'backend-architect-bench-'));
  const filter = (source) => !IGNORED_DIRS.has(basename(source));
  for (let i = 1; i <= copies; i++) {
    await cp(EXAMPLE_APP, join(dir, `app-${String(i).padStart(3, '0')}`), { recursive: true, filter });
  }
  return dir;
}

function createLinters(cwd) {
  const base = [
    { ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**'] },
    { files: ['**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },
  ];
  const options = { cwd, overrideConfigFile: true, stats: true, cache: false };
  return {
    baseline: new ESLint({ ...options, overrideConfig: base }),
    recommended: new ESLint({ ...options, overrideConfig: [...base, plugin.configs.recommended] }),
  };
}

async function lintOnce(eslint) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const results = await eslint.lintFiles(['.']);
  const wall = performance.now() - start;
  const { user, system } = process.cpuUsage(cpuStart);
  const cpu = (user + system) / 1000;
  const ruleTimes = new Map();
  let parse = 0;
  let fatal = 0;
  let findings = 0;
  for (const result of results) {
    fatal += result.fatalErrorCount;
    findings += result.messages.filter((message) => message.ruleId).length;
    for (const pass of result.stats?.times?.passes ?? []) {
      parse += pass.parse?.total ?? 0;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) ruleTimes.set(ruleId, (ruleTimes.get(ruleId) ?? 0) + time.total);
    }
  }
  return { files: results.length, wall, cpu, parse, ruleTimes, fatal, findings };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`.padStart(10);

async function main() {
  const args = readArgs();
  if (args.help) {
    console.log(USAGE);
    return;
  }

  if (args.corpus && !(await stat(args.corpus).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`corpus folder not found: ${args.corpus}`);
  }
  const generated = args.corpus ? undefined : await makeCorpus(args.copies);
  const corpus = args.corpus ?? generated;
  try {
    const linters = createLinters(corpus);
    const label = generated ? `${args.copies} copies of ${relative(process.cwd(), EXAMPLE_APP) || EXAMPLE_APP} in ${corpus}` : corpus;
    console.log(`Corpus: ${label}`);
    console.log(`Node ${process.version}, ESLint ${ESLint.version}, ${args.rounds} rounds (+${args.warmup} warm-up), rules: ${Object.keys(plugin.configs.recommended.rules ?? {}).length} (recommended)`);

    const runs = { baseline: [], recommended: [] };
    const total = args.warmup + args.rounds;
    for (let round = 0; round < total; round++) {
      const order = round % 2 === 0 ? ['baseline', 'recommended'] : ['recommended', 'baseline'];
      for (const name of order) {
        const run = await lintOnce(linters[name]);
        if (round >= args.warmup) runs[name].push(run);
      }
      if (process.stderr.isTTY) {
        const warm = round < args.warmup;
        process.stderr.write(`\r${warm ? 'warm-up' : 'round'} ${warm ? round + 1 : round - args.warmup + 1}/${warm ? args.warmup : args.rounds} done`);
      }
    }
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');

    const first = runs.recommended[0];
    const stat = (name, key) => {
      const values = runs[name].map((run) => run[key]);
      return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
    };
    const wall = { baseline: stat('baseline', 'wall'), recommended: stat('recommended', 'wall') };
    const cpu = { baseline: stat('baseline', 'cpu'), recommended: stat('recommended', 'cpu') };
    const parseTime = median(runs.baseline.map((run) => run.parse));
    const extra = wall.recommended.median - wall.baseline.median;
    console.log(`Files linted: ${first.files} (${first.findings} findings with recommended${first.fatal ? `, ${first.fatal} PARSE ERRORS` : ''})`);
    console.log('');
    console.log('                         wall median    wall min    wall max   CPU median');
    for (const name of ['baseline', 'recommended']) {
      const title = name === 'baseline' ? 'baseline (parse only)' : 'recommended';
      console.log(`  ${title.padEnd(21)}  ${ms(wall[name].median)}  ${ms(wall[name].min)}  ${ms(wall[name].max)}  ${ms(cpu[name].median)}   ${(wall[name].median / first.files).toFixed(2)} ms/file`);
    }
    console.log(`  overhead               ${(wall.recommended.median / wall.baseline.median).toFixed(2)}x wall (${extra >= 0 ? '+' : ''}${extra.toFixed(0)} ms, ${(extra / first.files).toFixed(2)} ms/file), ${(cpu.recommended.median / cpu.baseline.median).toFixed(2)}x CPU`);
    console.log(`  parse time (baseline, ESLint stats): ${ms(parseTime).trim()}`);

    const ruleIds = [...new Set(runs.recommended.flatMap((run) => [...run.ruleTimes.keys()]))];
    if (ruleIds.length === 0) {
      console.log('\n  (no per-rule times: this ESLint version does not report stats)');
      return;
    }
    const perRule = ruleIds
      .map((id) => ({ id, time: median(runs.recommended.map((run) => run.ruleTimes.get(id) ?? 0)) }))
      .sort((a, b) => b.time - a.time);
    const ruleTotal = perRule.reduce((sum, rule) => sum + rule.time, 0);
    const width = Math.max(...perRule.map((rule) => rule.id.length));
    console.log('');
    console.log('  rule time (median per round, ESLint stats)');
    for (const rule of perRule) {
      const share = ruleTotal > 0 ? (100 * rule.time) / ruleTotal : 0;
      console.log(`    ${rule.id.padEnd(width)}  ${ms(rule.time)}  ${share.toFixed(1).padStart(5)}%`);
    }
    console.log(`    ${'total'.padEnd(width)}  ${ms(ruleTotal)}  100.0%`);
    console.log('  note: the rules share one analysis of each file, built by whichever rule asks first, so its cost lands on that rule.');
  } finally {
    if (generated && !args.keep) await rm(generated, { recursive: true, force: true });
    else if (generated) console.log(`(corpus kept in ${generated})`);
  }
}

main().catch((error) => {
  if (error instanceof UsageError || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || error?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || error?.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    console.error(`bench: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
