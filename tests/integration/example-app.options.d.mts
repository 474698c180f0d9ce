import type { ESLint } from 'eslint';

/** Absolute path of examples/next-app. */
export declare const appDir: string;
/** ESLint constructor options (without concurrency) for linting examples/next-app. */
export declare const lintOptions: ESLint.Options;
declare const options: ESLint.Options;
export default options;
