import { randomUUID } from 'node:crypto';

/**
 * Whether the server process that owns running executions is still alive. With several processes
 * on one PostgreSQL, only a dead owner's executions may be recorded as interrupted at startup.
 */
export type IsOwnerAlive = (owner: string) => Promise<boolean>;

/** Options of a service's startup recovery. */
export interface RecoveryOptions {
  /** Unset: every owner but this process counts as dead (one server process, the default). */
  isOwnerAlive?: IsOwnerAlive;
}

/** A fresh id for this server process, recorded as the owner of the executions it starts. */
export function newInstanceId(): string {
  return randomUUID();
}

/**
 * The owners, among those of running executions, whose executions will never finish. '' marks rows
 * written before owners were recorded: no live process has that id.
 */
export async function deadOwners(
  owners: readonly string[],
  self: string,
  isOwnerAlive?: IsOwnerAlive,
): Promise<string[]> {
  const others = owners.filter((owner) => owner !== self);
  if (!isOwnerAlive) return others;
  const alive = await Promise.all(others.map(async (owner) => owner !== '' && (await isOwnerAlive(owner))));
  return others.filter((_, index) => !alive[index]);
}
