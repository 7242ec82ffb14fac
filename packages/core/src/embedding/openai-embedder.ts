import OpenAI from 'openai';
import { UnavailableError } from '../errors/unavailable-error';
import type { Embedder } from '../ports/embedder';

export interface OpenAIEmbedderOptions {
  baseURL: string;
  apiKey?: string;
  model?: string;
  /** Texts per request; servers limit batch sizes. */
  batchSize?: number;
}

/** Any OpenAI-compatible /embeddings endpoint (OpenAI, Ollama, llama.cpp, vLLM). */
export class OpenAIEmbedder implements Embedder {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private knownDimension?: number;

  private constructor(options: OpenAIEmbedderOptions) {
    this.model = options.model ?? 'text-embedding-3-small';
    this.name = `openai-compatible:${this.model}`;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey ?? 'not-needed',
      maxRetries: 3,
      timeout: 60_000,
    });
    this.batchSize = options.batchSize ?? 64;
  }

  private readonly batchSize: number;

  /** Creates the embedder and learns its dimension with one probe request. */
  static async create(options: OpenAIEmbedderOptions): Promise<OpenAIEmbedder> {
    const embedder = new OpenAIEmbedder(options);
    const [probe] = await embedder.embed(['dimension probe']);
    embedder.knownDimension = probe?.length;
    return embedder;
  }

  get dimension(): number {
    return this.knownDimension ?? 0;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize);
      try {
        const response = await this.client.embeddings.create({ model: this.model, input: batch }, { signal });
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        vectors.push(...ordered.map((item) => item.embedding));
      } catch (error) {
        throw new UnavailableError(
          'EMBEDDINGS_UNAVAILABLE',
          `embedding endpoint failed: ${(error as Error).message}`,
          error,
        );
      }
    }
    return vectors;
  }
}
