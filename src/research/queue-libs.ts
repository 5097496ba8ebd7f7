// BullMQ and ioredis, loaded on first use: only `--queue` runs and `trade worker` reach Redis, so
// other commands start without evaluating them. require() keeps the call sites synchronous; the
// bundler turns it into a lazy module init.
import type * as BullMq from 'bullmq';
import type IORedisClass from 'ioredis';

let bullmq: typeof BullMq | undefined;
let ioredis: typeof IORedisClass | undefined;

/** The bullmq module, evaluated on the first call. */
export function bullmqLib(): typeof BullMq {
  bullmq ??= require('bullmq') as typeof BullMq;
  return bullmq;
}

/** The ioredis client class, evaluated on the first call. */
export function ioredisClass(): typeof IORedisClass {
  ioredis ??= (require('ioredis') as { default: typeof IORedisClass }).default;
  return ioredis;
}
