// The choices of the API and key filters on the analytics and request-log pages.
import { listApis } from '../apis/list-apis';
import { listKeys } from '../keys/list-keys';

export interface FilterOption {
  id: string;
  /** What a list shows: the API's name or the key's alias. */
  name: string;
  /** What a filter menu shows: the name and the id. */
  label: string;
}

/** Every API, and the newest 500 keys (an older key can still be chosen by link). */
export async function filterOptions(): Promise<{ apis: FilterOption[]; keys: FilterOption[] }> {
  const [apis, keys] = await Promise.all([listApis({ limit: 1000 }), listKeys({ limit: 500 })]);
  return {
    apis: apis.items.map((api) => ({
      id: api.id,
      name: api.name,
      label: api.name === api.id ? api.id : `${api.name} (${api.id})`,
    })),
    keys: keys.items.map((key) => ({
      id: key.id,
      name: key.alias,
      label: `${key.alias} (${key.id})`,
    })),
  };
}
