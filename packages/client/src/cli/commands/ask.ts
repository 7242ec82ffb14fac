import type { ChatEvent, Citation } from '@studio/shared';
import type { StudioClient } from '../../create-studio-client';
import { CliError } from '../cli-error';
import type { CliContext } from '../options';

/** `studio ask "…"`: streams the answer token by token, then lists its citations. */
export async function askCommand(client: StudioClient, context: CliContext): Promise<void> {
  const message = context.positionals.slice(1).join(' ').trim();
  if (!message) throw new CliError('usage: studio ask "<question>"');
  const fileIds = typeof context.values.file === 'string' ? context.values.file.split(',').filter(Boolean) : undefined;
  const sessionId = typeof context.values.session === 'string' ? context.values.session : undefined;

  const end = await new Promise<Extract<ChatEvent, { type: 'end' }>>((resolve, reject) => {
    const subscription = client.trpc.chat.stream.subscribe(
      { message, fileIds, sessionId },
      {
        onData: ({ data: event }) => {
          if (event.type === 'start' && event.mode === 'offline') {
            context.err.write(
              '(offline mode: no language model is configured; answering from your files and memory)\n',
            );
          }
          if (event.type === 'token') context.out.write(event.text);
          if (event.type === 'error') {
            subscription.unsubscribe();
            reject(new CliError(`${event.code}: ${event.message}`));
          }
          if (event.type === 'end') {
            subscription.unsubscribe();
            resolve(event);
          }
        },
        onError: reject,
      },
    );
  });
  context.out.write('\n');
  if (end.citations.length > 0) {
    context.out.write('\nSources:\n');
    end.citations.forEach((citation, index) => context.out.write(`  [${index + 1}] ${formatCitation(citation)}\n`));
  }
}

function formatCitation(citation: Citation): string {
  return `${citation.fileName}${citation.page !== undefined ? `, page ${citation.page}` : ''}`;
}
