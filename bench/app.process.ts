import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { terminateChild } from '../libs/temporal/dev-server';

const KEPT_LINES = 200;

/**
 * One app process (worker or gateway) of the benchmarked stack. Its own process group, so a
 * terminal Ctrl-C reaches only the bench, which then stops everything in order. Its output is
 * passed through prefixed with its name (LOG_LEVEL=warn keeps that to problems) and the last lines
 * are kept for the error message when it fails to come up.
 */
export class AppProcess {
  private readonly lines: string[] = [];
  private expectedExit = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    onUnexpectedExit: (name: string, how: string) => void,
  ) {
    const keep = (line: string, print: (text: string) => void): void => {
      this.lines.push(line);
      if (this.lines.length > KEPT_LINES) this.lines.shift();
      print(`[${name}] ${line}\n`);
    };
    createInterface({ input: child.stdout! }).on('line', (line) => keep(line, (t) => process.stdout.write(t)));
    createInterface({ input: child.stderr! }).on('line', (line) => keep(line, (t) => process.stderr.write(t)));
    child.on('error', (error) => {
      if (!this.expectedExit) onUnexpectedExit(name, error.message);
    });
    child.on('exit', (code, signal) => {
      if (!this.expectedExit) onUnexpectedExit(name, signal ? `signal ${signal}` : `exit code ${code}`);
    });
  }

  static start(
    name: string,
    entry: string,
    env: NodeJS.ProcessEnv,
    onUnexpectedExit: (name: string, how: string) => void,
    nodeFlags: readonly string[] = [],
  ): AppProcess {
    const child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlags, entry], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    return new AppProcess(name, child, onUnexpectedExit);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get recentOutput(): string {
    return this.lines.join('\n');
  }

  async waitForLine(pattern: RegExp, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((line) => pattern.test(line))) {
      signal.throwIfAborted();
      if (!this.running) throw new Error(`the ${this.name} exited while starting:\n${this.recentOutput}`);
      if (Date.now() > deadline) {
        throw new Error(
          `the ${this.name} did not print ${pattern} within ${timeoutMs / 1000} s:\n${this.recentOutput}`,
        );
      }
      await sleep(100);
    }
  }

  /** SIGTERM (the worker drains), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    this.expectedExit = true;
    await terminateChild(this.child, 10_000);
  }
}
