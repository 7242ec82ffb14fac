import type { FilePassageInput, FilePassageOutput, PassageChunk } from '@studio/shared';
import { NotFoundError } from '../../errors/not-found-error';
import type { StoredFile } from '../storage/stored-file';
import type { KeywordIndex, StoredChunk } from './keyword-index';

const DEFAULT_AROUND = 2;

function toPassageChunk(chunk: StoredChunk): PassageChunk {
  return {
    chunkId: chunk.id,
    position: chunk.position,
    text: chunk.text,
    ...(chunk.page !== undefined ? { page: chunk.page } : {}),
    ...(chunk.section !== undefined ? { section: chunk.section } : {}),
    ...(chunk.charStart !== undefined ? { charStart: chunk.charStart } : {}),
    ...(chunk.charEnd !== undefined ? { charEnd: chunk.charEnd } : {}),
  };
}

/**
 * A chunk with its neighbours of the same page and section, so a citation can be read in its
 * surrounding text (a passage alone is often cut mid-thought).
 */
export async function readPassage(
  keywords: KeywordIndex,
  requireFile: (fileId: string) => Promise<StoredFile>,
  input: FilePassageInput,
): Promise<FilePassageOutput> {
  const [chunk] = await keywords.getChunks([input.chunkId]);
  if (!chunk) throw new NotFoundError('passage', input.chunkId);
  const file = await requireFile(chunk.fileId);
  const around = input.around ?? DEFAULT_AROUND;
  const nearby = await keywords.getFileChunks(chunk.fileId, chunk.position - around, chunk.position + around);
  const samePlace = (other: StoredChunk) => other.page === chunk.page && other.section === chunk.section;
  return {
    fileId: file.id,
    fileName: file.name,
    mimeType: file.mimeType,
    chunk: toPassageChunk(chunk),
    before: nearby.filter((other) => other.position < chunk.position && samePlace(other)).map(toPassageChunk),
    after: nearby.filter((other) => other.position > chunk.position && samePlace(other)).map(toPassageChunk),
  };
}
