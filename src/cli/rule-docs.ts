// The built-in explanations: each rule's docs page (docs/rules/<id>.md, shipped in the package),
// its first prose section after the auto-generated header, trimmed to a few sentences.
import { readFileSync } from 'node:fs';
import { REPOSITORY_URL } from '../util/create-rule.js';
import { rules } from '../rules/index.js';

export const RULE_PREFIX = 'backend-architect/';

const DOCS_DIR = new URL('../../docs/rules/', import.meta.url);
const HEADER_END = '<!-- end auto-generated rule header -->';
const MAX_SENTENCES = 3;
const MAX_CHARS = 600;

export interface RuleDoc {
  /** `backend-architect/<id>` */
  ruleId: string;
  /** meta.docs.description */
  description: string;
  /** meta.docs.url */
  url: string;
  /** A few sentences of why it matters: the built-in explanation. */
  explanation: string;
  /** The whole "why" section, markdown, for SARIF rule help. */
  helpMarkdown: string;
}

export function isOwnRule(ruleId: string | null | undefined): ruleId is string {
  return typeof ruleId === 'string' && ruleId.startsWith(RULE_PREFIX);
}

const cache = new Map<string, RuleDoc | undefined>();

/** The docs of one of this plugin's rules, or undefined for other rules and unknown ids. */
export function ruleDoc(ruleId: string): RuleDoc | undefined {
  if (cache.has(ruleId)) return cache.get(ruleId);
  let doc: RuleDoc | undefined;
  const id = ruleId.slice(RULE_PREFIX.length);
  if (isOwnRule(ruleId) && Object.hasOwn(rules, id)) {
    const meta = rules[id as keyof typeof rules].meta;
    let markdown = '';
    try {
      markdown = readFileSync(new URL(`${id}.md`, DOCS_DIR), 'utf8');
    } catch {
      // docs missing from the install: the description still says what the rule is about
    }
    const section = whySection(markdown);
    doc = {
      ruleId,
      description: meta.docs?.description ?? '',
      url: meta.docs?.url ?? `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`,
      explanation: explanationOf(markdown) || meta.docs?.description || '',
      helpMarkdown: section || meta.docs?.description || '',
    };
  }
  cache.set(ruleId, doc);
  return doc;
}

/** The built-in explanation of a finding of `ruleId`, if it is one of this plugin's rules. */
export function builtInExplanation(ruleId: string | null | undefined): string | undefined {
  return isOwnRule(ruleId) ? ruleDoc(ruleId)?.explanation || undefined : undefined;
}

/**
 * The section that says why the rule matters: a `## Why…` section when the page has one,
 * otherwise the prose between the auto-generated header and the first heading.
 */
export function whySection(markdown: string): string {
  const start = markdown.indexOf(HEADER_END);
  const body = start === -1 ? markdown : markdown.slice(start + HEADER_END.length);
  const lines = body.split(/\r?\n/);
  const why = lines.findIndex((line) => /^##\s+why\b/i.test(line));
  const from = why === -1 ? 0 : why + 1;
  const section: string[] = [];
  let fenced = false;
  for (const line of lines.slice(from)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && /^#{1,6}\s/.test(line)) break;
    section.push(line);
  }
  return section.join('\n').trim();
}

type Block = { kind: 'prose' | 'list' | 'other'; text: string };

function blocksOf(section: string): Block[] {
  const blocks: Block[] = [];
  let fenced = false;
  for (const raw of section.split(/\n\s*\n/)) {
    const fences = (raw.match(/^\s*(```|~~~)/gm) ?? []).length;
    const inside = fenced;
    if (fences % 2 === 1) fenced = !fenced;
    const text = raw.trim();
    if (!text) continue;
    if (inside || fences > 0) blocks.push({ kind: 'other', text });
    else if (/^([-*+]\s|\d+[.)]\s)/.test(text)) blocks.push({ kind: 'list', text });
    else if (/^(\||>|<|!\[|[\u{1F300}-\u{1FAFF}\u2600-\u27BF])/u.test(text)) blocks.push({ kind: 'other', text });
    else blocks.push({ kind: 'prose', text: text.replace(/\s*\n\s*/g, ' ') });
  }
  return blocks;
}

/** The first item of a markdown list as the end of a sentence, when it reads as one. */
function firstItem(list: string): string | undefined {
  const item = (list.split(/\n(?=\s*(?:[-*+]|\d+[.)])\s)/)[0] ?? '').replace(/^\s*([-*+]|\d+[.)])\s+/, '').replace(/\s*\n\s*/g, ' ');
  // a bold lead-in ("**Locks are held.** …") starts a paragraph of its own, not a clause
  if (/^\*\*/.test(item) || /[.!?]\s+[A-Z]/.test(item)) return undefined;
  return `${item.replace(/[\s;,:.]+$/, '')}.`;
}

function sentencesOf(section: string): string[] {
  const blocks = blocksOf(section);
  const sentences: string[] = [];
  for (const [index, block] of blocks.entries()) {
    if (block.kind !== 'prose') continue;
    const parts = block.text.split(/(?<=[.!?])\s+(?=[A-Z`("*_[])/);
    for (const [i, sentence] of parts.entries()) {
      if (sentences.length >= MAX_SENTENCES) return sentences;
      const next = [...sentences, sentence].join(' ');
      if (sentences.length > 0 && next.length > MAX_CHARS) return sentences;
      if (!sentence.endsWith(':') || i < parts.length - 1) {
        sentences.push(sentence);
        continue;
      }
      // A sentence that introduces a list ends with the list's first item; one that
      // introduces a code block reads badly without it, so the summary stops before it.
      const following = blocks[index + 1];
      const item = following?.kind === 'list' ? firstItem(following.text) : undefined;
      if (item) sentences.push(`${sentence} ${item}`);
      return sentences;
    }
  }
  return sentences;
}

/** The first prose of a markdown section, unwrapped, cut to a few sentences. */
export function summarize(section: string): string {
  return sentencesOf(section).join(' ').trim();
}

/** The built-in explanation from a whole docs page: the "why" section, or the intro when that says more. */
export function explanationOf(markdown: string): string {
  const why = sentencesOf(whySection(markdown));
  if (why.length >= 2) return why.join(' ');
  const intro = sentencesOf(introSection(markdown));
  return (intro.length > why.length ? intro : why).join(' ');
}

function introSection(markdown: string): string {
  const start = markdown.indexOf(HEADER_END);
  const body = start === -1 ? markdown : markdown.slice(start + HEADER_END.length);
  return whySection(`${HEADER_END}\n${body.replace(/^##\s+why\b/im, '## _')}`);
}

/**
 * Every rule of the plugin, one short paragraph each: sent once per run in the cached system
 * prefix, so the model knows the whole checklist (and how the rules divide the work) when it
 * judges one finding. Deterministic, so the prefix stays byte-identical and the cache hits.
 */
export function rulesReference(): string {
  return Object.keys(rules)
    .sort()
    .map((id) => {
      const doc = ruleDoc(`${RULE_PREFIX}${id}`);
      const why = doc?.explanation && doc.explanation !== doc.description ? ` ${doc.explanation}` : '';
      return `- ${RULE_PREFIX}${id}: ${doc?.description ?? ''}.${why}`.replace(/\.\.(\s|$)/g, '.$1');
    })
    .join('\n');
}
