// The code the model sees for one finding: the function around it, with line numbers so the
// explanation can point at lines, capped so one huge handler cannot blow the token budget.
import { parse } from '@typescript-eslint/parser';
import { redactSecrets } from './redact.js';

export interface SnippetOptions {
  /** Last line of the finding when it spans several lines (defaults to `line`). */
  endLine?: number;
  /** Lines either side of the finding when no enclosing function is found. */
  contextLines?: number;
  /** Hard cap on the snippet's length, centred on the finding. */
  maxLines?: number;
  /**
   * Functions shorter than this are widened to the next enclosing one: a one-line
   * `users.map((u) => prisma.post.findMany(…))` callback says nothing without the loop around it.
   */
  minFunctionLines?: number;
}

export interface Snippet {
  /** Numbered source lines; the finding's lines are marked with `>`. */
  text: string;
  startLine: number;
  endLine: number;
  /** Whether the snippet is an enclosing function or the plain line window fallback. */
  kind: 'function' | 'window';
}

const DEFAULT_CONTEXT_LINES = 15;
const DEFAULT_MAX_LINES = 120;
const DEFAULT_MIN_FUNCTION_LINES = 3;

interface LineSpan {
  start: number;
  end: number;
}

/**
 * Returns the smallest function, method or arrow that contains the finding, numbered like
 * `  42 | code`. Never throws: unparsable source (a syntax error, a Vue file, a fragment) falls
 * back to ±`contextLines` lines around the finding.
 */
export function enclosingSnippet(sourceText: string, line: number, options: SnippetOptions = {}): Snippet {
  const lines = sourceText.split(/\r?\n/);
  const lineCount = lines.length;
  const maxLines = Math.max(1, options.maxLines ?? DEFAULT_MAX_LINES);
  const contextLines = Math.max(0, options.contextLines ?? DEFAULT_CONTEXT_LINES);
  const minFunctionLines = options.minFunctionLines ?? DEFAULT_MIN_FUNCTION_LINES;

  const findingStart = clamp(Math.floor(line), 1, lineCount);
  const findingEnd = clamp(Math.floor(options.endLine ?? line), findingStart, lineCount);
  const finding: LineSpan = { start: findingStart, end: findingEnd };

  const enclosing = findEnclosingFunction(sourceText, finding, minFunctionLines);
  const span = enclosing ?? {
    start: Math.max(1, finding.start - contextLines),
    end: Math.min(lineCount, finding.end + contextLines),
  };
  const capped = capAroundFinding(span, finding, maxLines);

  return {
    text: numberLines(lines, capped, finding),
    startLine: capped.start,
    endLine: capped.end,
    kind: enclosing ? 'function' : 'window',
  };
}

export interface RedactedSnippet extends Snippet {
  /** How many secrets were replaced in `text`. */
  redactions: number;
}

/**
 * The snippet as it may leave the machine: `enclosingSnippet` followed by `redactSecrets`.
 * Callers should use this rather than the two steps, so no path can skip redaction; the
 * redacted text is also what de-duplication and the cache key hash.
 */
export function redactedSnippet(sourceText: string, line: number, options: SnippetOptions = {}): RedactedSnippet {
  const snippet = enclosingSnippet(sourceText, line, options);
  const { text, redactions } = redactSecrets(snippet.text);
  return { ...snippet, text, redactions };
}

function findEnclosingFunction(sourceText: string, finding: LineSpan, minFunctionLines: number): LineSpan | undefined {
  const program = parseLeniently(sourceText);
  if (!program) return undefined;

  const candidates: LineSpan[] = [];
  visit(program, undefined, (node, parent) => {
    if (!FUNCTION_TYPES.has(node.type) || !node.loc) return;
    // A method's or property's own node includes its name (and decorators), which the model needs.
    const owner = parent && FUNCTION_OWNER_TYPES.has(parent.type) && parent.loc ? parent : node;
    const span = { start: owner.loc!.start.line, end: owner.loc!.end.line };
    if (span.start <= finding.start && finding.end <= span.end) candidates.push(span);
  });
  if (candidates.length === 0) return undefined;

  // Innermost first; skip one-liners when something larger encloses them.
  candidates.sort((a, b) => a.end - a.start - (b.end - b.start));
  return candidates.find((span) => span.end - span.start + 1 >= minFunctionLines) ?? candidates[0];
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const FUNCTION_OWNER_TYPES = new Set(['MethodDefinition', 'Property', 'PropertyDefinition']);

interface LooseNode {
  type: string;
  loc?: { start: { line: number }; end: { line: number } };
}

/** Tries plain TypeScript first, then TSX: `<T>(x) => x` only parses without JSX. */
function parseLeniently(sourceText: string): LooseNode | undefined {
  for (const jsx of [false, true]) {
    try {
      return parse(sourceText, { range: true, loc: true, jsx, comment: false }) as unknown as LooseNode;
    } catch {
      // Try the next dialect; give up quietly after the last one.
    }
  }
  return undefined;
}

function visit(
  node: LooseNode,
  parent: LooseNode | undefined,
  onNode: (node: LooseNode, parent: LooseNode | undefined) => void,
): void {
  onNode(node, parent);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) visit(child, node, onNode);
    } else if (isNode(value)) {
      visit(value, node, onNode);
    }
  }
}

function isNode(value: unknown): value is LooseNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Keeps at most `maxLines`, centred on the finding and inside the original span. */
function capAroundFinding(span: LineSpan, finding: LineSpan, maxLines: number): LineSpan {
  if (span.end - span.start + 1 <= maxLines) return span;
  const findingMiddle = Math.floor((finding.start + finding.end) / 2);
  let start = Math.max(span.start, findingMiddle - Math.floor(maxLines / 2));
  const end = Math.min(span.end, start + maxLines - 1);
  start = Math.max(span.start, end - maxLines + 1);
  return { start, end };
}

function numberLines(lines: readonly string[], span: LineSpan, finding: LineSpan): string {
  const width = String(span.end).length;
  const numbered: string[] = [];
  for (let lineNumber = span.start; lineNumber <= span.end; lineNumber++) {
    const marker = lineNumber >= finding.start && lineNumber <= finding.end ? '>' : ' ';
    const code = lines[lineNumber - 1] ?? '';
    numbered.push(`${marker} ${String(lineNumber).padStart(width)} | ${code}`.trimEnd());
  }
  return numbered.join('\n');
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, value));
}
