// A fake Anthropic API on 127.0.0.1 for the AI tests: the Messages API (POST /v1/messages) and
// the Message Batches API (create, retrieve, results, cancel). Records every request; replies
// come from a queue of handlers (default: a valid forced tool call). Nothing leaves loopback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export const FAKE_EXPLANATION = {
  explanation: 'FAKE-EXPLANATION: line 7 runs one query per id.',
  consequence: 'FAKE-CONSEQUENCE: the pool saturates at scale.',
  fix: { description: 'FAKE-FIX: use one findMany with an in filter.', code: 'const users = await prisma.user.findMany({ where: { id: { in: ids } } });' },
  likelyFalsePositive: false,
};

export const FAKE_USAGE = { input_tokens: 120, output_tokens: 80, cache_creation_input_tokens: 0, cache_read_input_tokens: 2000 };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
}

export type MessageHandler = (res: ServerResponse, body: Record<string, unknown> | undefined) => void;

/** A Messages API reply whose forced tool call carries `explanation`. */
export function messageBody(explanation: unknown = FAKE_EXPLANATION, usage: unknown = FAKE_USAGE): Record<string, unknown> {
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-5-5',
    content: [{ type: 'tool_use', id: 'toolu_fake', name: 'record_explanation', input: explanation }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage,
  };
}

export const ok: MessageHandler = (res) => json(res, 200, messageBody());

/** An API error; `retry-after-ms` keeps the SDK's backoff short in tests. */
export const status =
  (code: number, type: string): MessageHandler =>
  (res) =>
    json(res, code, { type: 'error', error: { type, message: `fake ${type}` } }, { 'retry-after-ms': '10' });

function json(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** What one batch request ends as: `succeeded` (with a message), `errored`, `canceled` or `expired`. */
export type BatchResult = { type: 'succeeded'; message: Record<string, unknown> } | { type: 'errored'; error: unknown } | { type: 'canceled' } | { type: 'expired' };

interface FakeBatch {
  id: string;
  customIds: string[];
  /** Retrieves left before the batch reports `ended`. */
  pollsLeft: number;
  canceled: boolean;
}

export class FakeAnthropic {
  baseURL = '';
  requests: RecordedRequest[] = [];
  /** Handlers for the next POST /v1/messages requests, in order; then `ok`. */
  queue: MessageHandler[] = [];
  /** How many retrieves a new batch answers `in_progress` before `ended`. */
  batchPolls = 1;
  /** The result of each batch request, by custom_id. */
  batchResult: (customId: string) => BatchResult = () => ({ type: 'succeeded', message: messageBody() });
  /** Status to answer batch endpoints with instead of serving them (e.g. 401). */
  batchFailure: { code: number; type: string } | undefined;
  /** Batches whose results endpoint answers 500. */
  readonly failResultsFor = new Set<string>();
  readonly batches = new Map<string, FakeBatch>();
  private server: Server | undefined;
  private readonly hanging: ServerResponse[] = [];
  private batchCounter = 0;

  /** A handler that never answers (for timeouts); released on close. */
  readonly hang: MessageHandler = (res) => {
    this.hanging.push(res);
  };

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        let body: Record<string, unknown> | undefined;
        try {
          body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
        } catch {
          body = undefined;
        }
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        this.route(req.method ?? '', (req.url ?? '').split('?')[0] ?? '', body, res);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.baseURL = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.baseURL;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  reset(): void {
    this.requests = [];
    this.queue = [];
    this.batchPolls = 1;
    this.batchResult = () => ({ type: 'succeeded', message: messageBody() });
    this.batchFailure = undefined;
    this.failResultsFor.clear();
    this.batches.clear();
    this.batchCounter = 0;
  }

  /** Requests to one endpoint kind. */
  requestsTo(kind: 'messages' | 'batch-create' | 'batch-retrieve' | 'batch-results' | 'batch-cancel'): RecordedRequest[] {
    return this.requests.filter((request) => kindOf(request.method, request.path.split('?')[0] ?? '') === kind);
  }

  private route(method: string, path: string, body: Record<string, unknown> | undefined, res: ServerResponse): void {
    const kind = kindOf(method, path);
    if (kind === 'messages') {
      (this.queue.shift() ?? ok)(res, body);
      return;
    }
    if (kind === undefined) {
      json(res, 404, { type: 'error', error: { type: 'not_found_error', message: `no route ${method} ${path}` } });
      return;
    }
    if (this.batchFailure) {
      json(res, this.batchFailure.code, { type: 'error', error: { type: this.batchFailure.type, message: 'fake' } }, { 'retry-after-ms': '10' });
      return;
    }
    if (kind === 'batch-create') {
      const requests = Array.isArray(body?.requests) ? (body.requests as { custom_id: string }[]) : [];
      const batch: FakeBatch = { id: `msgbatch_fake${++this.batchCounter}`, customIds: requests.map((r) => r.custom_id), pollsLeft: this.batchPolls, canceled: false };
      this.batches.set(batch.id, batch);
      json(res, 200, this.batchObject(batch, false));
      return;
    }
    const id = path.split('/')[4] ?? '';
    const batch = this.batches.get(id);
    if (!batch) {
      json(res, 404, { type: 'error', error: { type: 'not_found_error', message: `no batch ${id}` } });
      return;
    }
    if (kind === 'batch-retrieve') {
      const ended = batch.canceled || batch.pollsLeft <= 0;
      batch.pollsLeft--;
      json(res, 200, this.batchObject(batch, ended));
    } else if (kind === 'batch-cancel') {
      batch.canceled = true;
      json(res, 200, this.batchObject(batch, false));
    } else if (this.failResultsFor.has(batch.id)) {
      json(res, 500, { type: 'error', error: { type: 'api_error', message: 'fake results failure' } });
    } else {
      res.writeHead(200, { 'content-type': 'application/binary' });
      res.end(
        batch.customIds
          .map((customId) => JSON.stringify({ custom_id: customId, result: batch.canceled ? { type: 'canceled' } : this.batchResult(customId) }))
          .join('\n') + '\n',
      );
    }
  }

  private batchObject(batch: FakeBatch, ended: boolean): Record<string, unknown> {
    const total = batch.customIds.length;
    const counts = ended
      ? { processing: 0, succeeded: batch.canceled ? 0 : total, errored: 0, canceled: batch.canceled ? total : 0, expired: 0 }
      : { processing: total, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : batch.canceled ? 'canceling' : 'in_progress',
      request_counts: counts,
      created_at: '2026-11-30T00:00:00Z',
      expires_at: '2026-12-01T00:00:00Z',
      ended_at: ended ? '2026-11-30T00:01:00Z' : null,
      archived_at: null,
      cancel_initiated_at: batch.canceled ? '2026-11-30T00:00:30Z' : null,
      results_url: ended ? `${this.baseURL}/v1/messages/batches/${batch.id}/results` : null,
    };
  }
}

function kindOf(method: string, path: string): 'messages' | 'batch-create' | 'batch-retrieve' | 'batch-results' | 'batch-cancel' | undefined {
  if (method === 'POST' && path === '/v1/messages') return 'messages';
  if (method === 'POST' && path === '/v1/messages/batches') return 'batch-create';
  if (method === 'GET' && /^\/v1\/messages\/batches\/[\w-]+$/.test(path)) return 'batch-retrieve';
  if (method === 'GET' && /^\/v1\/messages\/batches\/[\w-]+\/results$/.test(path)) return 'batch-results';
  if (method === 'POST' && /^\/v1\/messages\/batches\/[\w-]+\/cancel$/.test(path)) return 'batch-cancel';
  return undefined;
}
