// Things the data layer tells the user without failing: a cache or snapshot that did not match its
// content digest and was rebuilt from the store. The CLI installs the sink (stderr); each message
// is given once per process. Without a sink (library use, tests) notices are kept in `seen`.
let sink: ((message: string) => void) | undefined;
const seen = new Set<string>();

export function setNoticeSink(fn: ((message: string) => void) | undefined): void {
  sink = fn;
}

export function notice(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  sink?.(message);
}

/** Every notice given so far in this process. */
export function noticesGiven(): readonly string[] {
  return [...seen];
}
