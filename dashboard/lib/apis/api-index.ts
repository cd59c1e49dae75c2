// Every API definition held in memory for lists and pickers: FerretDB scans the whole collection for
// each sort or count, so reads come from here. It is refreshed on any config.changed notice (from
// this or another dashboard), after this process's own writes, and when older than MAX_AGE_MS.
import { verifyEvent } from '@turnpike/common';
import { dashboardConfig } from '../config';
import { keyNames, redis } from '../db';
import { apis, toStoredApi, type StoredApi } from './store';

const MAX_AGE_MS = 15_000;

interface IndexState {
  items: StoredApi[] | null;
  loadedAt: number;
  loading: Promise<StoredApi[]> | null;
  /** Bumped by every invalidation, so a load that started before one is not kept. */
  generation: number;
  subscribed: boolean;
}

const holder = globalThis as typeof globalThis & { __turnpikeApiIndex?: IndexState };
const state: IndexState = (holder.__turnpikeApiIndex ??= {
  items: null,
  loadedAt: 0,
  loading: null,
  generation: 0,
  subscribed: false,
});

export function invalidateApiIndex(): void {
  state.generation++;
  state.items = null;
  state.loading = null;
}

function subscribe(): void {
  if (state.subscribed) return;
  state.subscribed = true;
  const subscriber = redis().duplicate();
  subscriber.on('error', () => undefined);
  subscriber.on('message', (_channel: string, message: string) => {
    if (verifyEvent(message, dashboardConfig().gatewaySecret)?.type === 'config.changed')
      invalidateApiIndex();
  });
  // While unsubscribed (Redis down), MAX_AGE_MS still bounds how stale the list can be.
  subscriber.subscribe(keyNames().eventsChannel).catch(() => undefined);
}

/** All APIs, sorted by name then id. */
export async function allApis(): Promise<StoredApi[]> {
  subscribe();
  if (state.items && Date.now() - state.loadedAt < MAX_AGE_MS) return state.items;
  if (!state.loading) {
    const generation = state.generation;
    const loading = apis()
      .find({})
      .toArray()
      .then((docs) => {
        const items = docs
          .map(toStoredApi)
          .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en'));
        if (generation === state.generation) {
          state.items = items;
          state.loadedAt = Date.now();
        }
        return items;
      })
      .finally(() => {
        if (state.loading === loading) state.loading = null;
      });
    state.loading = loading;
  }
  return state.loading;
}
