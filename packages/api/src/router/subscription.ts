import { streamEvents, type StudioTopics, type TopicName, type Studio } from '@studio/core';
import { tracked } from '@trpc/server';

/**
 * Adapts a bus topic to a tRPC subscription: resumes after `lastEventId` and yields each event
 * as `tracked(id, payload)` so the client can resume again.
 */
export async function* trackedTopic<K extends TopicName, Out = StudioTopics[K]>(
  studio: Studio,
  topic: K,
  options: {
    lastEventId?: string | null;
    signal?: AbortSignal;
    filter?: (data: StudioTopics[K]) => boolean;
    map?: (data: StudioTopics[K]) => Out;
  },
) {
  for await (const event of streamEvents(studio.bus, topic, options)) {
    yield tracked(event.id, (options.map ? options.map(event.data) : event.data) as Out);
  }
}
