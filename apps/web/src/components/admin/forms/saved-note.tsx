import { CircleCheck } from 'lucide-react';

/** A polite "Saved" beside a form's button, announced once after a save. */
export function SavedNote({ show, text = 'Saved' }: { show: boolean; text?: string }) {
  return (
    <span
      role="status"
      className="inline-flex items-center gap-1 text-sm font-medium text-emerald-800"
    >
      {show && (
        <>
          <CircleCheck aria-hidden="true" className="size-4" />
          {text}
        </>
      )}
    </span>
  );
}
