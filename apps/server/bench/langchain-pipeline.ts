import { PDFLoader } from '@langchain/community/document_loaders/fs/pdf';
import { Chroma } from '@langchain/community/vectorstores/chroma';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { HashingEmbedder } from '@studio/core';
import { ChromaClient } from 'chromadb';
import { performance } from 'node:perf_hooks';

/** The studio's embedder behind LangChain's Embeddings interface, so both sides embed alike. */
class StudioEmbeddings extends Embeddings {
  constructor(private readonly embedder: HashingEmbedder) {
    super({});
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embedder.embed(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedder.embedOne(text);
  }
}

export interface LangChainRun {
  elapsedMs: number;
  chunks: number;
  /** Whether the query for the code found a chunk that contains it (vector-only: it may not). */
  found: boolean;
}

/**
 * What a user would otherwise build: LangChain's PDFLoader (pdf-parse 2 underneath, as the studio),
 * RecursiveCharacterTextSplitter at the studio's chunk size, the same embedder and the same Chroma,
 * then one similarity search for the code. Timed from the file on disk to the answered query.
 */
export async function langChainIngest(options: {
  path: string;
  chromaUrl: string;
  collectionName: string;
  embedder: HashingEmbedder;
  chunkSize: number;
  chunkOverlap: number;
  code: string;
}): Promise<LangChainRun> {
  const url = new URL(options.chromaUrl);
  const started = performance.now();
  const pages = await new PDFLoader(options.path).load();
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize,
    chunkOverlap: options.chunkOverlap,
  });
  const chunks = await splitter.splitDocuments(pages);
  // Chroma takes only flat metadata, and the loader adds nested `pdf` info: keep source and page.
  const flat = chunks.map(
    (chunk) =>
      new Document({
        pageContent: chunk.pageContent,
        metadata: {
          source: options.path,
          page: Number((chunk.metadata.loc as { pageNumber?: number } | undefined)?.pageNumber ?? 0),
        },
      }),
  );
  const store = new Chroma(new StudioEmbeddings(options.embedder), {
    index: new ChromaClient({ host: url.hostname, port: Number(url.port) }),
    collectionName: options.collectionName,
    collectionMetadata: { 'hnsw:space': 'cosine' },
  });
  await store.addDocuments(flat);
  const hits = await store.similaritySearch(options.code, 4);
  const elapsedMs = performance.now() - started;
  return { elapsedMs, chunks: flat.length, found: hits.some((hit) => hit.pageContent.includes(options.code)) };
}
