/**
 * A lab's walk as a pcapng file, for the "Download .pcapng" button. The browser loads this
 * module with a dynamic import when the reader clicks, so neither the engine's pcapng writer nor
 * the lab engine is part of any page's first-load JavaScript.
 */
import { tracePlayground, traceFlow } from '@/lib/labs';
import { traceToPcapng } from '@/lib/netsim/pcap';

/**
 * The pcapng capture of one state of a lab: its flow's walk, and the reply when the flow shows it.
 * @example labPcap('default-bridge', 'container-to-internet', {}).length // > 1000
 */
export function labPcap(labId: string, flowId: string, options: Record<string, boolean | string>): Uint8Array {
  const { built, trace } = traceFlow(labId, flowId, options);
  return traceToPcapng(built.topology, trace);
}

/**
 * The pcapng capture of a playground walk (the flow as the playground resolved it); undefined when
 * no packet could be walked.
 * @example playgroundPcap('docker run -d --name web -p 8080:80 nginx', { from: 'laptop', to: '192.168.1.10:8080' })?.length // > 1000
 */
export function playgroundPcap(script: string, flow: { from: string; to: string }): Uint8Array | undefined {
  const { build, trace } = tracePlayground(script, flow.from, flow.to, { partial: true });
  return trace ? traceToPcapng(build.built.topology, trace) : undefined;
}
