import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Worker } from 'tesseract.js';
import { ExtractionError } from '../../errors/extraction-error';

const WORKER_START_TIMEOUT_MS = 30_000;
let current: { language: string; worker: Promise<Worker> } | undefined;

/** Recognises the text of a PNG or JPEG image with one reused offline tesseract worker. */
export async function recognizeImage(image: Buffer, language: string): Promise<string> {
  const worker = await workerFor(language);
  const result = await worker.recognize(image);
  return result.data.text;
}

/** Ends the OCR worker, if one was started. */
export async function terminateOcr(): Promise<void> {
  const running = current;
  current = undefined;
  if (running) await (await running.worker.catch(() => undefined))?.terminate();
}

function workerFor(language: string): Promise<Worker> {
  if (current?.language === language) return current.worker;
  void terminateOcr();
  const worker = startWorker(language);
  current = { language, worker };
  worker.catch(() => {
    if (current?.worker === worker) current = undefined;
  });
  return worker;
}

async function startWorker(language: string): Promise<Worker> {
  const langPath = languageDataPath(language);
  const { createWorker } = await import('tesseract.js');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ExtractionError('OCR_UNAVAILABLE', 'the OCR engine did not start in time')),
      WORKER_START_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      createWorker(language, 1, {
        langPath,
        gzip: true,
        cacheMethod: 'none',
        // Without a handler a bad image throws inside the worker and takes the process down.
        errorHandler: () => undefined,
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function languageDataPath(language: string): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve(`@tesseract.js-data/${language}/package.json`);
  } catch {
    throw new ExtractionError(
      'OCR_LANGUAGE_UNAVAILABLE',
      `no offline OCR data is installed for language "${language}"`,
    );
  }
  const folder = join(dirname(packageJson), '4.0.0_best_int');
  if (!existsSync(folder))
    throw new ExtractionError('OCR_LANGUAGE_UNAVAILABLE', `OCR data for "${language}" is incomplete`);
  return folder;
}
