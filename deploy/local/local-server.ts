/**
 * What the local servers (kafka.ts, keycloak.ts, s3proxy.ts) share: a pid file naming the process this
 * checkout started (and the port it was given), a start lock so that only one command of the project
 * starts a server at a time while the others wait for it, waiting for the server to answer, stopping
 * it, and the `start|stop|status` command line.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A logger prefixed with the server's name, on stderr. */
export const sayAs =
  (name: string) =>
  (msg: string): void => {
    process.stderr.write(`[${name}] ${msg}\n`);
  };

/** True when something accepts (or swallows) a TCP connection on 127.0.0.1:port. */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolvePromise(true)));
    socket.once('timeout', () => (socket.destroy(), resolvePromise(true)));
    socket.once('error', () => resolvePromise(false));
  });
}

/** The last lines of a log file. */
export function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs maven-dependency-plugin's `copy` or `unpack` for one artifact into a folder: from the local Maven
 * repository first (offline), else from Maven Central (saying so, and the end of Maven's output when
 * that fails too). The caller checks that what it needs is there.
 */
export function fromMaven(o: {
  goal: 'copy' | 'unpack';
  artifact: string;
  outputDirectory: string;
  /** a throwaway working directory: without a project the plugin may leave a `${project.basedir}/target` folder in it */
  workDir: string;
  /** "S3Proxy 2.6.0" */
  what: string;
  /** "about 41 MB" */
  size: string;
  say: (msg: string) => void;
}): SpawnSyncReturns<string> {
  const args = [
    '-q',
    '-B',
    `org.apache.maven.plugins:maven-dependency-plugin:3.8.1:${o.goal}`,
    `-Dartifact=${o.artifact}`,
    `-DoutputDirectory=${o.outputDirectory}`,
  ];
  mkdirSync(o.workDir, { recursive: true });
  o.say(`${o.goal === 'copy' ? 'resolving' : 'unpacking'} ${o.what} from the local Maven repository…`);
  let result = spawnSync('mvn', ['-o', ...args], { cwd: o.workDir, encoding: 'utf8' });
  if (result.status !== 0) {
    o.say(`not cached yet: downloading from Maven Central (once, ${o.size})…`);
    result = spawnSync('mvn', args, { cwd: o.workDir, encoding: 'utf8' });
    if (result.status !== 0) o.say(`${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n'));
  }
  rmSync(o.workDir, { recursive: true, force: true });
  return result;
}

export interface LocalServerOptions {
  /** as the messages name it: "S3Proxy", "Keycloak" */
  title: string;
  pidFile: string;
  lockFile: string;
  logFile: string;
  /** a pid file outliving a reboot could name someone else's process: its command line must contain this */
  commandLineMark: string;
  /** whether it answers (the server's own probe) */
  answers(): Promise<boolean>;
  /** how often to ask while waiting */
  pollMs: number;
  /** how much of the log to show when it fails to start */
  logLines: number;
  /** stop signals go to the process group (a launcher script and its JVM) rather than the process */
  group?: boolean;
}

/** One local server that this checkout starts, reuses and stops. */
export class LocalServer {
  private readonly say: (msg: string) => void;

  constructor(private readonly o: LocalServerOptions) {
    this.say = sayAs(o.title.toLowerCase());
  }

  processAlive(pid: number): boolean {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    const cmdline = `/proc/${pid}/cmdline`;
    return !existsSync('/proc') || (existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes(this.o.commandLineMark));
  }

  /** The pid of the server this checkout started, if it is still running. */
  runningPid(): number | null {
    if (!existsSync(this.o.pidFile)) return null;
    const pid = Number(readFileSync(this.o.pidFile, 'utf8').split('\n')[0]);
    return pid > 0 && this.processAlive(pid) ? pid : null;
  }

  /** The port the server this checkout started was given (the pid file's second line). */
  runningPort(): number | null {
    return existsSync(this.o.pidFile) ? Number(readFileSync(this.o.pidFile, 'utf8').split('\n')[1]) || null : null;
  }

  recordStarted(pid: number, port: number): void {
    writeFileSync(this.o.pidFile, `${pid}\n${port}\n`);
  }

  /**
   * Starts the server unless it answers already (then `reused`): holding the start lock, waits for the
   * one this checkout started earlier if it still runs, else `launch`es it. When another command of the
   * project holds the lock (npm start, a test run), waits for that one's server rather than start a second.
   */
  async start<T>(o: { port: number; home: string; reused: T; deadlineMs: number; stopHint: string; launch: () => Promise<T> }): Promise<T> {
    if (await this.o.answers()) return o.reused;
    mkdirSync(o.home, { recursive: true });
    if (!this.takeStartLock()) {
      this.say(`another command of this project is starting ${this.o.title}; waiting for it`);
      const deadline = Date.now() + o.deadlineMs;
      while (Date.now() < deadline) {
        if (await this.o.answers()) return o.reused;
        if (!existsSync(this.o.lockFile) && !this.runningPid())
          throw new Error(`the other start of ${this.o.title} failed; see ${this.o.logFile}`);
        await sleep(this.o.pollMs * 2);
      }
      throw new Error(`${this.o.title} did not answer within ${o.deadlineMs / 1000}s; see ${this.o.logFile}`);
    }
    try {
      const running = this.runningPid();
      if (running && this.runningPort() !== o.port) {
        throw new Error(
          `the ${this.o.title} this project started (pid ${running}) listens on port ${this.runningPort()}, not ${o.port}; ${o.stopHint}`,
        );
      }
      if (!running) return await o.launch();
      this.say(`the ${this.o.title} this project started (pid ${running}) is not answering yet; waiting for it`);
      await this.waitUntilAnswers(running, o.deadlineMs);
      return o.reused;
    } finally {
      rmSync(this.o.lockFile, { force: true });
    }
  }

  /** Only one process of this project starts the server at a time: the holder's pid is in the lock file. */
  private takeStartLock(): boolean {
    try {
      writeFileSync(this.o.lockFile, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      const holder = Number(readFileSync(this.o.lockFile, 'utf8').trim());
      try {
        if (holder > 0 && holder !== process.pid) {
          process.kill(holder, 0);
          return false;
        }
      } catch {
        // the holder is gone: a stale lock
      }
      rmSync(this.o.lockFile, { force: true });
      return this.takeStartLock();
    }
  }

  /** Waits until the server answers; stops it (and says the log's end) when it exits or does not answer in time. */
  async waitUntilAnswers(pid: number, deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (Date.now() < deadline) {
      if (!this.processAlive(pid)) {
        this.say(`the server exited during start-up; the end of ${this.o.logFile}:\n${tail(this.o.logFile, this.o.logLines)}`);
        rmSync(this.o.pidFile, { force: true });
        throw new Error(`${this.o.title} exited during start-up; see ${this.o.logFile}`);
      }
      if (await this.o.answers()) return;
      await sleep(this.o.pollMs);
    }
    this.say(`no answer within ${deadlineMs / 1000}s; the end of ${this.o.logFile}:\n${tail(this.o.logFile, this.o.logLines)}`);
    await this.stop(deadlineMs);
    throw new Error(`${this.o.title} did not answer within ${deadlineMs / 1000}s; see ${this.o.logFile}`);
  }

  /** Stops the server this checkout started (SIGTERM; SIGKILL after deadlineMs); false when none runs. */
  async stop(deadlineMs: number): Promise<boolean> {
    const pid = this.runningPid();
    if (!pid) {
      rmSync(this.o.pidFile, { force: true });
      return false;
    }
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(this.o.group ? -pid : pid, name);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + deadlineMs;
    while (this.processAlive(pid) && Date.now() < deadline) await sleep(this.o.pollMs / 2);
    if (this.processAlive(pid)) signal('SIGKILL');
    while (this.processAlive(pid)) await sleep(100);
    rmSync(this.o.pidFile, { force: true });
    return true;
  }
}

/**
 * `tsx deploy/local/<server>.ts start|stop|status`: runs the command named on the command line; an
 * unknown one prints the usage (exit 2), a failure its message (exit 1).
 */
export function serverCommandLine(name: string, commands: Record<'start' | 'stop' | 'status', () => Promise<void>>): void {
  const say = sayAs(name);
  const command = process.argv[2];
  const run = async () => {
    if (command === 'start' || command === 'stop' || command === 'status') return commands[command]();
    say(`usage: tsx deploy/local/${name}.ts start|stop|status`);
    process.exitCode = 2;
  };
  run().catch((err) => {
    say((err as Error).message);
    process.exit(1);
  });
}
