// What the CLI's research commands (sweep, walkforward, worker) use from src/research, through
// tools as every command does. The queue worker is loaded on demand (it brings BullMQ and ioredis).
export { intInput, workersInput } from '../research/inputs';
export { queueUrlInput, shownQueueUrl } from '../research/queue-url';
export { metricValue } from '../research/rank';
export { foldJson } from '../research/walkforward';

/** The BullMQ worker of `trade worker`, loaded only when it runs. */
export const loadQueueWorker = () => import('../research/queue-worker');
