/**
 * What Linux's /proc says about a process and the machine, for the benchmarks: a process's
 * resident memory now and at its peak (VmRSS, VmHWM), CPU time of a process or of every
 * PostgreSQL backend, the machine's busy share of all its cores, and the 1-minute load.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]);
}

/** Resident memory of `pid` now and its peak so far (kB). */
export function memoryKb(pid: number): { readonly rss: number; readonly peak: number } {
  return { rss: statusKb(pid, 'VmRSS'), peak: statusKb(pid, 'VmHWM') };
}

/** The process's name and user + system CPU seconds, or null when it has gone. */
function processCpu(pid: number | string): { readonly name: string; readonly seconds: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // `pid (name) state ppid …`: the name may hold spaces and parentheses, the fields follow the last ')'.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return { name: text.slice(text.indexOf('(') + 1, close), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS };
}

/** User + system CPU seconds `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  const cpu = processCpu(pid);
  if (cpu === null) throw new Error(`process ${pid} has gone`);
  return cpu.seconds;
}

/** CPU seconds used so far by each PostgreSQL process on this machine, by pid. */
export function postgresCpu(): Map<string, number> {
  const byPid = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cpu = processCpu(pid);
    if (cpu?.name === 'postgres') byPid.set(pid, cpu.seconds);
  }
  return byPid;
}

/** CPU seconds PostgreSQL used between two `postgresCpu()` readings (backends started between count from 0). */
export function postgresCpuBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** The machine's CPU counters (all cores, in ticks): busy and total. */
export function machineCpu(): { readonly busy: number; readonly total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { busy, total: busy + (idle ?? 0) + (iowait ?? 0) };
}

/** The share (0–1) of all the machine's cores that was busy between two `machineCpu()` readings. */
export function busyShare(before: ReturnType<typeof machineCpu>, after: ReturnType<typeof machineCpu>): number {
  return (after.busy - before.busy) / Math.max(1, after.total - before.total);
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
