// The indexes the dashboard relies on; created at start, harmless to repeat.
import { mongo } from './db';

export async function ensureIndexes(): Promise<void> {
  const db = mongo();
  await Promise.all([
    db.collection('users').createIndex({ email: 1 }, { unique: true }),
    db.collection('keys').createIndex({ hash: 1 }, { unique: true }),
    db.collection('keys').createIndex({ policyId: 1 }),
    db.collection('audit').createIndex({ ts: -1 }),
    db.collection('audit').createIndex({ 'resource.id': 1 }),
  ]);
}
