// Cheap unique ids for the request path: a random per-process prefix and a counter.
import { randomBytes } from 'node:crypto';

// 64 random bits per process keep ids from different gateways and restarts apart; the counter
// keeps them apart within one process. A UUID per request cost measurably more on the hot path.
const prefix = randomBytes(8).toString('hex');
let counter = 0;

export function nextId(): string {
  counter = (counter + 1) % 0x1000000000000;
  return prefix + counter.toString(16).padStart(12, '0');
}
