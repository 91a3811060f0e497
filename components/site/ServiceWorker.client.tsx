'use client';
/**
 * Registers the service worker (out/sw.js, written at build time by scripts/write-sw.mjs) once
 * the page has loaded and the browser is idle, so installing it — which downloads the whole
 * site for offline use — never competes with the page the reader opened. Not in `next dev`.
 */
import { useEffect } from 'react';

export function ServiceWorker() {
  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    const register = () => {
      const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 1000));
      idle(() => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
    };
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  }, []);
  return null;
}
