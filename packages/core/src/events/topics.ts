import type {
  AgentEvent,
  ChatEvent,
  ConfigEvent,
  FileProgressEvent,
  MonitoringEvent,
  PlanGraphEvent,
} from '@studio/shared';

/** A chat event with the session and execution it belongs to, so one topic serves every session. */
export interface ChatTopicEvent {
  sessionId: string;
  executionId: string;
  event: ChatEvent;
}

/** A request to the process running an answer (with several processes, any may receive `chat.cancel`). */
export interface ChatControlEvent {
  executionId: string;
  action: 'cancel';
}

/** Every topic of the bus and its payload; names are noun-verb and stable. */
export interface StudioTopics {
  'chat-control': ChatControlEvent;
  'config-change': ConfigEvent;
  'file-progress': FileProgressEvent;
  'chat-token': ChatTopicEvent;
  'agent-step': AgentEvent;
  'plan-update': PlanGraphEvent;
  'monitor-sample': MonitoringEvent;
}

export type TopicName = keyof StudioTopics;

/** Every topic name at run time (a Redis bus reads one stream per topic). */
export const TOPIC_NAMES: readonly TopicName[] = [
  'chat-control',
  'config-change',
  'file-progress',
  'chat-token',
  'agent-step',
  'plan-update',
  'monitor-sample',
];
