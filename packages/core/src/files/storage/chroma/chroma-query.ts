import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { toError } from '../../../errors/to-error';

/** What a nearest-neighbour query returns when only distances are included. */
export interface ChromaQueryResult {
  ids: string[][];
  distances: (number | null)[][];
}

const QUERY_TIMEOUT_MS = 30_000;

/** Limits of the kept-alive pool: without them it grew to one socket per concurrent query and kept them all. */
export interface ChromaPoolOptions {
  /** Open sockets at most; further queries wait for one (default 16). */
  maxSockets?: number;
  /** Idle sockets kept for reuse (default 4). */
  maxFreeSockets?: number;
  /** An idle socket is closed after this long (default 5 s). */
  idleMs?: number;
}

/**
 * Nearest-neighbour queries over Chroma's REST API on a kept-alive `node:http` connection. Search
 * sits on the answer path, and the chromadb client adds about 0.4 ms per query (a `fetch` Request
 * built twice, interceptors); everything else still goes through the client.
 */
export class ChromaQueryClient {
  private readonly agent: HttpAgent;

  constructor(
    private readonly queryUrl: URL,
    pool: ChromaPoolOptions = {},
  ) {
    const options = {
      keepAlive: true,
      maxSockets: pool.maxSockets ?? 16,
      maxFreeSockets: pool.maxFreeSockets ?? 4,
      // The agent applies this to sockets in its free list (a request sets its own timeout while it runs).
      timeout: pool.idleMs ?? 5000,
    };
    this.agent = queryUrl.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
  }

  /** The query endpoint of a collection in the default tenant and database (as the client uses). */
  static forCollection(endpoint: string, collectionId: string, pool?: ChromaPoolOptions): ChromaQueryClient {
    const base = endpoint.replace(/\/+$/, '');
    return new ChromaQueryClient(
      new URL(`${base}/api/v2/tenants/default_tenant/databases/default_database/collections/${collectionId}/query`),
      pool,
    );
  }

  /** Closes every socket; queries after this open new ones. */
  close(): void {
    this.agent.destroy();
  }

  query(body: {
    query_embeddings: number[][];
    n_results: number;
    where?: Record<string, unknown>;
    include: string[];
  }): Promise<ChromaQueryResult> {
    const send = this.queryUrl.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = send(
        this.queryUrl,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (response: IncomingMessage) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('error', reject);
          response.on('end', () => {
            if ((response.statusCode ?? 500) >= 300) {
              reject(new Error(`Chroma answered ${response.statusCode}: ${text.slice(0, 300)}`));
              return;
            }
            try {
              resolve(JSON.parse(text) as ChromaQueryResult);
            } catch (error) {
              reject(toError(error));
            }
          });
        },
      );
      request.setTimeout(QUERY_TIMEOUT_MS, () =>
        request.destroy(new Error(`no answer from Chroma within ${QUERY_TIMEOUT_MS} ms`)),
      );
      request.on('error', reject);
      request.end(payload);
    });
  }
}
