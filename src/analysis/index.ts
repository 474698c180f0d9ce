// The shared analysis core. Rules import from here; nothing here knows a rule id.
export { getBackendModel, BackendModel, type LocatedDbCall, type FunctionSummary } from './model.js';
export type { DbCall, DbLibrary, DbAccess, TransactionCall } from './db-calls.js';
export type { Handler, HandlerKind } from './handlers.js';
export type { InputSource, InputKind } from './request-input.js';
export type { Iteration } from './iteration.js';
export { findPerIterationQueries, suggestBatchFix, type PerIterationQuery } from './n-plus-one.js';
export { findClientLeaks, isNextProject, isScriptFile, type LeakFinding } from './client-lifecycle.js';
export { readSettings, type BackendSettings } from './settings.js';
