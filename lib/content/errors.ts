/**
 * A content error that names the file (relative to the repository) and, where
 * there is one, the field. Thrown at build time so `next build` stops with a
 * message a writer can act on.
 */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    problem: string,
  ) {
    super(`${file}${field ? ` — field "${field}"` : ''}: ${problem}`);
    this.name = 'ContentError';
  }
}
