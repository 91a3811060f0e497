/**
 * What a lab is: a typed options schema, a builder that turns options into
 * Docker commands (and so into a topology), and named flows a reader can send.
 */
import type { Socket, Topology, Trace, Ipv4 } from '@/lib/netsim';

/** A yes/no toggle. */
export interface BooleanOption {
  id: string;
  type: 'boolean';
  label: string;
  description: string;
  default: boolean;
}

/** A choice among named values. */
export interface EnumOption {
  id: string;
  type: 'enum';
  label: string;
  description: string;
  values: { value: string; label: string }[];
  default: string;
}

export type LabOption = BooleanOption | EnumOption;

/** Option values by option id. */
export type OptionValues = Record<string, boolean | string>;

/** The packet a flow sends, resolved against a built lab. */
export type FlowPacket =
  | {
      kind: 'packet';
      /** Namespace id of the sending process. */
      from: string;
      protocol: 'tcp' | 'udp' | 'icmp';
      dst: Ipv4;
      dport?: number;
      /**
       * Source port; the engine's fixed ephemeral port (43512 for TCP) when unset. Set it when two
       * flows of one lab would share a connection tuple after NAT: the real kernel keeps the first
       * flow's conntrack entry and picks another port for the second.
       */
      sport?: number;
      /** A DNS A query for this name (UDP to port 53). */
      dnsQuery?: string;
    }
  | {
      /** A `bind()` by a server process (for port-conflict flows). */
      kind: 'bind';
      namespace: string;
      socket: Socket;
    };

/** A named packet the reader can send. */
export interface FlowDefinition {
  id: string;
  label: string;
  description: string;
  /** Who sends it, in words (e.g. "the laptop on the LAN"). */
  source: string;
  /** Whether the UI shows the reply walk too. */
  showReply: boolean;
  /** The packet, worked out from the built lab (addresses may depend on options). */
  packet: (built: BuiltLab) => FlowPacket;
}

/** A lab built with concrete options. */
export interface BuiltLab {
  topology: Topology;
  /** The commands that built it, in order (docker and ip commands a reader could type). */
  commands: string[];
  /** The docker and dockerd lines among {@link commands} that were applied through lib/docker/cli to build it (the rest are ip commands and comments). */
  dockerLines: string[];
  /** Warnings and remarks printed while building (e.g. "Published ports are discarded …"). */
  notes: string[];
  /** Named addresses and namespaces flows refer to. */
  refs: Record<string, string>;
}

/** One lab of the curriculum. */
export interface Lab {
  /** The curriculum section slug, e.g. `"default-bridge"`. */
  id: string;
  title: string;
  summary: string;
  options: LabOption[];
  flows: FlowDefinition[];
  build: (options: OptionValues) => BuiltLab;
}

/** The result of tracing a lab flow. */
export interface FlowTrace {
  lab: string;
  flow: string;
  options: OptionValues;
  packet: FlowPacket;
  trace: Trace;
  built: BuiltLab;
  /** Did the flow do what the sender wanted (request delivered, reply back, name resolved)? */
  outcome: { ok: boolean; summary: string };
}
