'use client';

import { useTheme } from 'next-themes';
import { useHydrated } from '@/components/hooks/useMedia';

const choices = [
  { value: 'system', label: 'System', icon: '◐' },
  { value: 'light', label: 'Light', icon: '☀' },
  { value: 'dark', label: 'Dark', icon: '☾' },
] as const;

/** Three buttons — system, light, dark — that set and remember the theme. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  // The stored theme is only known in the browser: render no pressed state
  // on the server so hydration matches.
  const mounted = useHydrated();
  return (
    // Hidden with JavaScript off (.pw-needs-js): the system theme applies then.
    <div role="group" aria-label="Colour theme" className="pw-needs-js flex items-center rounded-full border border-[var(--border)] p-0.5">
      {choices.map((choice) => {
        const pressed = mounted && theme === choice.value;
        return (
          <button
            key={choice.value}
            type="button"
            aria-pressed={pressed}
            aria-label={`${choice.label} theme`}
            title={`${choice.label} theme`}
            onClick={() => setTheme(choice.value)}
            className={`flex h-8 items-center gap-1 rounded-full px-2 text-sm ${
              pressed
                ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900'
                : 'text-[var(--muted-fg)] hover:text-[var(--page-fg)]'
            }`}
          >
            <span aria-hidden="true">{choice.icon}</span>
            <span aria-hidden="true" className="hidden sm:inline">
              {choice.label}
            </span>
          </button>
        );
      })}
    </div>
  );
}
