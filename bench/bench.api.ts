/**
 * A minimal HTTP client for the gateway, timing every request. Only ever talks to the gateway the
 * bench started on 127.0.0.1.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { DEMO_PASSWORD } from '../libs/persistence/seed/demo-data';

export const REQUEST_TIMEOUT_MS = 30_000;

export interface TimedResponse<T> {
  status: number;
  body: T;
  /** From sending the request to having read the whole body. */
  ms: number;
  /** performance.now() when the body had been read. */
  at: number;
}

export class ApiError extends Error {
  override name = 'ApiError';
}

export interface QueueTask {
  id: string;
  applicationId: string;
  applicationNumber: string;
  stepKey: string;
  departmentCode: string;
  round: number;
  status: string;
  createdAt: string;
}

export interface TaskPage {
  items: QueueTask[];
  nextCursor: string | null;
}

export interface FiledApplication {
  id: string;
  number: string;
  status: string;
}

export interface ApplicationDetail {
  id: string;
  status: string;
  steps: Array<{ key: string; status: string }>;
}

export interface DecisionResult {
  stepKey: string;
  stepStatus: string;
  applicationStatus: string;
}

export class BenchUser {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    readonly username: string,
    private readonly signal: AbortSignal,
  ) {}

  static async login(baseUrl: string, username: string, signal: AbortSignal): Promise<BenchUser> {
    const response = await send<{ accessToken: string }>(baseUrl, 'POST', '/auth/login', signal, {
      body: { username, password: DEMO_PASSWORD },
    });
    expectStatus(response, [200], `login ${username}`);
    return new BenchUser(baseUrl, response.body.accessToken, username, signal);
  }

  request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return send<T>(this.baseUrl, method, path, this.signal, {
      body,
      headers: { ...headers, authorization: `Bearer ${this.token}` },
    });
  }
}

/**
 * Connections kept open and reused, as a browser would. node:http rather than fetch: the bench's
 * client shares the machine's two cores with the gateway and Postgres, and fetch cost it about three
 * times the CPU per request.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function send<T>(
  baseUrl: string,
  method: string,
  path: string,
  signal: AbortSignal,
  options: { body?: unknown; headers?: Record<string, string> },
): Promise<TimedResponse<T>> {
  const started = performance.now();
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${baseUrl}${path}`,
      {
        method,
        agent,
        signal,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          ...(payload === undefined ? {} : { 'content-length': Buffer.byteLength(payload) }),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const at = performance.now();
          try {
            const body = (text ? JSON.parse(text) : undefined) as T;
            resolve({ status: response.statusCode ?? 0, body, ms: at - started, at });
          } catch (error) {
            reject(
              new ApiError(`${method} ${path}: HTTP ${response.statusCode}, not JSON: ${(error as Error).message}`),
            );
          }
        });
      },
    );
    request.on('timeout', () =>
      request.destroy(new ApiError(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** A benchmark measures the happy path: any other answer stops the run with what the gateway said. */
export function expectStatus(response: TimedResponse<unknown>, expected: number[], what: string): void {
  if (!expected.includes(response.status)) {
    throw new ApiError(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)?.slice(0, 500)}`);
  }
}
