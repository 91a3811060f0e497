// server-only is a Next.js guard; in unit tests there is no client bundle to protect.
export {};
