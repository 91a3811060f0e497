import type { Metadata } from 'next';
import { Playground } from '@/components/playground/Playground.client';
import { playgroundExamples, STARTER } from '@/lib/diagram/playground-examples';
import { ADDR } from '@/lib/labs/world';
import { IntentLink } from '@/components/site/IntentLink.client';
import { lessonHref } from '@/lib/site/config';
import '@/components/lab/lab.css';
import '@/components/playground/playground.css';

export const metadata: Metadata = {
  title: 'Playground',
  description: 'Type Docker commands and see the namespaces, bridges, rules and packet path Docker builds from them, computed by a model of the Linux network stack.',
  alternates: { canonical: '/playground/' },
};

export default function PlaygroundPage() {
  // Every lab's script, computed at build time from the labs themselves.
  const examples = playgroundExamples();
  return (
    <main id="main" className="mx-auto max-w-[90rem] px-4 py-8 sm:px-6">
      <h1 className="mb-3 text-3xl font-bold tracking-tight sm:text-4xl">Playground</h1>
      <div className="lesson-measure mb-6 space-y-2 text-[var(--muted-fg)]">
        <p className="text-lg">
          Type the Docker commands of your own setup and see the network Docker builds from them — namespaces, veth pairs, bridges, iptables rules — then walk any packet through it, hop by hop.
        </p>
        <p>
          The world is the lessons’ LAN <code>{ADDR.lan}</code>: <strong>host1</strong> ({ADDR.host1}) and, when a line ends with <code># on host2</code>, <strong>host2</strong> ({ADDR.host2}), a laptop ({ADDR.laptop}) and a router ({ADDR.router}) to the internet (example.com, {ADDR.internet}). Nothing you type is run anywhere: it is read by a parser and applied to a model. New to this? Start with{' '}
          <IntentLink href={lessonHref('default-bridge')} className="text-accent-700 underline dark:text-accent-300">
            the default bridge
          </IntentLink>
          .
        </p>
      </div>
      <Playground starter={STARTER} examples={examples} />
      <details className="lesson-measure mt-8 rounded-lg border border-[var(--border)] p-4">
        <summary className="cursor-pointer font-medium">What the playground understands</summary>
        <div className="mt-3 space-y-2 text-sm">
          <p>
            <code>docker network create</code> with <code>-d bridge|macvlan|ipvlan|overlay</code>, <code>--subnet</code>, <code>--gateway</code>, <code>--ip-range</code>, <code>--aux-address</code>, <code>--internal</code>, <code>--attachable</code>, <code>-o parent=eth0[.VID]</code>, <code>-o com.docker.network.bridge.enable_icc=false</code>, <code>--opt encrypted</code>; <code>docker network connect [--ip] [--alias]</code>, <code>docker network disconnect [-f]</code>, <code>docker network rm [-f]</code> (bridge, macvlan and ipvlan networks).
          </p>
          <p>
            <code>docker run -d --name NAME --network bridge|host|none|container:NAME|NETWORK</code> with <code>-p [IP:]HOST:CONTAINER[/udp]</code>, <code>--ip</code>, <code>--network-alias</code>, <code>--expose</code>; what listens comes from the image (nginx and httpd :80, redis :6379, postgres :5432, mysql :3306) or from <code>--expose</code>/<code>-p</code>. <code>docker rm -f NAME…</code> takes a container away with its interfaces, names, published ports and address (the next container may get that address); every container here is running, so <code>docker rm</code> without <code>-f</code> gets Docker’s refusal. Removing or disconnecting an overlay endpoint is not modelled yet.
          </p>
          <p>
            <code>docker swarm init</code> / <code>docker swarm join</code> for overlay networks; daemon options on a <code>dockerd --icc=false --userland-proxy=false --iptables=false</code> line before a host’s first command (with <code>--iptables=false</code> Docker writes no rules in the host: no MASQUERADE, no isolation between networks, published ports only through docker-proxy). Anything else gets Docker’s own error, with its line number, and the lines before it still build.
          </p>
        </div>
      </details>
    </main>
  );
}
