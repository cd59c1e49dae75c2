// The request log: every request the gateways served, searchable by API, key, status, time and gtxid.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { guardStore } from '@/components/store-guard';
import { Forbidden } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { filterOptions } from '@/lib/analytics/filter-options';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { LogsClient } from './page-client';

export const metadata: Metadata = { title: 'Request log' };

export default async function LogsPage() {
  return guardStore(async () => {
    const user = await requireUser();
    const header = (
      <PageHeader
        title="Request log"
        description="Each request as the gateway recorded it, newest first. Open one to see all of its fields."
      />
    );
    if (!can(user.role, 'analytics:read')) {
      return (
        <>
          {header}
          <Forbidden what="The request log and analytics" />
        </>
      );
    }
    const options = await filterOptions();
    return (
      <>
        {header}
        <Suspense>
          <LogsClient apis={options.apis} keys={options.keys} />
        </Suspense>
      </>
    );
  });
}
