import type { FormatName, Formatter } from '../types.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export const formatters: Record<FormatName, Formatter> = { stylish, json, markdown, sarif };
