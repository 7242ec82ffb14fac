import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times on Linux (USER_HZ, 100 on every common kernel). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) used so far by a process and every descendant still running,
 * from /proc: Chromium spreads its work over renderer, GPU and network processes. NaN without /proc.
 */
export function processTreeCpuMs(rootPid: number): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return Number.NaN;
  }
  const parentOf = new Map<number, number>();
  const ticksOf = new Map<number, number>();
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
      ticksOf.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while the list was read.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let current: number | undefined = pid; current !== undefined && current > 1; current = parentOf.get(current))
      if (current === rootPid) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, used] of ticksOf) if (inTree(pid)) ticks += used;
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The pid of a child of this process whose command line matches, e.g. the browser playwright launched. */
export function findChildPid(matches: (commandLine: string) => boolean): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      if (matches(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '))) return Number(entry);
    } catch {
      // The process ended while the list was read.
    }
  }
  return undefined;
}
