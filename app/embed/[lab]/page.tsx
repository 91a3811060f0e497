import type { Metadata } from 'next';
import { LabIsland } from '@/components/lab/LabIsland.client';
import { describeLab, LAB_IDS } from '@/lib/diagram/lab-view';
import { lessonOfLab } from '@/lib/content/lessons.server';
import { lessonHref } from '@/lib/site/config';

export const dynamicParams = false;

/** One embed per lab. */
export function generateStaticParams() {
  return LAB_IDS.map((lab) => ({ lab }));
}

type Props = { params: Promise<{ lab: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lab = describeLab((await params).lab);
  const { lesson } = lessonOfLab(lab.id);
  // The lesson is the page to find and share; the embed is for other sites' iframes.
  return { title: `Lab: ${lab.title}`, description: lab.summary, robots: { index: false, follow: true }, alternates: { canonical: lessonHref(lesson.slug) } };
}

/**
 * `/embed/<lab>/`: the lab alone, for another site's `<iframe>` — no header, menu or footer;
 * the same URL state as in its lesson (`?<lab>.step=3…`), present mode and keys included, and a
 * link back to the lesson at the same state. Only these pages may be framed by other sites.
 */
export default async function EmbedPage({ params }: Props) {
  const labId = (await params).lab;
  const { lesson, labKey } = lessonOfLab(labId);
  return (
    <main id="main" className="pw-embed">
      {/* The frame's page title, for screen readers (the lab's own title shows as its heading). */}
      <h1 className="sr-only">Packet Walk lab, from the lesson “{lesson.title}”</h1>
      <LabIsland labId={labId} labKey={labId} embed={{ lessonPath: lessonHref(lesson.slug), lessonLabKey: labKey }} />
    </main>
  );
}
