'use client';
/**
 * The custom React Flow nodes and edge of every lab diagram: one visual
 * language, explained by the legend. Each element carries a text label or a
 * pattern as well as a colour, so nothing depends on colour alone. The two
 * handles per node exist only so React Flow can attach edges; the edges
 * themselves follow the path `lib/diagram` routed.
 */
import { createContext, useContext } from 'react';
import { Handle, Position, type EdgeProps, type NodeProps, type Node, type Edge } from '@xyflow/react';
import type { InterfaceData, LinkData, MachineData, NamespaceData } from '@/lib/diagram/types';
import { MACHINE_KIND, ROLE_TEXT, namespaceTitle, portDetailText, portKindText } from '@/lib/diagram/labels';

type MachineNodeType = Node<MachineData, 'machine'>;
type NamespaceNodeType = Node<NamespaceData, 'namespace'>;
type PortNodeType = Node<InterfaceData, 'port'>;
type BridgeNodeType = Node<InterfaceData, 'bridge'>;
type LinkEdgeType = Edge<LinkData, 'link'>;

/**
 * True in the server's static render of a diagram: the edges are drawn from
 * the handles each node declares, and nothing will ever attach to the DOM
 * handles, so they are left out of the page (the live diagram has its own).
 */
export const StaticDiagram = createContext(false);

/** Invisible attachment points (React Flow needs them to draw edges at all). */
function Handles() {
  const isStatic = useContext(StaticDiagram);
  if (isStatic) return null;
  return (
    <>
      <Handle id="in" type="target" position={Position.Top} isConnectable={false} className="pw-handle" />
      <Handle id="out" type="source" position={Position.Bottom} isConnectable={false} className="pw-handle" />
    </>
  );
}

function MachineNode({ data }: NodeProps<MachineNodeType>) {
  return (
    <div className="pw-machine">
      <span className="pw-machine__label">
        <span aria-hidden="true" className="pw-detail">▣ </span>
        <span className="pw-name">{data.label}</span>
        <span className="pw-muted pw-detail"> · {MACHINE_KIND[data.kind]}</span>
      </span>
      <Handles />
    </div>
  );
}

function NamespaceNode({ data }: NodeProps<NamespaceNodeType>) {
  const badges = (
    <>
      {(data.role === 'root' || data.role === 'router') && (
        <span className={`pw-badge pw-detail ${data.ipForward ? '' : 'pw-badge--off'}`}>{data.ipForward ? 'forwarding on' : 'forwarding off'}</span>
      )}
      {data.netfilter && (
        <span className="pw-badge pw-badge--netfilter pw-detail" title={`iptables rules in ${data.netfilter.chains.join(', ')}`}>
          <span aria-hidden="true">▦ </span>iptables
        </span>
      )}
      <span className="pw-muted pw-ns__role pw-detail">{ROLE_TEXT[data.role]}</span>
    </>
  );
  return (
    <div className={`pw-ns pw-ns--${data.role}`}>
      {data.headLines === 2 ? (
        <div className="pw-ns__head pw-ns__head--two">
          <span className="pw-ns__line">
            <span className="pw-ns__label pw-name">{namespaceTitle(data)}</span>
          </span>
          <span className="pw-ns__line">{badges}</span>
        </div>
      ) : (
        <div className="pw-ns__head">
          <span className="pw-ns__label pw-name">{namespaceTitle(data)}</span>
          {badges}
        </div>
      )}
      <Handles />
    </div>
  );
}

function PortNode({ data }: NodeProps<PortNodeType>) {
  if (data.side === 'corner') {
    return (
      <div className="pw-port pw-port--loopback pw-port--chip" title={`${data.name}: loopback, ${data.addresses[0] ?? ''}`}>
        <span className="pw-port__name pw-detail">{data.name}</span>
        <Handles />
      </div>
    );
  }
  const detail = portDetailText(data);
  return (
    <div className={`pw-port pw-port--${data.kind}`} title={data.description ?? `${data.name} (${data.kind}) ${detail}`}>
      <div className="pw-port__top">
        <span className="pw-port__name pw-name">{data.name}</span>
        <span className="pw-port__kind pw-detail">{portKindText(data)}</span>
      </div>
      <div className="pw-port__addr pw-detail">{detail}</div>
      <Handles />
    </div>
  );
}

function BridgeNode({ data }: NodeProps<BridgeNodeType>) {
  return (
    <div className="pw-bridge" title={data.description ?? `bridge ${data.name}`}>
      <span className="pw-bridge__name">
        <span aria-hidden="true" className="pw-detail">⇄ </span>
        <span className="pw-port__name pw-name">{data.name}</span>
        <span className="pw-port__kind pw-detail"> bridge</span>
      </span>
      {data.addresses[0] && <span className="pw-bridge__addr pw-detail">{data.addresses[0]}</span>}
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
        <text x={data.labelAt.x} y={data.labelAt.y} className="pw-link__label pw-detail" textAnchor="middle" dominantBaseline="central">
          {label}
        </text>
      )}
    </g>
  );
}

/** Module scope, as React Flow asks: a new object per render would remount every node. */
export const nodeTypes = { machine: MachineNode, namespace: NamespaceNode, port: PortNode, bridge: BridgeNode };
export const edgeTypes = { link: LinkEdge };
