import { describe, expect, it } from 'vitest';
import { defaultLabState, needsEngine, parseLabState, writeLabState, type LabStateSchema } from './url-state';

const schema: LabStateSchema = {
  flows: ['c1-to-c2', 'lan-to-published'],
  defaultFlow: 'c1-to-c2',
  options: [
    { id: 'publish', type: 'boolean', default: false },
    { id: 'controlPlane', type: 'enum', values: ['swarm', 'kv-store'], default: 'swarm' },
  ],
};
const parse = (query: string, key = 'lab') => parseLabState(new URLSearchParams(query), key, schema);

describe('lab state in the URL', () => {
  it('reads flow, step and options under the lab key', () => {
    expect(parse('lab.flow=lan-to-published&lab.step=3&lab.publish=on&lab.controlPlane=kv-store')).toEqual({
      flow: 'lan-to-published',
      step: 3,
      options: { publish: true, controlPlane: 'kv-store' },
      detail: 'step',
    });
  });

  it('falls back to the default for every part that is garbage, silently', () => {
    expect(parse('lab.flow=nope&lab.step=-2&lab.publish=maybe&lab.controlPlane=%3Cscript%3E&lab.extra=1')).toEqual(defaultLabState(schema));
    expect(parse('lab.step=1e3')).toEqual(defaultLabState(schema));
    expect(parse('lab.step=99999')).toEqual(defaultLabState(schema));
    expect(parse('lab.step=')).toEqual(defaultLabState(schema));
    expect(parse('')).toEqual(defaultLabState(schema));
  });

  it('keeps labs apart: another key is not read, and writing keeps the other lab and the page params', () => {
    expect(parse('other.flow=lan-to-published&other.step=4')).toEqual(defaultLabState(schema));
    const written = writeLabState(new URLSearchParams('other.step=4&utm=x&lab.step=9'), 'lab', { flow: 'lan-to-published', step: 2, options: { publish: true, controlPlane: 'swarm' }, detail: 'step' as const }, schema);
    expect(written.toString()).toBe('other.step=4&utm=x&lab.flow=lan-to-published&lab.step=2&lab.publish=on');
  });

  it('writes nothing for the default state, and round-trips any other', () => {
    expect(writeLabState(new URLSearchParams(), 'lab', defaultLabState(schema), schema).toString()).toBe('');
    const state = { flow: 'lan-to-published', step: 7, options: { publish: false, controlPlane: 'kv-store' }, detail: 'step' as const };
    expect(parseLabState(writeLabState(new URLSearchParams(), 'lab', state, schema), 'lab', schema)).toEqual(state);
    // The level of detail round-trips too, and nonsense falls back to every step.
    const byDevice = { ...state, detail: 'device' as const };
    expect(writeLabState(new URLSearchParams(), 'lab', byDevice, schema).get('lab.detail')).toBe('device');
    expect(parseLabState(writeLabState(new URLSearchParams(), 'lab', byDevice, schema), 'lab', schema)).toEqual(byDevice);
    expect(parse('lab.detail=<script>').detail).toBe('step');
  });

  it('needs the engine only for another flow or option, not for another step', () => {
    expect(needsEngine({ ...defaultLabState(schema), step: 12 }, schema)).toBe(false);
    expect(needsEngine({ ...defaultLabState(schema), flow: 'lan-to-published' }, schema)).toBe(true);
    expect(needsEngine({ ...defaultLabState(schema), options: { publish: true, controlPlane: 'swarm' } }, schema)).toBe(true);
  });
});
