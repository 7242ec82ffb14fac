import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's nginx (`apt-get install -y nginx`; `.ci/run` installs it). */
export const NGINX_BINARY = '/usr/sbin/nginx';

/** The snippet the README's "Several processes" section shows, with its example ports. */
export const NGINX_TEMPLATE = fileURLToPath(new URL('./nginx/studio.conf', import.meta.url));

/** The template with this run's address and upstream processes in place of the example ones. */
export function studioNginxConf(listenPort: number, upstreamPorts: number[]): string {
  const template = readFileSync(NGINX_TEMPLATE, 'utf8');
  const examples = /^( *)server 127\.0\.0\.1:300\d;\n(?: *server 127\.0\.0\.1:300\d;\n)*/m;
  const listen = 'listen 127.0.0.1:8080;';
  if (!examples.test(template) || !template.includes(listen))
    throw new Error(`${NGINX_TEMPLATE} lost its example upstream or listen lines`);
  return template
    .replace(examples, (_match, indent: string) =>
      upstreamPorts.map((port) => `${indent}server 127.0.0.1:${port};\n`).join(''),
    )
    .replace(listen, `listen 127.0.0.1:${listenPort};`);
}

export interface RunningNginx {
  url: string;
  /** What nginx logged (errors and warnings), for a failure message. */
  errors(): string;
  stop(): Promise<void>;
}

/**
 * Runs nginx as a non-daemon child with its own prefix, configuration, pid, temp folders and logs in
 * a temp folder, serving the README's snippet on a free port. The test-only frame around the snippet
 * adds an `X-Upstream` response header naming the process that answered.
 */
export async function startNginx(upstreamPorts: number[]): Promise<RunningNginx> {
  if (!existsSync(NGINX_BINARY))
    throw new Error(`${NGINX_BINARY} is missing: install Debian's nginx (apt-get install -y nginx), as .ci/run does`);
  const prefix = mkdtempSync(join(tmpdir(), 'studio-nginx-'));
  for (const folder of ['logs', 'temp']) mkdirSync(join(prefix, folder));
  const port = await freePort();
  writeFileSync(join(prefix, 'studio.conf'), studioNginxConf(port, upstreamPorts));
  const temp = (name: string) => `${name}_temp_path ${join(prefix, 'temp', name)};`;
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs', 'error.log')} warn;
events { worker_connections 4096; }
http {
    ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n    ')}
    access_log off;
    add_header X-Upstream $upstream_addr always;
    include ${join(prefix, 'studio.conf')};
}
`,
  );
  const child = spawn(
    NGINX_BINARY,
    ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'logs', 'error.log')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const errors = () => {
    const log = join(prefix, 'logs', 'error.log');
    return output + (existsSync(log) ? readFileSync(log, 'utf8') : '');
  };
  try {
    await listening(child, port, errors);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(prefix, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    errors,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves once nginx accepts connections on `port`; rejects if it exits first (a bad configuration). */
async function listening(child: ChildProcess, port: number, errors: () => string): Promise<void> {
  let exited = false;
  const exit = new Promise<string>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      resolve(`nginx exited with ${code}`);
    }),
  );
  const accepts = (async () => {
    // nginx says nothing when it is ready: try to connect until it answers.
    for (let attempt = 0; attempt < 250 && !exited; attempt++) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      if (open) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return `nginx did not listen on ${port}`;
  })();
  const failure = await Promise.race([accepts, exit]);
  if (failure) throw new Error(`${failure}: ${errors()}`);
}
