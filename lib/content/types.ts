/** A section of the course: a heading in the navigation and its lessons, in order. */
export interface CourseSection {
  title: string;
  /** Lesson slugs; each is the file name of `content/lessons/<slug>.mdx`. */
  lessons: readonly string[];
}

/** The whole course as it is written in `content/course.ts`. */
export type CourseDefinition = readonly CourseSection[];

/** Frontmatter every lesson must carry, after validation. */
export interface LessonFrontmatter {
  title: string;
  summary: string;
  /** A shorter title for the navigation; defaults to `title`. */
  navTitle?: string;
}

/** One lesson as the site knows it: where it lives and what its frontmatter says. */
export interface LessonMeta extends LessonFrontmatter {
  slug: string;
  navTitle: string;
  /** Absolute path of the MDX file. */
  file: string;
  /** Title of the section the lesson belongs to. */
  section: string;
  /** Position in course order, from 0. */
  index: number;
}

/** The course resolved against the files: every lesson with its metadata. */
export interface Course {
  sections: { title: string; lessons: LessonMeta[] }[];
  lessons: LessonMeta[];
}
