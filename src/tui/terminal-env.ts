// Ink reads CI and CONTINUOUS_INTEGRATION once, when its module loads, and in "CI mode" writes
// only <Static> output until unmount: on a real terminal the dashboard would never be drawn. The
// dashboard is only mounted when stdout is a terminal and the user asked for it, so those two
// variables are cleared for this process before Ink is loaded (callers import Ink after this).
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/** Lets Ink draw on this terminal whatever the CI variables say; call before importing Ink. */
export function drawOnTerminal(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of CI_VARIABLES) delete env[name];
}
