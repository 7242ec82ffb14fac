import { randomUUID } from 'node:crypto';

/** Time source, injectable so retention and TTL logic can be tested without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Id source; random UUIDs by default. */
export type GenerateId = () => string;

export const generateId: GenerateId = () => randomUUID();
