import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../embedding/hashing-embedder';
import { createConsoleLogger } from '../logger';
import { createStudio } from '../studio';

describe('memory in the studio', () => {
  it('re-embeds every memory when the embedder changes between runs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studio-memory-embedder-'));
    const open = (dimension: number) =>
      createStudio({
        dataDir,
        logger: createConsoleLogger('silent'),
        watchConfig: false,
        embedder: new HashingEmbedder(dimension),
      });
    try {
      let studio = await open(384);
      const fact = await studio.memory.add({ type: 'fact', content: 'The boiler service is booked for Thursday.' });
      await studio.close(200);

      studio = await open(128);
      try {
        const { hits } = await studio.memory.search({ query: 'The boiler service is booked for Thursday.' });
        expect(hits.map((hit) => hit.id)).toEqual([fact.id]);
        expect(hits[0]?.score).toBeGreaterThan(0.5);
        expect((await studio.health.check()).components.memory).toMatchObject({ status: 'ok' });
      } finally {
        await studio.close(200);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('starts while its Chroma does not answer, with memory reported down until it does', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studio-memory-no-chroma-'));
    try {
      // Port 9 (discard) is closed on loopback: nothing answers there.
      const studio = await createStudio({
        dataDir,
        logger: createConsoleLogger('silent'),
        watchConfig: false,
        chromaUrl: 'http://127.0.0.1:9',
      });
      try {
        expect((await studio.health.check()).components.memory).toMatchObject({ status: 'down' });
      } finally {
        await studio.close(200);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
