// Writes to stdout / stderr that the process can wait on before it exits. A pipe takes only
// 64 KiB at once: `process.exit()` with more still queued throws the rest away (a `| wc -l` saw
// 806 lines of 2197). A write that the stream could not take at once (`write()` returned false)
// makes `drained()` wait for the stream's next 'drain'. A reader that went away (EPIPE, e.g.
// `| head`) ends the waiting and drops later writes: there is nobody left to read them.

export interface WritableStreamLike {
  write(text: string): boolean;
  once(event: 'drain' | 'error', listener: (...args: unknown[]) => void): unknown;
  on(event: 'error', listener: (e: unknown) => void): unknown;
}

export class DrainedWriter {
  private waiting: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly stream: WritableStreamLike) {
    stream.on('error', () => {
      this.closed = true;
    });
  }

  /** Writes `text` with a trailing newline (added when missing). */
  line(text: string): void {
    this.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  write(text: string): void {
    if (this.closed) return;
    if (this.stream.write(text) || this.waiting) return;
    this.waiting = new Promise<void>((resolve) => {
      const done = () => {
        this.waiting = undefined;
        resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('error', done);
    });
  }

  /** Resolves once everything written so far has been handed to the OS (or the reader is gone). */
  async drained(): Promise<void> {
    while (this.waiting && !this.closed) await this.waiting;
  }
}

export const stdout = new DrainedWriter(process.stdout as unknown as WritableStreamLike);
export const stderr = new DrainedWriter(process.stderr as unknown as WritableStreamLike);

/** The one way the CLI ends: waits for stdout and stderr to drain, then exits with `code`. */
export async function exitAfterDrain(code: number): Promise<never> {
  await Promise.all([stdout.drained(), stderr.drained()]);
  process.exit(code);
}
