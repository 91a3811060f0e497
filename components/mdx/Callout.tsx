import type { ReactNode } from 'react';

const kinds = {
  note: {
    label: 'Note',
    icon: 'i',
    box: 'border-sky-700/40 bg-sky-50 dark:border-sky-400/40 dark:bg-sky-950/40',
    badge: 'bg-sky-700 text-white dark:bg-sky-300 dark:text-sky-950',
  },
  warning: {
    label: 'Warning',
    icon: '!',
    box: 'border-amber-700/50 bg-amber-50 dark:border-amber-400/40 dark:bg-amber-950/40',
    badge: 'bg-amber-700 text-white dark:bg-amber-300 dark:text-amber-950',
  },
  'then-now': {
    label: '2017 vs today',
    icon: '↻',
    box: 'border-violet-700/40 bg-violet-50 dark:border-violet-400/40 dark:bg-violet-950/40',
    badge: 'bg-violet-700 text-white dark:bg-violet-300 dark:text-violet-950',
  },
} as const;

export type CalloutKind = keyof typeof kinds;

/**
 * A boxed aside. Its kind is said in words as well as colour: "Note",
 * "Warning", or "2017 vs today" for places where older Docker differs.
 */
export function Callout({ kind = 'note', title, children }: { kind?: CalloutKind; title?: string; children: ReactNode }) {
  const style = kinds[kind] ?? kinds.note;
  return (
    <div role="note" className={`not-prose my-6 rounded-lg border-l-4 border p-4 ${style.box}`} aria-label={title ?? style.label}>
      <p className="mb-2 flex items-center gap-2 text-sm font-semibold">
        <span aria-hidden="true" className={`inline-flex h-5 w-5 items-center justify-center rounded-full text-xs ${style.badge}`}>
          {style.icon}
        </span>
        <span>{title && title !== style.label ? `${style.label}: ${title}` : style.label}</span>
      </p>
      <div className="prose prose-sm max-w-none dark:prose-invert prose-p:my-2 [&>*:last-child]:mb-0">{children}</div>
    </div>
  );
}
