// `--queue redis://HOST:PORT[/DB]`: checked without loading bullmq or ioredis (they are loaded only
// when a queue is used). One line naming the value otherwise.
import { TradeError } from '../errors';

export function queueUrlInput(text: string): string {
  let u: URL | undefined;
  try {
    u = new URL(text);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'redis:' && u.protocol !== 'rediss:') || u.hostname === '')
    throw new TradeError('USAGE', `--queue '${text}': expected a Redis URL like redis://127.0.0.1:6379`, {
      option: '--queue',
      value: text,
    });
  return text;
}

/** The URL as printed: a password is shown as `***` (it would land in logs and terminals). */
export function shownQueueUrl(url: string): string {
  const u = new URL(url);
  if (u.password === '') return url;
  u.password = '***';
  return u.toString();
}
