// A progress bar with ETA on stderr, only when stderr is a terminal (never in pipes or files, so
// --json output and logs stay clean). The clock is used for the display only, never in results.

export function progressBar(
  isTty: boolean,
  err: (text: string) => void,
  label: string,
): ((done: number, total: number) => void) | undefined {
  if (!isTty) return undefined;
  const startedMs = performance.now();
  let lastDrawMs = 0;
  return (done, total) => {
    const nowMs = performance.now();
    if (nowMs - lastDrawMs < 100 && done < total) return;
    lastDrawMs = nowMs;
    const width = 30;
    const share = done / Math.max(total, 1);
    const filled = Math.round(share * width);
    const elapsedS = (nowMs - startedMs) / 1000;
    const eta = done > 0 && done < total ? ` ETA ${Math.ceil((elapsedS / done) * (total - done))} s` : '';
    err(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}${eta}   ${done >= total ? '\n' : ''}`);
  };
}
