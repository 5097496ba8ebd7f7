// The normalized Play as YAML (a run's play.yml, shown by `trade report`; not part of run_hash):
// keys sorted (canonical JSON), written by Bun's native YAML writer, which reads back as the same
// value through the `yaml` package (test/unit/backtest/play-yaml.test.ts) in a fraction of the
// cold `yaml` stringify's 3-4 ms.
import { canonicalJson } from '../domain';
import type { Play } from '../play';

export function playYaml(play: Play): string {
  return Bun.YAML.stringify(JSON.parse(canonicalJson(play)), null, 2);
}
