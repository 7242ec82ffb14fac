import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Builds the production bundle (apps/server/dist) as `npm start` does. */
export function buildServer(): void {
  execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'inherit' });
}

/**
 * Starts the real server process (`tsx src/main.ts`, or with `compiled` the production bundle
 * `node dist/main.js`, see buildServer) and resolves with its URL once it listens.
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { compiled?: boolean } = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const args = options.compiled ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return started(child, 'server');
}

/** Runs the README's production command, `npm start`, from the repository root; resolves once Chroma answers. */
export async function spawnNpmStart(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('npm', ['start'], {
    cwd: repositoryRoot,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return started(child, 'npm start', 'chroma started');
}

/** Resolves with the URL once `child` logs that it listens (and logs `alsoWaitFor`, when given). */
async function started(
  child: ChildProcess,
  name: string,
  alsoWaitFor = '',
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match?.[1] && output.includes(alsoWaitFor)) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

/** Whether a process exists and is not a zombie (Linux /proc). */
export function isRunning(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** Every live descendant of `pid` with its command line, read from /proc. */
export function descendants(pid: number): { pid: number; commandLine: string }[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which may hold spaces and parentheses: state, ppid, …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') parentOf.set(Number(name), Number(fields[1]));
    } catch {
      // Exited while we read.
    }
  }
  const found: { pid: number; commandLine: string }[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid !== parent) continue;
      const path = `/proc/${child}/cmdline`;
      const commandLine = existsSync(path) ? readFileSync(path, 'utf8').split('\0').join(' ').trim() : '';
      found.push({ pid: child, commandLine });
      visit(child);
    }
  };
  visit(pid);
  return found;
}
