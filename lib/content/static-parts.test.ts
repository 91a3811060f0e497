import { describe, expect, it } from 'vitest';
import { lessonPartsUrl, registerStaticParts, staticPartFor, staticPartsUrl } from './static-parts';

describe('static parts', () => {
  it('finds a registered part by its key, and nothing for an unknown key', () => {
    registerStaticParts({ 'lesson-a/0': { t: 'p', p: {}, h: 'Hello' } });
    expect(staticPartFor('lesson-a/0')).toEqual({ t: 'p', p: {}, h: 'Hello' });
    expect(staticPartFor('lesson-a/1')).toBeUndefined();
  });

  it('fetches a part from its lesson’s parts.json', () => {
    expect(staticPartsUrl('user-defined-bridge/12')).toBe('/lessons/user-defined-bridge/parts.json');
    // A link's target: a lesson has parts, any other page has none.
    expect(lessonPartsUrl('/lessons/user-defined-bridge/')).toBe('/lessons/user-defined-bridge/parts.json');
    expect(lessonPartsUrl('/')).toBeUndefined();
    expect(lessonPartsUrl('/lessons/overlay/#the-lab')).toBeUndefined();
  });
});
