import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/**
 * The body of the not-found and error pages: what happened in plain words and a way forward,
 * never a stack trace.
 */
export function PageProblem({
  icon: Icon,
  eyebrow,
  title,
  children,
  actions,
}: {
  icon: LucideIcon;
  eyebrow: string;
  title: string;
  children: ReactNode;
  actions: ReactNode;
}) {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center py-12 text-center sm:py-20">
      <span className="flex size-14 items-center justify-center rounded-full bg-brand-50 ring-8 ring-brand-50/50">
        <Icon aria-hidden="true" className="size-7 text-brand-600" />
      </span>
      <p className="mt-6 text-sm font-semibold tracking-wide text-brand-700 uppercase">{eyebrow}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">{title}</h1>
      <div className="mt-4 text-base text-slate-600">{children}</div>
      <div className="mt-8 flex flex-wrap justify-center gap-3">{actions}</div>
    </div>
  );
}
