import type { AppRouter } from '@studio/api';
import { MAX_BATCH_CALLS } from '@studio/shared';
import {
  httpBatchLink,
  httpLink,
  isNonJsonSerializable,
  splitLink,
  type HTTPHeaders,
  type TRPCLink,
} from '@trpc/client';

export interface StudioLinksOptions {
  /** Where the studio serves tRPC: `${base}/trpc`, or `/trpc` from the web app's own origin. */
  url: string;
  /** Read on every call, so a token saved later is sent. */
  headers: () => HTTPHeaders;
  /** The link subscriptions go through: `wsLink` or `httpSubscriptionLink`. */
  subscriptions: TRPCLink<AppRouter>;
}

/**
 * How every client reaches the studio (the web app and `createStudioClient`): subscriptions through
 * their own link; uploads (FormData) over plain HTTP, because a batching link turns FormData into
 * `{}`; everything else batched, up to the calls the server accepts in one batch.
 */
export function studioLinks(options: StudioLinksOptions): TRPCLink<AppRouter>[] {
  const { url, headers } = options;
  return [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: options.subscriptions,
      false: splitLink({
        condition: (op) => isNonJsonSerializable(op.input),
        true: httpLink({ url, headers }),
        false: httpBatchLink({ url, headers, maxItems: MAX_BATCH_CALLS }),
      }),
    }),
  ];
}
