import { request } from 'node:http';
import WebSocket from 'ws';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with every header exactly as given (fetch would not send a foreign Host). */
export function rawRequest(
  url: string,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<RawResponse> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        // An event stream never ends by itself: its status and first bytes are enough.
        if (response.headers['content-type']?.includes('text/event-stream')) {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '' });
          outgoing.destroy();
          return;
        }
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** A raw WebSocket to `/trpc`, opened or refused: the refusal's HTTP status when refused. */
export function openRawSocket(
  url: string,
  options: { headers?: Record<string, string>; origin?: string; connectionParams?: boolean } = {},
): Promise<{ socket: WebSocket; status?: number }> {
  const socket = new WebSocket(
    `${url.replace(/^http/, 'ws')}/trpc${options.connectionParams ? '?connectionParams=1' : ''}`,
    {
      headers: options.headers,
      origin: options.origin,
    },
  );
  void closeCode(socket);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ socket, status: response.statusCode });
      response.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

const closeCodes = new WeakMap<WebSocket, Promise<number>>();

/**
 * Resolves with the close code the server sent. Listening starts when the socket is created, so a
 * socket the server closed before the test asked (a slow machine) still gives its code.
 */
export function closeCode(socket: WebSocket): Promise<number> {
  let code = closeCodes.get(socket);
  if (!code) {
    code = new Promise((resolve) => socket.once('close', (closed: number) => resolve(closed)));
    closeCodes.set(socket, code);
  }
  return code;
}

type TRPCMessage = {
  id: number | null;
  result?: { type: string; data?: unknown };
  error?: { data?: { code?: string } };
};

/** Every tRPC message the socket receives, parsed. */
export function tRPCMessages(socket: WebSocket): TRPCMessage[] {
  const received: TRPCMessage[] = [];
  socket.on('message', (data) => {
    const text = data.toString();
    if (text !== 'PING' && text !== 'PONG') received.push(JSON.parse(text) as TRPCMessage);
  });
  return received;
}
