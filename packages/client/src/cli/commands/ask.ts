import type { ChatEvent, Citation } from '@studio/shared';
import type { StudioClient } from '../../create-studio-client';
import { CliError } from '../cli-error';
import { ConnectionWatch } from '../connection-watch';
import { streamTimeouts, type CliContext } from '../options';

type StartEvent = Extract<ChatEvent, { type: 'start' }>;
type EndEvent = Extract<ChatEvent, { type: 'end' }>;

/**
 * `studio ask "…"`: streams the answer token by token, then lists its citations (`--json`: one JSON
 * object at the end). Fails with exit code 3 when the studio cannot be reached, is lost mid-answer,
 * or goes silent (`--connect-timeout`, `--idle-timeout`).
 */
export async function askCommand(client: StudioClient, context: CliContext): Promise<void> {
  const message = context.positionals.slice(1).join(' ').trim();
  if (!message) throw new CliError('usage: studio ask "<question>"');
  const fileIds = typeof context.values.file === 'string' ? context.values.file.split(',').filter(Boolean) : undefined;
  const sessionId = typeof context.values.session === 'string' ? context.values.session : undefined;
  const json = context.values.json === true;

  let start: StartEvent | undefined;
  const end = await new Promise<EndEvent>((resolve, reject) => {
    const finish = (settle: () => void) => {
      watch.stop();
      subscription.unsubscribe();
      settle();
    };
    const watch = new ConnectionWatch(context.url, streamTimeouts(context), (error) => finish(() => reject(error)));
    const subscription = client.trpc.chat.stream.subscribe(
      { message, fileIds, sessionId },
      {
        onConnectionStateChange: (state) => watch.onState(state),
        onData: ({ data: event }) => {
          watch.activity();
          if (event.type === 'start') {
            start = event;
            if (event.mode === 'offline' && !json) {
              context.err.write(
                '(offline mode: no language model is configured; answering from your files and memory)\n',
              );
            }
          }
          if (event.type === 'token' && !json) context.out.write(event.text);
          if (event.type === 'error') {
            finish(() => reject(new CliError(event.message, { code: event.code, exitCode: 1 })));
          }
          if (event.type === 'end') finish(() => resolve(event));
        },
        onError: (error) => finish(() => reject(error)),
      },
    );
  });
  if (json) {
    const answer = {
      sessionId: start?.sessionId,
      messageId: start?.messageId,
      executionId: start?.executionId,
      mode: start?.mode,
      reply: end.reply,
      citations: end.citations,
    };
    context.out.write(`${JSON.stringify(answer, null, 2)}\n`);
    return;
  }
  context.out.write('\n');
  if (end.citations.length > 0) {
    context.out.write('\nSources:\n');
    end.citations.forEach((citation, index) => context.out.write(`  [${index + 1}] ${formatCitation(citation)}\n`));
  }
}

function formatCitation(citation: Citation): string {
  return `${citation.fileName}${citation.page !== undefined ? `, page ${citation.page}` : ''}`;
}
