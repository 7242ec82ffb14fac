// A stand-in server process for the shared-folder test: adds memories to Mem0 under argv[2] as fast
// as it can, then prints how many went in and the first error, if any.
import { HashingEmbedder } from '../../embedding/hashing-embedder';
import { Mem0MemoryStore } from '../mem0-memory-store';

const [dir = '', name = 'writer', countText = '100'] = process.argv.slice(2);
const store = await Mem0MemoryStore.create({ dir, embedder: new HashingEmbedder() });
let added = 0;
let error: string | undefined;
for (let index = 0; index < Number(countText); index += 1) {
  try {
    await store.add({
      userId: 'default',
      content: `${name} fact ${index}: valve VL-${index} is blue.`,
      metadata: { type: 'fact' },
    });
    added += 1;
  } catch (caught) {
    error ??= String(caught);
  }
}
await store.close();
process.stdout.write(JSON.stringify({ added, error }));
