// Command-line arguments: node:util parseArgs, then validation with messages a user can act on.
import { parseArgs } from 'node:util';
import { FORMATS, type FormatName } from './types.js';

export class UsageError extends Error {}

export interface CliOptions {
  command: 'lint' | 'explain';
  /** lint: file/dir/glob patterns; explain: at most one input file, `-` or none for stdin */
  patterns: string[];
  explain: boolean;
  format: FormatName;
  /** Options of the AI pass. */
  maxExplanations: number;
  model: string | undefined;
  concurrency: number;
  cacheDir: string | undefined;
  cache: boolean;
  dryRun: boolean;
  batch: boolean;
  /** `--batch-wait`: seconds to wait for a batch before leaving it running for the next run. */
  batchWaitSeconds: number;
  help: boolean;
  version: boolean;
}

export const USAGE = `Usage:
  backend-architect [patterns...] [options]   lint with your eslint.config.* (default pattern: .)
  backend-architect explain [FILE|-] [options] explain \`eslint -f json\` output (a file, or stdin)

Options:
  --explain                 add an explanation under each backend-architect finding
  --format <name>           stylish (default), json, markdown or sarif
  --max-explanations <n>    explain at most n findings per run (default 25)
  --model <id>              Claude model for AI explanations (or BACKEND_ARCHITECT_MODEL)
  --concurrency <n>         parallel AI requests (default 4)
  --cache-dir <dir>         explanation cache (default node_modules/.cache/backend-architect)
  --no-cache                do not read or write the explanation cache
  --dry-run                 show what would be sent to the API, send nothing
  --batch                   send the explanations as one Message Batch (half price,
                            slower: for CI); waits with progress
  --batch-wait <seconds>    stop waiting for the batch after this long (default 1800);
                            the next --batch run collects its results
  -h, --help                show this help
  -v, --version             show the version

Exit codes: 0 no lint errors, 1 lint errors, 2 usage or fatal error.
The explanations never change the exit code.`;

function positiveInteger(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`--${name} must not be empty`);
  return value;
}

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        explain: { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        'max-explanations': { type: 'string' },
        model: { type: 'string' },
        concurrency: { type: 'string' },
        'cache-dir': { type: 'string' },
        'no-cache': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        batch: { type: 'boolean' },
        'batch-wait': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  const command = positionals[0] === 'explain' ? 'explain' : 'lint';
  const patterns = command === 'explain' ? positionals.slice(1) : positionals;
  if (command === 'explain' && patterns.length > 1) {
    throw new UsageError('explain takes one input: a file of `eslint -f json` output, or - (or nothing) for stdin');
  }
  return {
    command,
    patterns: command === 'lint' && patterns.length === 0 ? ['.'] : patterns,
    explain: command === 'explain' || values.explain === true,
    format: format as FormatName,
    maxExplanations: positiveInteger('max-explanations', values['max-explanations'], 25, 0),
    model: nonEmpty('model', values.model),
    concurrency: positiveInteger('concurrency', values.concurrency, 4, 1),
    cacheDir: nonEmpty('cache-dir', values['cache-dir']),
    cache: values['no-cache'] !== true,
    dryRun: values['dry-run'] === true,
    batch: values.batch === true,
    batchWaitSeconds: positiveInteger('batch-wait', values['batch-wait'], 1800, 0),
    help: values.help === true,
    version: values.version === true,
  };
}
