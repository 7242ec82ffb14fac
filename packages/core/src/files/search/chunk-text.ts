import type { ChunkText } from '../../ports/chunk-reader';
import type { KeywordIndex, StoredChunk } from './keyword-index';

/** The most chunks `readDocument` returns of one file (about 2 MB of text), for `summarize`. */
const MAX_DOCUMENT_CHUNKS = 2000;

function toChunkText(chunk: StoredChunk): ChunkText {
  return {
    chunkId: chunk.id,
    fileId: chunk.fileId,
    fileName: chunk.fileName,
    text: chunk.text,
    ...(chunk.page !== undefined ? { page: chunk.page } : {}),
  };
}

/** One stored chunk by id; undefined when it (or its file) is gone. */
export async function readChunkText(keywords: KeywordIndex, chunkId: string): Promise<ChunkText | undefined> {
  const [chunk] = await keywords.getChunks([chunkId]);
  return chunk ? toChunkText(chunk) : undefined;
}

/** A file's chunks in document order, read in one statement; empty for an unknown file. */
export async function readDocumentText(keywords: KeywordIndex, fileId: string): Promise<ChunkText[]> {
  const chunks = await keywords.getFileChunks(fileId, 0, MAX_DOCUMENT_CHUNKS - 1);
  return chunks.map(toChunkText);
}
