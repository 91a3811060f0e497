import { describe, expect, it } from 'vitest';
import { initialPlayer, playerReducer, type PlayerAction, type PlayerState } from './player';

const run = (actions: PlayerAction[], from: PlayerState = initialPlayer(0)) => actions.reduce(playerReducer, from);

describe('the lab player', () => {
  it('plays hop by hop to the last step and stops there', () => {
    let state = run([{ type: 'toggle', last: 2 }]);
    expect(state.playing).toBe(true);
    state = run([{ type: 'tick', last: 2 }, { type: 'tick', last: 2 }], state);
    expect(state).toMatchObject({ step: 2, playing: true, move: 'travel', announce: false });
    state = playerReducer(state, { type: 'tick', last: 2 });
    expect(state).toMatchObject({ step: 2, playing: false });
  });

  it('plays again from the start when play is pressed at the end', () => {
    expect(run([{ type: 'toggle', last: 4 }], initialPlayer(4))).toMatchObject({ step: 0, playing: true, move: 'jump' });
  });

  it('steps forward travelling and back jumping, announcing both, and never past either end', () => {
    expect(run([{ type: 'next', last: 1 }, { type: 'next', last: 1 }])).toMatchObject({ step: 1, move: 'travel', announce: true });
    expect(run([{ type: 'back' }])).toMatchObject({ step: 0, move: 'jump', announce: true });
  });

  it('a reader step pauses playback', () => {
    const playing = run([{ type: 'toggle', last: 9 }, { type: 'tick', last: 9 }]);
    expect(playerReducer(playing, { type: 'next', last: 9 })).toMatchObject({ step: 2, playing: false });
    expect(playerReducer(playing, { type: 'jump', to: 7, last: 9 })).toMatchObject({ step: 7, playing: false });
  });

  it('a new walk clamps a step that is past its end to its last step', () => {
    expect(playerReducer(initialPlayer(0), { type: 'load', step: 999, last: 20 })).toMatchObject({ step: 20, playing: false });
  });
});
