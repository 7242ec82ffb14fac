import type { FileStage } from '@studio/shared';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { StudioClient } from '../../create-studio-client';
import { CliError } from '../cli-error';
import type { CliContext } from '../options';
import { renderProgressBar } from '../progress-bar';

interface Row {
  name: string;
  fileId?: string;
  progress: number;
  stage: FileStage | 'uploading' | 'refused';
  detail?: string;
}

const FINAL = new Set(['done', 'failed', 'refused']);

/** `studio upload <files…>`: uploads each file, then follows its processing with a progress bar (`--json`: one array at the end). */
export async function uploadCommand(client: StudioClient, context: CliContext): Promise<void> {
  const paths = context.positionals.slice(1);
  if (paths.length === 0) throw new CliError('usage: studio upload <files…>');
  const rows: Row[] = paths.map((path) => ({ name: basename(path), progress: 0, stage: 'uploading' }));
  const json = context.values.json === true;
  const draw = json ? () => undefined : createDrawer(context, rows);

  await Promise.all(
    paths.map(async (path, index) => {
      const row = rows[index] as Row;
      try {
        if (!(await stat(path)).isFile()) throw new Error('not a file');
        const form = new FormData();
        form.append('file', new File([await readFile(path)], row.name));
        const record = await client.trpc.files.upload.mutate(form);
        row.fileId = record.fileId;
        await follow(client, row, draw);
      } catch (error) {
        row.stage = 'refused';
        row.detail = error instanceof Error ? error.message : String(error);
      }
      draw();
    }),
  );
  draw(true);
  const failed = rows.filter((row) => row.stage !== 'done');
  if (json) context.out.write(`${JSON.stringify(rows, null, 2)}\n`);
  if (failed.length > 0) {
    if (!json) for (const row of failed) context.err.write(`${row.name}: ${row.detail ?? row.stage}\n`);
    throw new CliError(`${failed.length} of ${rows.length} file(s) did not complete`);
  }
}

/** Follows one file's events until it is done or failed; the status query covers events sent before we subscribed. */
async function follow(client: StudioClient, row: Row, draw: () => void): Promise<void> {
  const fileId = row.fileId as string;
  await new Promise<void>((resolve, reject) => {
    const apply = (status: { stage: FileStage; progress: number; error?: { message: string } }) => {
      row.stage = status.stage;
      row.progress = status.progress;
      if (status.error) row.detail = status.error.message;
      draw();
      if (FINAL.has(row.stage)) {
        subscription.unsubscribe();
        clearInterval(poll);
        resolve();
      }
    };
    const subscription = client.trpc.events.files.subscribe(
      { fileId },
      { onData: (event) => apply(event.data), onError: reject },
    );
    const check = () => client.trpc.files.status.query({ fileId }).then(apply, reject);
    const poll = setInterval(() => void check(), 2000);
    void check();
  });
}

function createDrawer(context: CliContext, rows: Row[]) {
  let drawnLines = 0;
  const printed = new Set<Row>();
  return (final = false) => {
    const lines = rows.map((row) =>
      renderProgressBar(
        row.name,
        row.progress,
        row.detail && row.stage !== 'done' ? `${row.stage}: ${row.detail}` : row.stage,
      ),
    );
    if (context.out.isTTY) {
      if (drawnLines > 0) context.out.write(`\x1b[${drawnLines}A`);
      context.out.write(`${lines.map((line) => `\x1b[2K${line}`).join('\n')}\n`);
      drawnLines = lines.length;
      return;
    }
    // Not a terminal: one line per file when it settles, so logs stay readable.
    rows.forEach((row, index) => {
      if ((FINAL.has(row.stage) || final) && !printed.has(row)) {
        printed.add(row);
        context.out.write(`${lines[index]}\n`);
      }
    });
  };
}
