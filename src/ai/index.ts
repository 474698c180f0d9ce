// The deterministic half of the AI pass: everything that can be decided without the network.
// The API pass (SDK client, concurrency, retries) and the batch pass build on these in this order:
//
//   1. snippet  — `redactedSnippet(source, line)` for each finding: the enclosing function,
//                 numbered, with secrets already replaced. Nothing unredacted goes further.
//   2. dedupe   — `selectForExplanation(findings, maxExplanations)`: one group per distinct
//                 (rule, message, snippet), capped; report `omittedGroups`/`omittedFindings`.
//   3. cache    — `cacheKey({ model, promptVersion: PROMPT_VERSION, ... })` per group, then
//                 `ExplanationCache.get`; hits need no request.
//   4. prompt   — `buildRequest(...)` for each miss (the body `--dry-run` prints, with
//                 `estimateRequestTokens`); send it, `parseExplanationResponse` the reply,
//                 `ExplanationCache.set` on success, and hand the explanation to every member.

/** Secret redaction applied to every snippet before it can leave the machine. */
export { looksRandom, redactSecrets, type RedactionResult } from './redact.js';

/** The code sent per finding: the enclosing function, numbered and capped. */
export {
  enclosingSnippet,
  redactedSnippet,
  type RedactedSnippet,
  type Snippet,
  type SnippetOptions,
} from './snippet.js';

/** The persona, the per-finding prompt, the output contract and the request body. */
export {
  DEFAULT_MAX_TOKENS,
  EXPLANATION_JSON_SCHEMA,
  EXPLANATION_TOOL_NAME,
  PROMPT_VERSION,
  SYSTEM_PROMPT,
  buildFindingPrompt,
  buildRequest,
  estimatePrefixTokens,
  estimateRequestTokens,
  estimateTokens,
  explanationSchema,
  parseExplanationResponse,
  type BuildRequestInput,
  type CacheControl,
  type Explanation,
  type FindingPromptInput,
  type MessagesRequestBody,
  type ParsedExplanation,
  type SystemTextBlock,
  type ToolDefinition,
  type UserMessage,
} from './prompt.js';

/** On-disk explanation cache, keyed so unchanged code never triggers a second request. */
export {
  DEFAULT_CACHE_DIR,
  ExplanationCache,
  cacheKey,
  type CacheKeyInput,
  type ExplanationCacheOptions,
  type PendingBatch,
} from './cache.js';

/** One explanation per distinct finding, and the `--max-explanations` cut. */
export {
  findingKey,
  groupFindings,
  selectForExplanation,
  type DedupableFinding,
  type ExplanationSelection,
  type FindingGroup,
} from './dedupe.js';

/** The API pass: SDK client, dedupe, cache, bounded concurrency, auth-stop; and `--dry-run`. */
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_EXPLANATIONS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MODEL,
  DEFAULT_TIMEOUT_MS,
  explainWithApi,
  planExplanations,
  promisePool,
  type ApiFinding,
  type DryRunLine,
  type ExplainApiOptions,
  type ExplainApiResult,
  type FindingOutcome,
  type TokenUsage,
} from './client.js';

/** `--batch`: one Message Batch for the misses, progress while waiting, resumable across runs. */
export {
  DEFAULT_BATCH_POLL_MS,
  DEFAULT_BATCH_WAIT_MS,
  explainWithBatch,
  type BatchProgress,
  type ExplainBatchOptions,
  type ExplainBatchResult,
} from './batch.js';

/** The schema block of the model a finding is about, sent with it. */
export { modelsInvolved, schemaBlocks, schemaContextFor, type SchemaContextInput } from './schema-context.js';
