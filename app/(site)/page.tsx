import { getCourse } from '@/lib/content/lessons.server';
import { lessonHref, siteConfig } from '@/lib/site/config';
import { IntentLink } from '@/components/site/IntentLink.client';

export default function HomePage() {
  const course = getCourse();
  const first = course.lessons[0]!;
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-12 sm:px-6 sm:py-16">
      <section aria-labelledby="intro-heading" className="max-w-3xl">
        <p className="mb-3 text-sm font-semibold tracking-wider text-accent-700 uppercase dark:text-accent-300">{siteConfig.tagline}</p>
        <h1 id="intro-heading" className="text-4xl font-bold tracking-tight sm:text-5xl">
          See where your container’s packets really go.
        </h1>
        <p className="mt-6 text-lg leading-relaxed text-[var(--muted-fg)]">
          Packet Walk teaches Docker’s native network modes — the default bridge, host, none, user-defined bridges, a
          shared container namespace, overlay networks across hosts and macvlan — by building the namespaces, veth pairs,
          bridges, VXLAN tunnels and VLAN trunks that Docker builds, and walking packets through them hop by hop with every
          header visible.
        </p>
        <p className="mt-4 text-lg leading-relaxed text-[var(--muted-fg)]">
          Nothing about a packet’s path is drawn by hand: a model of the Linux network stack computes every hop, every NAT
          rewrite and every drop, so changing a setting changes the real outcome. Every flow of every lab is also built in
          real Linux network namespaces and captured with tcpdump, and the model must agree with the kernel on the verdict and on the headers at every interface the packet crosses.
        </p>
        <p className="mt-8">
          <IntentLink
            href={lessonHref(first.slug)}
            className="inline-flex items-center gap-2 rounded-lg bg-accent-700 px-5 py-3 font-semibold text-white hover:bg-accent-800 dark:bg-accent-300 dark:text-zinc-900 dark:hover:bg-accent-400"
          >
            Start with lesson 1: {first.navTitle} <span aria-hidden="true">→</span>
          </IntentLink>
        </p>
      </section>

      <section aria-labelledby="course-heading" className="mt-16">
        <h2 id="course-heading" className="text-2xl font-bold tracking-tight">
          The course
        </h2>
        {course.sections.map((section) => (
          <div key={section.title} className="mt-8">
            <h3 className="text-sm font-semibold tracking-wider text-[var(--muted-fg)] uppercase">{section.title}</h3>
            <ol className="mt-3 grid gap-4 sm:grid-cols-2">
              {section.lessons.map((lesson) => {
                return (
                  <li key={lesson.slug}>
                    <IntentLink
                      href={lessonHref(lesson.slug)}
                      className="block h-full rounded-xl border border-[var(--border)] p-5 transition-colors hover:border-accent-600"
                    >
                      <span className="text-sm text-[var(--muted-fg)]">Lesson {lesson.index + 1}</span>
                      <span className="mt-1 block text-lg font-semibold">{lesson.navTitle}</span>
                      <span className="mt-2 block text-[var(--muted-fg)]">{lesson.summary}</span>
                    </IntentLink>
                  </li>
                );
              })}
            </ol>
          </div>
        ))}
      </section>
    </main>
  );
}
