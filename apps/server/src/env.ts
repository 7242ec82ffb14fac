import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));

const EnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATA_DIR: z.string().default('./data'),
  LLM_BASE_URL: optionalText.pipe(z.url().optional()),
  LLM_API_KEY: optionalText,
  OPENAI_API_KEY: optionalText,
  LLM_MODEL: optionalText,
  EMBEDDINGS_BASE_URL: optionalText.pipe(z.url().optional()),
  EMBEDDINGS_MODEL: optionalText,
  EMBEDDINGS_API_KEY: optionalText,
  CHROMA_URL: optionalText.pipe(z.url().optional()),
  STUDIO_API_TOKEN: optionalText,
  REDIS_URL: optionalText.pipe(
    z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  ),
  REDIS_PREFIX: optionalText.pipe(
    z
      .string()
      .regex(/^[\w.-]+$/, 'letters, digits, "_", "." and "-" only')
      .optional(),
  ),
  DATABASE_URL: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  ),
  INGESTION_CONCURRENCY: z.coerce.number().int().min(0).max(32).optional(),
  CORS_ORIGINS: optionalText,
  ALLOWED_HOSTS: optionalText,
  LOG_LEVEL: z.enum(['info', 'warn', 'error', 'silent']).default('info'),
  WEB_DIST_DIR: optionalText,
});

/** The server's settings, read from the environment once and validated. */
export interface ServerEnv {
  host: string;
  port: number;
  dataDir: string;
  llm?: { baseURL: string; apiKey?: string; model?: string };
  embeddings?: { baseURL: string; apiKey?: string; model?: string };
  chromaUrl?: string;
  apiToken?: string;
  /** Several processes: the event bus and ingestion jobs on this Redis. */
  redisUrl?: string;
  /** Key prefix in Redis, so several studios can share one server. */
  redisPrefix?: string;
  /** Several processes: state in this PostgreSQL database instead of SQLite. */
  databaseUrl?: string;
  /** Files this process ingests at once; 0 makes it serve requests only. */
  ingestionConcurrency?: number;
  corsOrigins: string[];
  /** Host names accepted besides the bound address and localhost (a reverse proxy's, a LAN name). */
  allowedHosts: string[];
  logLevel: 'info' | 'warn' | 'error' | 'silent';
  webDistDir?: string;
}

/** Reads `process.env` (the only place the server does); throws one readable error for bad values. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`invalid environment:\n${z.prettifyError(parsed.error)}`);
  }
  const env = parsed.data;
  // npm runs workspace scripts inside the workspace; INIT_CWD is where the user typed the command.
  const base = source.INIT_CWD ?? process.cwd();
  return {
    host: env.HOST,
    port: env.PORT,
    dataDir: isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(base, env.DATA_DIR),
    llm:
      env.LLM_BASE_URL || env.OPENAI_API_KEY || env.LLM_API_KEY
        ? {
            baseURL: env.LLM_BASE_URL ?? 'https://api.openai.com/v1',
            apiKey: env.LLM_API_KEY ?? env.OPENAI_API_KEY,
            model: env.LLM_MODEL,
          }
        : undefined,
    embeddings: env.EMBEDDINGS_BASE_URL
      ? {
          baseURL: env.EMBEDDINGS_BASE_URL,
          apiKey: env.EMBEDDINGS_API_KEY ?? env.LLM_API_KEY,
          model: env.EMBEDDINGS_MODEL,
        }
      : undefined,
    chromaUrl: env.CHROMA_URL,
    apiToken: env.STUDIO_API_TOKEN,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    databaseUrl: env.DATABASE_URL,
    ingestionConcurrency: env.INGESTION_CONCURRENCY,
    corsOrigins: commaList(env.CORS_ORIGINS),
    allowedHosts: commaList(env.ALLOWED_HOSTS),
    logLevel: env.LOG_LEVEL,
    webDistDir: env.WEB_DIST_DIR,
  };
}

function commaList(value: string | undefined): string[] {
  return value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [];
}
