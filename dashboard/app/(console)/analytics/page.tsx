// Analytics: traffic over time for all APIs, one API or one key, from the pump's aggregates.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { guardStore } from '@/components/store-guard';
import { Forbidden } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { filterOptions } from '@/lib/analytics/filter-options';
import { requireUser } from '@/lib/auth/current-user';
import { can } from '@/lib/auth/roles';
import { AnalyticsClient } from './page-client';

export const metadata: Metadata = { title: 'Analytics' };

export default async function AnalyticsPage() {
  return guardStore(async () => {
    const user = await requireUser();
    const header = (
      <PageHeader
        title="Analytics"
        description="Traffic through the gateways, as counted by the pump. Times are UTC."
      />
    );
    if (!can(user.role, 'analytics:read')) {
      return (
        <>
          {header}
          <Forbidden what="Analytics" />
        </>
      );
    }
    const options = await filterOptions();
    return (
      <>
        {header}
        <Suspense>
          <AnalyticsClient apis={options.apis} keys={options.keys} />
        </Suspense>
      </>
    );
  });
}
