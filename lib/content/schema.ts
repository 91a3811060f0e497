import { z } from 'zod';

/**
 * The frontmatter schema of a lesson. Kept strict so a typo in a field name
 * (`sumary:`) fails the build instead of silently dropping the field.
 */
export const lessonFrontmatterSchema = z
  .object({
    title: z.string().trim().min(3, 'must be at least 3 characters').max(90, 'must be at most 90 characters'),
    summary: z
      .string()
      .trim()
      .min(20, 'must be at least 20 characters (it is shown on the course map and as the page description)')
      .max(200, 'must be at most 200 characters (it is used as the meta description)'),
    navTitle: z.string().trim().min(2).max(40).optional(),
  })
  .strict();
