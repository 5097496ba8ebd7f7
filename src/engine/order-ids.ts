// Order ids: `<runId>-<tag><seq>`, at most 36 characters of [A-Za-z0-9_-] (Bybit's orderLinkId
// rule). `runId` is fixed per session; `seq` only grows and is part of the engine snapshot, so a
// restored engine never reuses an id.
import { TradeError } from '../errors';

export const ORDER_ID_MAX_LEN = 36;
const ID_CHARS = /^[A-Za-z0-9_-]+$/;
const TAG_RE = /^[A-Za-z]{1,3}$/;
/** Room left for "-", a 3-letter tag and a 10-digit sequence. */
export const RUN_ID_MAX_LEN = ORDER_ID_MAX_LEN - 1 - 3 - 10;

export class OrderIds {
  private seqNo: number;
  /** `<runId>-<tag>` of each tag already checked (an engine uses two or three). */
  private readonly prefixes = new Map<string, string>();

  constructor(
    readonly runId: string,
    startSeq = 0,
  ) {
    if (!ID_CHARS.test(runId) || runId.length > RUN_ID_MAX_LEN) {
      throw new TradeError(
        'USAGE',
        `run id '${runId}': expected 1..${RUN_ID_MAX_LEN} characters of [A-Za-z0-9_-] (orders are '<runId>-<tag><seq>', at most ${ORDER_ID_MAX_LEN} characters)`,
      );
    }
    if (!Number.isSafeInteger(startSeq) || startSeq < 0)
      throw new TradeError('INTERNAL', `order id sequence ${startSeq}: expected an integer >= 0`);
    this.seqNo = startSeq;
  }

  /** The last sequence number handed out (0 before the first). */
  get seq(): number {
    return this.seqNo;
  }

  next(tag: string): string {
    let prefix = this.prefixes.get(tag);
    if (prefix === undefined) {
      if (!TAG_RE.test(tag)) throw new TradeError('INTERNAL', `order id tag '${tag}': expected 1..3 letters`);
      prefix = `${this.runId}-${tag}`;
      this.prefixes.set(tag, prefix);
    }
    this.seqNo++;
    return prefix + this.seqNo;
  }
}

/** True when `id` is a valid Bybit orderLinkId. */
export function isValidOrderLinkId(id: string): boolean {
  return id.length > 0 && id.length <= ORDER_ID_MAX_LEN && ID_CHARS.test(id);
}
