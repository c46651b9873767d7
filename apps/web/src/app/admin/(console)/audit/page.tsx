import type { Metadata } from 'next';
import { Suspense } from 'react';

import { AuditView } from '../../../../components/admin/audit/audit-view';
import { PageHeader } from '../../../../components/admin/page-header';
import { requireAdmin } from '../../admin-session';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

export default async function AuditPage() {
  await requireAdmin('/admin/audit');
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed the catalog, refunded or cancelled an order, replayed or discarded a dead letter, or tried to sign in — when, and from which address."
      />
      <Suspense>
        <AuditView />
      </Suspense>
    </>
  );
}
