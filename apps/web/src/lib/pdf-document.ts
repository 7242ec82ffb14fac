import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy } from 'pdfjs-dist';
// The worker is bundled with the app (Vite emits it as an asset): nothing is fetched from elsewhere.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { fetchFileContent } from './file-content';

GlobalWorkerOptions.workerSrc = workerUrl;

const documents = new Map<string, Promise<PDFDocumentProxy>>();

/** A file's PDF, loaded once per file and kept while the app is open (citations often revisit it). */
export function loadPdf(fileId: string): Promise<PDFDocumentProxy> {
  let loading = documents.get(fileId);
  if (!loading) {
    loading = fetchFileContent(fileId)
      .then((response) => response.arrayBuffer())
      .then((bytes) => getDocument({ data: new Uint8Array(bytes) }).promise);
    loading.catch(() => documents.delete(fileId));
    documents.set(fileId, loading);
  }
  return loading;
}
