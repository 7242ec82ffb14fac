import { ChromaClient } from 'chromadb';

/** A chromadb client for a Chroma base URL (the client takes host, port and ssl apart). */
export function chromaClientFor(endpoint: string): ChromaClient {
  const url = new URL(endpoint);
  return new ChromaClient({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    ssl: url.protocol === 'https:',
  });
}
