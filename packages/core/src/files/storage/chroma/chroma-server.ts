import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { UnavailableError } from '../../../errors/unavailable-error';
import type { Logger } from '../../../logger';
import { CHROMA_SUPERVISOR_SCRIPT } from './chroma-supervisor';
import { findFreePort } from './free-port';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 3_000;
const RESTART_BASE_MS = 500;
const RESTART_MAX_MS = 30_000;

/** Where the vector store lives: a URL that may have to be started first. */
export interface ChromaEndpoint {
  /** The base URL, starting the server on first use when the studio owns it. */
  url(): Promise<string>;
  /** Answers the health probe without starting anything. */
  probe(): Promise<{ status: 'ok' | 'down'; detail: string }>;
  stop(): Promise<void>;
}

/** A Chroma server somebody else runs (CHROMA_URL). */
export class ExternalChroma implements ChromaEndpoint {
  constructor(private readonly baseUrl: string) {}

  async url(): Promise<string> {
    return this.baseUrl.replace(/\/+$/, '');
  }

  async probe() {
    // The URL stays out of the detail: health is readable without the API token.
    return (await heartbeat(this.baseUrl))
      ? { status: 'ok' as const, detail: 'chroma (CHROMA_URL)' }
      : { status: 'down' as const, detail: 'chroma at CHROMA_URL does not answer' };
  }

  async stop(): Promise<void> {}
}

/**
 * The studio's own Chroma: `chroma run` under a small supervisor with its data under DATA_DIR, started
 * on first use (so a studio that never touches files starts fast), stopped on shutdown and killed by
 * the supervisor when the studio dies. Chroma 1.0 has no authentication, so it listens on a loopback
 * address and port drawn at random for each start (on Linux all of 127.0.0.0/8 is local) and allows
 * no browser origin: a web page can neither guess it nor read from it. A pid file lets the next start
 * stop a server left behind anyway before it reuses the same folder.
 */
export class ManagedChroma implements ChromaEndpoint {
  private starting?: Promise<string>;
  private child?: ChildProcess;
  private restarting = false;
  private restartTimer?: NodeJS.Timeout;
  private readonly pidFile: string;

  constructor(
    private readonly dataPath: string,
    private readonly logger: Logger,
  ) {
    this.pidFile = join(dataPath, 'chroma-server.pid');
  }

  url(): Promise<string> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  async probe() {
    if (this.restarting) return { status: 'down' as const, detail: 'the managed chroma server stopped; restarting it' };
    if (!this.starting) return { status: 'ok' as const, detail: 'chroma (managed; starts on first use)' };
    const url = await this.starting.catch(() => undefined);
    if (url && (await heartbeat(url))) return { status: 'ok' as const, detail: 'chroma (managed)' };
    return { status: 'down' as const, detail: 'the managed chroma server is not answering' };
  }

  /** Brings a crashed server back, with growing pauses while it keeps failing; stop() ends it. */
  private restartAfterCrash(attempt = 0): void {
    this.restarting = true;
    const delayMs = Math.min(RESTART_BASE_MS * 2 ** attempt, RESTART_MAX_MS);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.url().then(
        () => {
          this.restarting = false;
          this.logger.info('chroma is back');
        },
        () => this.restartAfterCrash(attempt + 1),
      );
    }, delayMs);
    this.restartTimer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.restarting = false;
    const child = this.child;
    this.starting = undefined;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      // Closing its stdin makes the supervisor's watcher kill Chroma even if the shell itself is gone.
      child.stdin?.destroy();
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    rmSync(this.pidFile, { force: true });
  }

  private async start(): Promise<string> {
    mkdirSync(this.dataPath, { recursive: true, mode: 0o700 });
    await this.stopOrphan();
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const host = privateLoopbackHost();
      const port = await findFreePort(host);
      try {
        return await this.spawnOn(host, port);
      } catch (error) {
        lastError = error;
      }
    }
    throw new UnavailableError(
      'VECTOR_STORE_UNAVAILABLE',
      `the vector store (chroma) could not start: ${(lastError as Error).message}`,
      lastError,
    );
  }

  private async spawnOn(host: string, port: number): Promise<string> {
    const configPath = join(this.dataPath, 'chroma-server.yaml');
    writeFileSync(configPath, serverConfig(this.dataPath, host, port), { mode: 0o600 });
    const child = spawn(
      'sh',
      ['-c', CHROMA_SUPERVISOR_SCRIPT, 'chroma-supervisor', process.execPath, chromaCli(), 'run', configPath],
      // stdin is the pipe whose closing tells the supervisor that the studio is gone.
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    // The chroma pid, recorded before the server answers, so a crash during its start still leaves a pid to stop.
    if (child.stdout) {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', (line) => {
        const pid = Number(line);
        if (Number.isInteger(pid) && pid > 0) writeFileSync(this.pidFile, String(pid), { mode: 0o600 });
        lines.close();
      });
    }
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-2000);
    });
    const url = `http://${host}:${port}`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (await heartbeat(url)) {
        this.child = child;
        // The studio stops it on close; it must not be what keeps a finished process alive.
        child.unref();
        for (const stream of [child.stdin, child.stdout, child.stderr])
          (stream as { unref?: () => void } | null)?.unref?.();
        child.once('exit', (code, signal) => {
          if (this.child === child) {
            this.logger.error('the managed chroma server exited; restarting it', { code, signal });
            this.child = undefined;
            this.starting = undefined;
            this.restartAfterCrash();
          }
        });
        this.logger.info('chroma started', { url, path: this.dataPath });
        return url;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.stdin?.destroy();
    child.kill('SIGTERM');
    throw new Error(stderr.trim().split('\n').pop() || `no heartbeat on port ${port}`);
  }

  /** A pid file left by a crashed studio names a chroma still holding our folder: stop it. */
  private async stopOrphan(): Promise<void> {
    let pid: number;
    try {
      pid = Number(readFileSync(this.pidFile, 'utf8'));
    } catch {
      return;
    }
    if (!Number.isInteger(pid) || pid <= 0) return;
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (commandLine.includes('chroma') && commandLine.includes(this.dataPath)) {
        process.kill(pid, 'SIGKILL');
        this.logger.warn('stopped a chroma server left behind by a previous crash', { pid });
        for (let waited = 0; waited < 3000 && existsSync(`/proc/${pid}`); waited += 50) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } catch {
      // Not running any more (or not ours): nothing to stop.
    }
    rmSync(this.pidFile, { force: true });
  }
}

/** A random address in 127.0.0.0/8 on Linux, where the whole block is local; elsewhere 127.0.0.1. */
function privateLoopbackHost(): string {
  if (process.platform !== 'linux') return '127.0.0.1';
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** Chroma's own config file: bound to one loopback address, no CORS origin allowed, no reset. */
function serverConfig(dataPath: string, host: string, port: number): string {
  return [
    `port: ${port}`,
    `listen_address: ${JSON.stringify(host)}`,
    `persist_path: ${JSON.stringify(dataPath)}`,
    'allow_reset: false',
    'cors_allow_origins: []',
    '',
  ].join('\n');
}

function chromaCli(): string {
  const require = createRequire(import.meta.url);
  // The package exports no package.json; its CommonJS entry sits in dist/cjs next to dist/cli.mjs.
  return join(dirname(require.resolve('chromadb')), '..', 'cli.mjs');
}

async function heartbeat(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}
