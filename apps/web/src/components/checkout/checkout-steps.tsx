import { Check } from 'lucide-react';

import { classNames } from '../ui/class-names';

const STEPS = ['Your details', 'Payment'] as const;

/** Where the buyer is: details, then payment (the current step is `aria-current`). */
export function CheckoutSteps({ current }: { current: 1 | 2 }) {
  return (
    <ol className="flex items-center gap-3 text-sm" aria-label="Checkout steps">
      {STEPS.map((label, index) => {
        const step = index + 1;
        const done = step < current;
        const active = step === current;
        return (
          <li
            key={label}
            className="flex items-center gap-3"
            aria-current={active ? 'step' : undefined}
          >
            {index > 0 && <span aria-hidden="true" className="h-px w-6 bg-slate-300 sm:w-10" />}
            <span
              className={classNames(
                'flex size-7 items-center justify-center rounded-full text-xs font-bold',
                done && 'bg-emerald-600 text-white',
                active && 'bg-brand-600 text-white',
                !done && !active && 'bg-slate-200 text-slate-700',
              )}
            >
              {done ? <Check aria-hidden="true" className="size-4" /> : step}
            </span>
            <span
              className={classNames('font-medium', active ? 'text-slate-900' : 'text-slate-600')}
            >
              {label}
              {done && <span className="sr-only"> (done)</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
