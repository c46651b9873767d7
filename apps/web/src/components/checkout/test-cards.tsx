import { FlaskConical } from 'lucide-react';

import { TEST_CARDS } from './card-format';

/** The stub's cards, so anyone can try the shop without a real card. */
export function TestCards() {
  return (
    <section
      aria-labelledby="test-cards-heading"
      className="rounded-xl border border-dashed border-slate-300 bg-slate-50 p-4 text-sm"
    >
      <h3 id="test-cards-heading" className="flex items-center gap-2 font-semibold text-slate-900">
        <FlaskConical aria-hidden="true" className="size-4 text-brand-600" />
        Test cards
      </h3>
      <p className="mt-1 text-slate-700">Use any future expiry date and any 3-digit CVC.</p>
      <ul className="mt-2 space-y-1">
        {TEST_CARDS.map((card) => (
          <li key={card.number} className="flex flex-wrap items-center justify-between gap-x-4">
            <code className="font-mono font-semibold tracking-wide text-slate-900">
              {card.number}
            </code>
            <span className="text-slate-700">{card.outcome}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
