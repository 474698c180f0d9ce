import { relative, sep } from 'node:path';
import type { ExplainedMessage } from '../types.js';

/** A path relative to cwd with forward slashes (absolute when it is outside cwd). */
export function relativePath(cwd: string, filePath: string): string {
  const rel = relative(cwd, filePath);
  const path = rel && !rel.startsWith('..') ? rel : filePath;
  return path.split(sep).join('/');
}

export function severityName(message: ExplainedMessage): 'error' | 'warning' {
  return message.severity === 2 || message.fatal ? 'error' : 'warning';
}

/** Greedy word wrap. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
