/** Where the machine's CPU went during a phase: per process (from /proc/<pid>/stat) and idle (from /proc/stat). */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return NaN;
  }
}

function machineTicks(): { total: number; idle: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { total: cpu.reduce((a, b) => a + b, 0), idle: cpu[3] + cpu[4] };
}

export interface CpuReport {
  /** CPU seconds each process used per wall-clock second (1.0 = one core busy) */
  coresBusy: Record<string, number>;
  machineIdleShare: number;
}

/** Starts counting; the returned function ends the phase and reports. */
export function cpuMeter(processes: Record<string, number | undefined>): () => CpuReport {
  const started = performance.now();
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, pid ? processTicks(pid) : NaN]));
  const machine = machineTicks();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const coresBusy: Record<string, number> = {};
    for (const [name, pid] of Object.entries(processes)) {
      const used = (pid ? processTicks(pid) : NaN) - before[name];
      coresBusy[name] = Math.round((used / TICKS_PER_SECOND / seconds) * 100) / 100;
    }
    const after = machineTicks();
    return { coresBusy, machineIdleShare: Math.round(((after.idle - machine.idle) / (after.total - machine.total)) * 1000) / 1000 };
  };
}
