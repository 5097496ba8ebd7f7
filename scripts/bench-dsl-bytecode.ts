// The alternative compiler measured by scripts/bench-dsl.ts: rules flattened into an Int32Array of
// instructions run by a stack interpreter over a Float64Array. It covers what the bench rule uses
// (numbers, columns, arithmetic, comparisons, cross from columns, and/or/not) and follows the same
// NaN rules as src/dsl/ops.ts. It lost to closures, so it lives here for the record only.
import type { ColumnNeed, Node, RuleSet, RuntimeEnv } from '../src/dsl';

const OP = {
  CONST: 0,
  COL: 1,
  ADD: 2,
  SUB: 3,
  MUL: 4,
  DIV: 5,
  GT: 6,
  GE: 7,
  LT: 8,
  LE: 9,
  EQ: 10,
  NE: 11,
  XUP: 12,
  XDN: 13,
  ACC: 14,
  AND: 15,
  OR: 16,
  NOT: 17,
  NEG: 18,
} as const;
const CMP: Record<string, number> = { '>': OP.GT, '>=': OP.GE, '<': OP.LT, '<=': OP.LE, '==': OP.EQ, '!=': OP.NE };
const ARITH: Record<string, number> = { '+': OP.ADD, '-': OP.SUB, '*': OP.MUL, '/': OP.DIV };

export function compileBytecode(rules: RuleSet, env: RuntimeEnv): () => number {
  const code: number[] = [];
  const consts: number[] = [];
  const cols: Float64Array[] = [];
  const colIndex = new Map<string, number>();
  const col = (need: ColumnNeed) => {
    let i = colIndex.get(need.key);
    if (i === undefined) {
      i = cols.push(env.column(need)) - 1;
      colIndex.set(need.key, i);
    }
    return i;
  };
  const emit = (n: Node, shift: number): void => {
    switch (n.k) {
      case 'num':
        code.push(OP.CONST, consts.push(n.v) - 1);
        return;
      case 'ref': {
        const r = n.res;
        if (r?.k === 'const') return void code.push(OP.CONST, consts.push(r.v) - 1);
        if (r?.k === 'feature') {
          const need = {
            key: `${r.tf}:${r.feature}.${r.output}`,
            kind: 'feature',
            tf: r.tf,
            feature: r.feature,
            output: r.output,
          } as const;
          return void code.push(OP.COL, col(need), rules.tfNames.indexOf(r.tf), n.offset + shift);
        }
        if (r?.k === 'bar' && ['open', 'high', 'low', 'close', 'volume'].includes(r.field)) {
          const need = { key: `${r.tf}:${r.field}`, kind: 'bar', tf: r.tf, field: r.field as 'close' } as const;
          return void code.push(OP.COL, col(need), rules.tfNames.indexOf(r.tf), n.offset + shift);
        }
        throw new Error(`bytecode: unsupported ref ${n.parts.join('.')}`);
      }
      case 'neg':
        emit(n.x, shift);
        return void code.push(OP.NEG);
      case 'arith':
        emit(n.a, shift);
        emit(n.b, shift);
        return void code.push(ARITH[n.op] as number);
      case 'cmp':
        if (n.tol) throw new Error('bytecode: no tolerance');
        emit(n.a, shift);
        emit(n.b, shift);
        return void code.push(CMP[n.op] as number);
      case 'cross':
        emit(n.a, shift);
        emit(n.b, shift);
        emit(n.a, shift + 1);
        emit(n.b, shift + 1);
        return void code.push(n.dir === 'above' ? OP.XUP : OP.XDN);
      case 'not':
        emit(n.x, shift);
        return void code.push(OP.NOT);
      case 'and':
      case 'or': {
        code.push(OP.ACC, n.k === 'and' ? 1 : 0);
        const patches: number[] = [];
        for (const x of n.xs) {
          emit(x, shift);
          code.push(n.k === 'and' ? OP.AND : OP.OR, -1);
          patches.push(code.length - 1);
        }
        for (const p of patches) code[p] = code.length;
        return;
      }
      default:
        throw new Error(`bytecode: unsupported node ${n.k}`);
    }
  };
  const starts: number[] = [];
  const bits: number[] = [];
  for (const b of rules.blocks) {
    for (const c of b.cases) {
      starts.push(code.length);
      emit(c.when, 0);
      code.push(-1);
      bits.push(1 << ['enter_long', 'enter_short', 'exit_long', 'exit_short', 'exit', 'reverse'].indexOf(c.emit));
    }
  }
  return interpreter(Int32Array.from(code), Float64Array.from(consts), cols, env.cursors, Int32Array.from(starts), Int32Array.from(bits));
}

function interpreter(
  code: Int32Array,
  consts: Float64Array,
  cols: Float64Array[],
  cursors: Int32Array,
  starts: Int32Array,
  bits: Int32Array,
): () => number {
  const stack = new Float64Array(64);
  const NaN_ = Number.NaN;
  // A single hot loop with a switch: splitting it into functions would defeat the point.
  return () => {
    let emits = 0;
    for (let k = 0; k < starts.length; k++) {
      let pc = starts[k] as number;
      let sp = 0;
      for (;;) {
        const op = code[pc] as number;
        if (op === -1) break;
        switch (op) {
          case OP.CONST:
            stack[sp++] = consts[code[pc + 1] as number] as number;
            pc += 2;
            break;
          case OP.COL: {
            const i = (cursors[code[pc + 2] as number] as number) - (code[pc + 3] as number);
            stack[sp++] = i >= 0 ? ((cols[code[pc + 1] as number] as Float64Array)[i] as number) : NaN_;
            pc += 4;
            break;
          }
          case OP.ADD:
          case OP.SUB:
          case OP.MUL:
          case OP.DIV: {
            const y = stack[--sp] as number;
            const x = stack[sp - 1] as number;
            stack[sp - 1] = op === OP.ADD ? x + y : op === OP.SUB ? x - y : op === OP.MUL ? x * y : y === 0 ? NaN_ : x / y;
            pc++;
            break;
          }
          case OP.NEG:
            stack[sp - 1] = -(stack[sp - 1] as number);
            pc++;
            break;
          case OP.GT:
          case OP.GE:
          case OP.LT:
          case OP.LE:
          case OP.EQ:
          case OP.NE: {
            const y = stack[--sp] as number;
            const x = stack[sp - 1] as number;
            let r: number;
            if (Number.isNaN(x) || Number.isNaN(y)) r = NaN_;
            else if (op === OP.GT) r = x > y ? 1 : 0;
            else if (op === OP.GE) r = x >= y ? 1 : 0;
            else if (op === OP.LT) r = x < y ? 1 : 0;
            else if (op === OP.LE) r = x <= y ? 1 : 0;
            else if (op === OP.EQ) r = x === y ? 1 : 0;
            else r = x !== y ? 1 : 0;
            stack[sp - 1] = r;
            pc++;
            break;
          }
          case OP.XUP:
          case OP.XDN: {
            sp -= 3;
            const d = (stack[sp - 1] as number) - (stack[sp] as number);
            const p = (stack[sp + 1] as number) - (stack[sp + 2] as number);
            stack[sp - 1] = Number.isNaN(d) || Number.isNaN(p) ? NaN_ : (op === OP.XUP ? p <= 0 && d > 0 : p >= 0 && d < 0) ? 1 : 0;
            pc++;
            break;
          }
          case OP.ACC:
            stack[sp++] = code[pc + 1] as number;
            pc += 2;
            break;
          case OP.AND:
          case OP.OR: {
            const v = stack[--sp] as number;
            const stopOn = op === OP.AND ? 0 : 1;
            if (v === stopOn) {
              stack[sp - 1] = stopOn;
              pc = code[pc + 1] as number;
            } else {
              if (v !== 1 - stopOn) stack[sp - 1] = NaN_;
              pc += 2;
            }
            break;
          }
          case OP.NOT: {
            const v = stack[sp - 1] as number;
            stack[sp - 1] = v === 1 ? 0 : v === 0 ? 1 : NaN_;
            pc++;
            break;
          }
          default:
            throw new Error(`bytecode: bad op ${op} at ${pc}`);
        }
      }
      if (stack[0] === 1) emits |= bits[k] as number;
    }
    return emits;
  };
}
