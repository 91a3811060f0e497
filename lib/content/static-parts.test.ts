import { describe, expect, it } from 'vitest';
import { registerStaticParts, staticPartFor, staticPartsUrl } from './static-parts';

describe('static parts', () => {
  it('finds a registered part by its key, and nothing for an unknown key', () => {
    registerStaticParts({ 'lesson-a/0': { t: 'p', p: {}, h: 'Hello' } });
    expect(staticPartFor('lesson-a/0')).toEqual({ t: 'p', p: {}, h: 'Hello' });
    expect(staticPartFor('lesson-a/1')).toBeUndefined();
  });

  it('fetches a part from its lesson’s parts.json', () => {
    expect(staticPartsUrl('user-defined-bridge/12')).toBe('/lessons/user-defined-bridge/parts.json');
  });
});
