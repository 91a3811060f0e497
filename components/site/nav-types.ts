/** The course as navigation needs it: serialisable, so client menus can take it as a prop. */
export interface NavLesson {
  slug: string;
  title: string;
  summary: string;
  /** Position in the course, from 1. */
  number: number;
}

export interface NavSection {
  title: string;
  lessons: NavLesson[];
}
