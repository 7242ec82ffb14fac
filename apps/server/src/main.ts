import { createConsoleLogger, createStudio } from '@studio/core';
import { startServer } from './create-server';
import { readEnv } from './env';

/** Hard limit for a graceful stop; the contract promises exit within 5 s. */
const SHUTDOWN_DEADLINE_MS = 4800;

/**
 * Everything the studio writes under DATA_DIR (database, uploads, vectors, memory, configuration)
 * is the user's own: files 0600, folders 0700. Set before anything is created, and inherited by
 * the child processes (Chroma, extraction).
 */
process.umask(0o077);

async function main(): Promise<void> {
  const env = readEnv();
  const logger = createConsoleLogger(env.logLevel);
  const studio = await createStudio({
    dataDir: env.dataDir,
    logger,
    llm: env.llm,
    embeddings: env.embeddings,
    chromaUrl: env.chromaUrl,
    databaseUrl: env.databaseUrl,
    redis: env.redisUrl ? { url: env.redisUrl, prefix: env.redisPrefix } : undefined,
    files: env.ingestionConcurrency !== undefined ? { concurrency: env.ingestionConcurrency } : undefined,
  });
  if ((env.redisUrl || env.databaseUrl) && !env.chromaUrl) {
    logger.warn(
      'REDIS_URL or DATABASE_URL is set without CHROMA_URL: this process runs its own Chroma, which other processes cannot share',
    );
  }
  const server = await startServer(studio, env);
  // Tests build studios without Chroma until first use; the real server starts it right away.
  studio.files.warmUp();
  logger.info(`Local Agent Studio listening on ${server.url}`, { dataDir: env.dataDir });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(`received ${signal}, shutting down`);
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server
      .close(SHUTDOWN_DEADLINE_MS - 1500)
      .then(({ interrupted }) => {
        if (interrupted.length > 0) logger.warn('work interrupted by shutdown', { interrupted });
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Local Agent Studio failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
