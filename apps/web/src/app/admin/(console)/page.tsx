import type { Metadata } from 'next';
import { PageHeader } from '../../../components/admin/page-header';
import { requireAdmin } from '../admin-session';

export const metadata: Metadata = { title: 'Dashboard' };
export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  await requireAdmin('/admin');
  return <PageHeader title="Dashboard" description="Sales at a glance." />;
}
