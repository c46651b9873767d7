import { ArrowLeft } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';

import { EventForm } from '../../../../../components/admin/catalog/event-form';
import { PageHeader } from '../../../../../components/admin/page-header';
import { Card } from '../../../../../components/ui/card';
import { requireAdmin } from '../../../admin-session';

export const metadata: Metadata = { title: 'New event' };
export const dynamic = 'force-dynamic';

export default async function NewEventPage() {
  await requireAdmin('/admin/catalog/new');
  return (
    <>
      <PageHeader
        back={
          <Link href="/admin/catalog" className="inline-flex items-center gap-1">
            <ArrowLeft aria-hidden="true" className="size-4" />
            Catalog
          </Link>
        }
        title="New event"
        description="Start with what buyers read; sessions and ticket types come next."
      />
      <Card className="p-5 sm:p-6">
        <EventForm />
      </Card>
    </>
  );
}
