import { describe, expect, it } from 'vitest';
import { traceFlow } from '@/lib/labs';
import { checkPrediction, engineCount, parseOptionString, summariseWalk } from './exercises';

describe('parseOptionString', () => {
  it('reads option=value pairs', () => {
    expect(parseOptionString('publish=true, icc=false')).toEqual({ publish: 'true', icc: 'false' });
    expect(parseOptionString(undefined)).toEqual({});
  });

  it('rejects a pair without a value', () => {
    expect(() => parseOptionString('publish')).toThrow(/"publish" is not an option=value pair/);
  });
});

describe('checkPrediction', () => {
  it('accepts a prediction the engine agrees with and returns the walk', () => {
    const walk = checkPrediction({ lab: 'default-bridge', flow: 'lan-to-published', set: 'publish=true', expect: 'works' });
    const summary = summariseWalk(walk);
    expect(summary.ok).toBe(true);
    expect(summary.steps.some((step) => step.kind === 'nat' && /DNAT/.test(step.caption))).toBe(true);
    expect(summary.replySteps.length).toBeGreaterThan(0);
  });

  it('rejects a lesson whose expected outcome the engine contradicts', () => {
    expect(() => checkPrediction({ lab: 'default-bridge', flow: 'lan-to-published', set: 'publish=false', expect: 'works' })).toThrow(
      /expects "works", but the engine says the flow fails/,
    );
  });

  it('names the valid labs, flows and option values when one is wrong', () => {
    expect(() => checkPrediction({ lab: 'no-lab', flow: 'x', expect: 'works' })).toThrow(/Valid choices: foundations/);
    expect(() => checkPrediction({ lab: 'default-bridge', flow: 'nope', expect: 'works' })).toThrow(/lan-to-published/);
    expect(() => checkPrediction({ lab: 'default-bridge', flow: 'lan-to-published', set: 'publish=maybe', expect: 'works' })).toThrow(
      /true, false/,
    );
    expect(() => checkPrediction({ lab: 'default-bridge', flow: 'lan-to-published', expect: 'perhaps' })).toThrow(/"works" or "fails"/);
  });
});

describe('engineCount', () => {
  it('counts a flow the way countWalk does, and the reply on its own', () => {
    const walk = traceFlow('host', 'lan-to-web').trace;
    expect(engineCount('host', 'lan-to-web', 'steps')).toBe(walk.hops.length);
    expect(engineCount('host', 'lan-to-web', 'reply-steps')).toBe(walk.reply?.hops.length);
    expect(engineCount('port-publishing', 'lan-to-published', 'rewrites')).toBe(1);
  });

  it('names what is wrong: the lab, the flow or the count', () => {
    expect(() => engineCount('nope', 'x', 'steps')).toThrow('no lab "nope"');
    expect(() => engineCount('host', 'nope', 'steps')).toThrow(/lab "host" has no flow "nope" \(flows: lan-to-web/);
    expect(() => engineCount('host', 'lan-to-web', 'hops')).toThrow(/"hops" is not a count \(one of: steps, devices/);
  });
});
