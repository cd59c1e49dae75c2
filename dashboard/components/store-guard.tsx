// Renders a page, or the "MongoDB is not answering" notice when a store is down, instead of crashing.
import type { ReactNode } from 'react';
import { isStoreError } from '@/lib/store-errors';
import { StoreDown } from './ui/notice';

export async function guardStore(render: () => Promise<ReactNode>): Promise<ReactNode> {
  try {
    return await render();
  } catch (error) {
    if (isStoreError(error)) return <StoreDown />;
    throw error;
  }
}
