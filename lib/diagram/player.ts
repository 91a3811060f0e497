/**
 * The lab player as a pure state machine: which step is shown, whether the
 * walk plays, and how the token gets to the step (travelling along its path,
 * or jumping there). The lab's component feeds it actions from buttons, keys
 * and timers; nothing here knows about React or the DOM.
 */

export interface PlayerState {
  /** The step shown (a hop, or a device step, depending on the detail level). */
  step: number;
  playing: boolean;
  /** How the token reaches `step`: along the path, or straight there. */
  move: 'travel' | 'jump';
  /** Whether the step should be announced to screen readers (a reader's own step, not playback). */
  announce: boolean;
}

export type PlayerAction =
  /** Play from here (from the start when at the end), or pause. */
  | { type: 'toggle'; last: number }
  | { type: 'next'; last: number }
  | { type: 'back' }
  | { type: 'restart' }
  | { type: 'jump'; to: number; last: number }
  /** The playing timer fired: on to the next step, or stop at the end. */
  | { type: 'tick'; last: number }
  | { type: 'pause' }
  /** A new walk (flow, options or detail level): show `step`, clamped to it. */
  | { type: 'load'; step: number; last: number };

const clamp = (value: number, last: number) => Math.max(0, Math.min(last, value));

/**
 * The player's next state.
 *
 * @example
 * let s = initialPlayer(0);
 * s = playerReducer(s, { type: 'toggle', last: 20 }); // { step: 0, playing: true, … }
 * s = playerReducer(s, { type: 'tick', last: 20 });   // { step: 1, playing: true, move: 'travel', … }
 */
export function playerReducer(state: PlayerState, action: PlayerAction): PlayerState {
  switch (action.type) {
    case 'toggle':
      if (state.playing) return { ...state, playing: false };
      if (state.step >= action.last) return { step: 0, playing: true, move: 'jump', announce: false };
      return { ...state, playing: true, announce: false };
    case 'next':
      return { step: clamp(state.step + 1, action.last), playing: false, move: 'travel', announce: true };
    case 'back':
      return { step: Math.max(0, state.step - 1), playing: false, move: 'jump', announce: true };
    case 'restart':
      return { step: 0, playing: false, move: 'jump', announce: true };
    case 'jump':
      return { step: clamp(action.to, action.last), playing: false, move: 'jump', announce: true };
    case 'tick':
      if (!state.playing) return state;
      if (state.step >= action.last) return { ...state, playing: false };
      return { step: state.step + 1, playing: true, move: 'travel', announce: false };
    case 'pause':
      return state.playing ? { ...state, playing: false } : state;
    case 'load':
      return { step: clamp(action.step, action.last), playing: false, move: 'jump', announce: false };
  }
}

/**
 * The player before anything happened.
 * @example initialPlayer(3) // { step: 3, playing: false, move: 'jump', announce: false }
 */
export function initialPlayer(step: number): PlayerState {
  return { step, playing: false, move: 'jump', announce: false };
}
