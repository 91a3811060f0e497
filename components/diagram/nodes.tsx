'use client';
/**
 * The custom React Flow nodes and edge of every lab diagram: one visual
 * language, explained by the legend. Each element carries a text label or a
 * pattern as well as a colour, so nothing depends on colour alone. The two
 * handles per node exist only so React Flow can attach edges; the edges
 * themselves follow the path `lib/diagram` routed.
 */
import { Handle, Position, type EdgeProps, type NodeProps, type Node, type Edge } from '@xyflow/react';
import type { InterfaceData, LinkData, MachineData, NamespaceData } from '@/lib/diagram/types';

type MachineNodeType = Node<MachineData, 'machine'>;
type NamespaceNodeType = Node<NamespaceData, 'namespace'>;
type PortNodeType = Node<InterfaceData, 'port'>;
type BridgeNodeType = Node<InterfaceData, 'bridge'>;
type LinkEdgeType = Edge<LinkData, 'link'>;

/** Invisible attachment points (React Flow needs them to draw edges at all). */
function Handles() {
  return (
    <>
      <Handle id="in" type="target" position={Position.Top} isConnectable={false} className="pw-handle" />
      <Handle id="out" type="source" position={Position.Bottom} isConnectable={false} className="pw-handle" />
    </>
  );
}

const MACHINE_KIND: Record<MachineData['kind'], string> = {
  server: 'Linux host',
  'lan-host': 'LAN host',
  router: 'router',
  switch: 'switch',
  internet: 'internet',
};

const ROLE_TEXT: Record<NamespaceData['role'], string> = {
  root: 'root namespace',
  container: 'network namespace',
  sandbox: 'overlay sandbox netns',
  'lan-host': 'LAN host',
  router: 'router',
  internet: 'internet server',
  switch: 'LAN switch',
};

function MachineNode({ data }: NodeProps<MachineNodeType>) {
  return (
    <div className="pw-machine">
      <span className="pw-machine__label">
        <span aria-hidden="true">▣ </span>
        {data.label}
        <span className="pw-muted"> · {MACHINE_KIND[data.kind]}</span>
      </span>
      <Handles />
    </div>
  );
}

function NamespaceNode({ data }: NodeProps<NamespaceNodeType>) {
  const title = data.machineLabel ? `${data.machineLabel} (${data.label})` : data.label;
  const showForwarding = data.role === 'root' || data.role === 'router';
  return (
    <div className={`pw-ns pw-ns--${data.role}`}>
      <div className="pw-ns__head">
        <span className="pw-ns__label">{title}</span>
        {showForwarding && <span className={`pw-badge ${data.ipForward ? '' : 'pw-badge--off'}`}>{data.ipForward ? 'forwarding on' : 'forwarding off'}</span>}
        {data.netfilter && (
          <span className="pw-badge pw-badge--netfilter" title={`iptables rules in ${data.netfilter.chains.join(', ')}`}>
            <span aria-hidden="true">▦ </span>iptables
          </span>
        )}
        <span className="pw-muted">{ROLE_TEXT[data.role]}</span>
      </div>
      <Handles />
    </div>
  );
}

const PORT_KIND: Record<InterfaceData['kind'], string> = {
  loopback: 'lo',
  physical: 'NIC',
  veth: 'veth',
  bridge: 'bridge',
  vxlan: 'VXLAN',
  macvlan: 'macvlan',
  vlan: '802.1Q',
};

function portKindText(data: InterfaceData): string {
  if (data.kind === 'vxlan') return 'VTEP';
  if (data.kind === 'vlan' && data.vlanId !== undefined) return `VLAN ${data.vlanId}`;
  return PORT_KIND[data.kind];
}

function PortNode({ data }: NodeProps<PortNodeType>) {
  if (data.side === 'corner') {
    return (
      <div className="pw-port pw-port--loopback pw-port--chip" title={`${data.name}: loopback, ${data.addresses[0] ?? ''}`}>
        <span className="pw-port__name">{data.name}</span>
        <Handles />
      </div>
    );
  }
  return (
    <div className={`pw-port pw-port--${data.kind}`} title={data.description ?? `${data.name} (${data.kind})`}>
      <div className="pw-port__top">
        <span className="pw-port__name">{data.name}</span>
        <span className="pw-port__kind">{portKindText(data)}</span>
      </div>
      <div className="pw-port__addr">{data.addresses[0] ?? (data.vni !== undefined ? `VXLAN VNI ${data.vni}` : data.mac)}</div>
      <Handles />
    </div>
  );
}

function BridgeNode({ data }: NodeProps<BridgeNodeType>) {
  return (
    <div className="pw-bridge" title={data.description ?? `bridge ${data.name}`}>
      <span className="pw-bridge__name">
        <span aria-hidden="true">⇄ </span>
        <span className="pw-port__name">{data.name}</span>
        <span className="pw-port__kind"> bridge</span>
      </span>
      {data.addresses[0] && <span className="pw-bridge__addr">{data.addresses[0]}</span>}
      <Handles />
    </div>
  );
}

function LinkEdge({ data }: EdgeProps<LinkEdgeType>) {
  if (!data) return null;
  const label = data.label;
  return (
    <g className={`pw-link pw-link--${data.kind}${data.taggedVlans ? ' pw-link--tagged' : ''}`}>
      {data.kind === 'vxlan-tunnel' && <path d={data.path} className="pw-link__tube" />}
      <path d={data.path} className="pw-link__line" />
      {label && (
        <text x={data.labelAt.x} y={data.labelAt.y - 6} className="pw-link__label" textAnchor="middle">
          {label}
        </text>
      )}
    </g>
  );
}

/** Module scope, as React Flow asks: a new object per render would remount every node. */
export const nodeTypes = { machine: MachineNode, namespace: NamespaceNode, port: PortNode, bridge: BridgeNode };
export const edgeTypes = { link: LinkEdge };
