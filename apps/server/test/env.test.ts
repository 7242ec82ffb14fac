import { describe, expect, it } from 'vitest';
import { readEnv } from '../src/env';

describe('readEnv', () => {
  it('defaults to 127.0.0.1:3000 and ./data under the directory npm was started from', () => {
    const env = readEnv({ INIT_CWD: '/home/user/studio' });
    expect(env).toMatchObject({ host: '127.0.0.1', port: 3000, dataDir: '/home/user/studio/data', corsOrigins: [] });
    expect(env.llm).toBeUndefined();
    expect(env.embeddings).toBeUndefined();
  });

  it('reads the LLM, token and origins', () => {
    const env = readEnv({
      LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_API_KEY: 'k',
      LLM_MODEL: 'llama3',
      STUDIO_API_TOKEN: 'secret',
      CORS_ORIGINS: 'http://a.example, http://b.example',
      DATA_DIR: '/var/studio',
    });
    expect(env.llm).toEqual({ baseURL: 'http://127.0.0.1:11434/v1', apiKey: 'k', model: 'llama3' });
    expect(env.apiToken).toBe('secret');
    expect(env.corsOrigins).toEqual(['http://a.example', 'http://b.example']);
    expect(env.dataDir).toBe('/var/studio');
  });

  it('refuses bad values with one readable error', () => {
    expect(() => readEnv({ PORT: 'eighty', LLM_BASE_URL: 'not a url' })).toThrow(
      /invalid environment:\n[^]*at PORT\n[^]*at LLM_BASE_URL/,
    );
  });
});

describe('readEnv for several processes', () => {
  it('reads Redis, PostgreSQL and the ingestion concurrency', () => {
    const env = readEnv({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: 'studio-a',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/studio',
      INGESTION_CONCURRENCY: '0',
    });
    expect(env).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'studio-a',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/studio',
      ingestionConcurrency: 0,
    });
  });

  it('names a URL of the wrong kind', () => {
    expect(() => readEnv({ REDIS_URL: 'http://127.0.0.1:6379', DATABASE_URL: 'mysql://x' })).toThrow(
      /must be a redis[^]*at REDIS_URL\n[^]*must be a postgres[^]*at DATABASE_URL/,
    );
  });
});
