// Speed work must change no result (issue "Speed", item 4): every example Play, the 15m EMA
// reversal anchor and the 1m speed reference give, from dist/trade on the bundled month, the hashes
// they gave before the speed work (pinned below, measured with the build before it; the example
// Plays' play_hash re-pinned when their validation blocks were added, nothing else moved): play_hash,
// input_hash, trades_hash and equity_hash: everything run_hash covers but engine_hash, which hashes
// core.wasm's bytes and the version and so differs with the Rust toolchain that built the core.
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { ROOT, sandbox } from './cli-harness';

interface Pin {
  play_hash: string;
  input_hash: string;
  trades_hash: string;
  equity_hash: string;
}

const RESULTS: Record<string, Pin | 'GATE_FAILED'> = {
  'plays/bollinger-squeeze.yml': {
    play_hash: 'd041f9ca46123fd32c51dec1ef836f9d58542ee11fb8e48ab6cf134a4ba59e89',
    input_hash: 'fc84aed2778b53e07e9c9afe7824f26567d81381102ce0de15db316f70a517e1',
    trades_hash: '941be86ba8422f7fd14cf4d2b61d15f06ead22328fb733080f2624730774a744',
    equity_hash: 'd3506afd148e77d243e350785f5d257894a6f0e7e3a65c2f447c9876e8f70b80',
  },
  'plays/donchian-breakout.yml': {
    play_hash: '790b116ca6d9ba8e9ecde258bf30ca6e6cc4606d431cecde21206636116f95b8',
    input_hash: 'fc84aed2778b53e07e9c9afe7824f26567d81381102ce0de15db316f70a517e1',
    trades_hash: '02c23ece8b111257562fa63187412cd3a6253cab9572709c08bf7658b5c5ade2',
    equity_hash: '893660d51bd40fb0060873ceca6c45faa2c3b41f69f7a805c61d57b2f5201ddb',
  },
  'plays/ema-cross.yml': {
    play_hash: 'a3ec395c41fc854f6da9422c5ef12cb45a951d0f3297b903fcdeded49d05426d',
    input_hash: 'fc84aed2778b53e07e9c9afe7824f26567d81381102ce0de15db316f70a517e1',
    trades_hash: '32763c5e898d68616d641caab947796f42e11d3e379ad040a02e618898189660',
    equity_hash: '8e67cbeef781e7c6b7757fa394ea848ef7ef653818e019920db8d1139e711a55',
  },
  'plays/htf-trend-filter.yml': 'GATE_FAILED',
  'plays/macd-adx-momentum.yml': {
    play_hash: '209d987ea0bb607f6ee71e1ccfce7aa80ff7ec5812cba7d8ad587caa85436061',
    input_hash: 'fc84aed2778b53e07e9c9afe7824f26567d81381102ce0de15db316f70a517e1',
    trades_hash: 'f06125fe66f62cf44565f6f4503986828561f54fdd24ca76cbcd4624a01d32f4',
    equity_hash: 'eae56163af219ce95fbca4a12d9d6bc8f4d11de73654ad36ab2bb531d065bb57',
  },
  'plays/ms-break-demand.yml': {
    play_hash: 'a64fba41f4c8422983a2dbc6816e13b7e027c2dbc805f4c92268d1311ccf0985',
    input_hash: 'fc84aed2778b53e07e9c9afe7824f26567d81381102ce0de15db316f70a517e1',
    trades_hash: 'b9ba982f52d8f36b9018e8bba5b4f5d58e3afe241606cde5189be58c5ac60793',
    equity_hash: '4ccbedb8346c6b6163472eab2468f8f5402e5b9269c6cc8f35211a2e33347350',
  },
  'plays/rsi-mean-reversion.yml': {
    play_hash: 'd9b350703b6f7a4083201d4dfe7e1217d33049e3305de0ef3300e64192d73cc7',
    input_hash: 'fc84aed2778b53e07e9c9afe7824f26567d81381102ce0de15db316f70a517e1',
    trades_hash: 'a58b3a85ab32d6471969a6d4c9aed0d0b7550fb567a025776240383f4f20bb87',
    equity_hash: '8070b2397345f8c99d54aac275859e5e558ef37a9cb2783007a53db3bcdf2271',
  },
  'plays/supertrend-flip.yml': {
    play_hash: '3290cfd6da49e07e8482997f0429320a5a9e325265a944fa71023647675892fb',
    input_hash: '62ab933903c964ce8090c69150bda63e86c68921a73015692a84d2556533e543',
    trades_hash: '693a41f5aa927427b748701f877da802896ea597dce46c4c45241ce6574c6bf4',
    equity_hash: 'd447a85b727d737299f635f08d8013729d37eeaf50e98e64eefbb17dd9e9cfcf',
  },
  'plays/vwap-reversion-5m.yml': {
    play_hash: '7b5ebb80760638a09f90da2d5c8ff7f08d0b01f7dbebd41286618d0bf91434d2',
    input_hash: 'f02e7074acfd90a86e0d05286e7f57553729674d019b21f5255b869c259d1fc3',
    trades_hash: 'd361a36ff9bf9d9b4332694ea90593d2514efaa1123dd918293509d1dd4528ee',
    equity_hash: '4158d1f41de9afcd84e92263470ff2fc7e86b9fc4c32ba29cf336b34e23d3eb9',
  },
  'scripts/bench/plays/ema-reversal-1m.yml': {
    play_hash: '6e9a7b8cee19aac30d06c5c6cc2a27611c57190f22eec549d1df0e03fc41508c',
    input_hash: 'fc84aed2778b53e07e9c9afe7824f26567d81381102ce0de15db316f70a517e1',
    trades_hash: '7a0feecb0a74ecf33ac3b5e37432486d3c26e2319424fa0d4d394626d87ec9fc',
    equity_hash: '756423f23dbe5ade57061ea14c773ec903f8f75fcba3d8cb19d51951aced12b4',
  },
  'test/parity/plays/ema-12-26-reversal.yml': {
    play_hash: '6b3bdf22eb3242097a08f19000933fe3866860bc30deaa316d7caa3b17273812',
    input_hash: 'fc84aed2778b53e07e9c9afe7824f26567d81381102ce0de15db316f70a517e1',
    trades_hash: '08dac292498b1aa0cac8322bb3c6a31a64534b29789001e98da5c467f68f3f74',
    equity_hash: 'b4b869c6a2f3182e309ff9a708b8cd8c0f5bd01a160bec2093a895e1d773aaa7',
  },
};

const box = sandbox('trade-e2e-run-hash-');
const DB = join(box.dir, 'store.duckdb');
beforeAll(() => {
  expect(box.run('data', 'import', '--sample', '--db', DB).code).toBe(0);
}, 60_000);
afterAll(() => box.cleanup());

test('every example Play and both anchors keep their results (play, input, trades and equity hashes)', () => {
  const got: Record<string, Pin | string> = {};
  for (const play of Object.keys(RESULTS)) {
    const r = box.run('backtest', join(ROOT, play), '--db', DB, '--out', join(box.dir, 'bt'), '--json');
    const j = JSON.parse(r.out);
    if (r.code !== 0) {
      got[play] = j.error.code;
      continue;
    }
    const h = j.hashes;
    got[play] = { play_hash: h.play_hash, input_hash: h.input_hash, trades_hash: h.trades_hash, equity_hash: h.equity_hash };
  }
  expect(got).toEqual(RESULTS);
}, 120_000);
