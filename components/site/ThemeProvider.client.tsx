'use client';

import { ThemeProvider as NextThemesProvider } from 'next-themes';
import type { ReactNode } from 'react';

/**
 * Light and dark themes that follow the system until the reader picks one.
 * next-themes sets the class on <html> from a blocking inline script, so the
 * first paint already has the right theme, and remembers the choice in
 * localStorage.
 */
export function ThemeProvider({ children }: { children: ReactNode }) {
  return (
    <NextThemesProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange storageKey="pw-theme">
      {children}
    </NextThemesProvider>
  );
}
