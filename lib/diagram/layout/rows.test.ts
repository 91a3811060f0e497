import { describe, expect, it } from 'vitest';
import { buildLab } from '@/lib/labs';
import { arrangeMachines } from './rows';
import { LAN_ROW, SERVER_ROW } from './plan';

const rowsOf = (labId: string) => {
  const slots = arrangeMachines(buildLab(labId).topology);
  const row = (r: number) => slots.filter((s) => s.row === r).sort((a, b) => a.orderInRow - b.orderInRow).map((s) => s.machine.id);
  return { slots, top: row(SERVER_ROW), lan: row(LAN_ROW) };
};

describe('arrangeMachines (rows)', () => {
  it('puts the Docker hosts side by side on top and the LAN devices below, laptop · switch · router · internet', () => {
    const { top, lan } = rowsOf('overlay');
    expect(top).toEqual(['host1', 'host2']);
    expect(lan).toEqual(['laptop', 'switch', 'router', 'internet']);
  });

  it('with one Docker host, lifts the internet into the top row beside it', () => {
    const { top, lan } = rowsOf('default-bridge');
    expect(top).toEqual(['host1', 'internet']);
    expect(lan).not.toContain('internet');
  });

  it('frames a Docker host (it holds namespaces) but not a LAN device with one namespace', () => {
    const { slots } = rowsOf('default-bridge');
    const framed = Object.fromEntries(slots.map((s) => [s.machine.id, s.framed]));
    expect(framed).toMatchObject({ host1: true, laptop: false, switch: false, router: false });
  });
});
