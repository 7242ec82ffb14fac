import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashingEmbedder } from '../../embedding/hashing-embedder';
import { createConsoleLogger } from '../../logger';
import { createStudio, type Studio } from '../../studio';

/** A whole studio with no language model (offline mode) in a fresh folder, and how to dispose of it. */
export async function openOfflineStudio(prefix: string): Promise<{ studio: Studio; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `studio-${prefix}-`));
  const studio = await createStudio({
    dataDir,
    logger: createConsoleLogger('silent'),
    watchConfig: false,
    embedder: new HashingEmbedder(),
    semanticEmbedder: false,
  });
  return {
    studio,
    dispose: async () => {
      await studio.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
