import { describe, expect, it } from 'vitest';
import { buildLab } from '@/lib/labs';
import { layoutPhases } from './index';
import { geometry } from './nodes';

describe('buildNodes', () => {
  it('draws machine frames first, then namespaces, then interfaces, so ports are on top of their boxes', () => {
    const { nodes } = layoutPhases(buildLab('overlay').topology);
    const rank = { machine: 0, namespace: 1, port: 2, bridge: 2 } as const;
    const ranks = nodes.map((node) => rank[node.type]);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(nodes.filter((n) => n.type === 'machine').map((n) => n.id)).toEqual(['m:host1', 'm:host2']);
  });

  it('draws a bridge as a bar and carries what the port shows (name, addresses, the bridge it is plugged into)', () => {
    const { nodes } = layoutPhases(buildLab('default-bridge').topology);
    const docker0 = nodes.find((n) => n.id === 'if:host1:docker0');
    expect(docker0?.type).toBe('bridge');
    const port = nodes.find((n) => n.type === 'port' && n.data.master === 'host1:docker0');
    expect(port?.data).toMatchObject({ kind: 'veth', side: 'top', namespace: 'host1' });
  });

  it('gives a node its size and two handles at its centre, to the nearest tenth of a pixel', () => {
    const g = geometry({ x: 1.04, y: 2.06, width: 141.33, height: 42 });
    expect(g.position).toEqual({ x: 1, y: 2.1 });
    expect(g.width).toBe(141.3);
    expect(g.handles.map((h) => [h.id, h.x, h.y])).toEqual([
      ['out', 70.7, 21],
      ['in', 70.7, 21],
    ]);
  });
});
