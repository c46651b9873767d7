import type { Metadata } from 'next';

import { FindOrderForm } from '../../../components/orders/find-order-form';

export const metadata: Metadata = { title: 'Find my order' };

export default function FindOrderPage() {
  return (
    <div className="mx-auto max-w-lg">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Find my order</h1>
      <p className="mt-2 text-slate-700">
        Enter the order number from your confirmation e-mail and the e-mail address you bought the
        tickets with.
      </p>
      <FindOrderForm />
    </div>
  );
}
