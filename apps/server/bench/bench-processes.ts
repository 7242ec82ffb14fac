import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

/** Starts a TypeScript child process in apps/server and resolves with the URL it prints (matched by `pattern`). */
export function startChild(
  args: string[],
  env: Record<string, string>,
  pattern: RegExp,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: serverDir,
    env: { ...process.env, MEM0_TELEMETRY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = pattern.exec(output)?.[1];
      if (url) resolve({ child, url });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output.slice(-500)}`)));
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * A fake model in its own process (`script`, which prints "fake llm at <url>") and the studio server
 * in another, pointed at it with no token, as in use. The model is stopped if the studio fails to start.
 */
export async function startModelAndStudio(
  script: string,
  modelEnv: Record<string, string>,
  workDir: string,
): Promise<{ llm: { child: ChildProcess; url: string }; server: { child: ChildProcess; url: string } }> {
  const llm = await startChild([script], modelEnv, /fake llm at (http:\S+)/);
  const server = await startChild(
    ['src/main.ts'],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: workDir,
      LOG_LEVEL: 'info',
      LLM_BASE_URL: llm.url,
      LLM_MODEL: 'fake',
      STUDIO_API_TOKEN: '',
    },
    /listening on (http:\/\/[\d.:]+)/,
  ).catch(async (error: unknown) => {
    await stopChild(llm.child);
    throw error;
  });
  return { llm, server };
}
