/**
 * Where the diagram's camera looks: the viewport (pan and zoom) for a diagram
 * box of a given size, showing the whole network or following the packet.
 *
 * One function serves three callers, so the three agree to the pixel: the
 * lab's React Flow camera, the island that keeps the server's static diagram
 * framed before the lab wakes up, and the inline script that frames the
 * static diagram before the browser first paints it. The inline script is
 * this function's own source text (`cameraScript`), so `cameraViewport` must
 * stay self-contained: no imports, no module constants, plain ES2017.
 */
import type { TimelineStep } from './timeline';
import type { Box } from './types';

/** What the camera needs to know about a step: the hop's device, target and resting token, and the next hop's target. */
export interface CameraStep {
  device: Box;
  target: Box;
  token: Box;
  nextTarget?: Box;
}

/**
 * The boxes of a timeline step the camera frames, with the next step's target.
 *
 * @example cameraStep(view.timeline.steps[0], view.timeline.steps[1]).nextTarget // the next hop's box
 */
export function cameraStep(step: Pick<TimelineStep, 'device' | 'target' | 'token'>, nextStep: Pick<TimelineStep, 'target'> | undefined): CameraStep {
  return { device: step.device, target: step.target, token: step.token, ...(nextStep ? { nextTarget: nextStep.target } : {}) };
}

export interface CameraInput {
  /** The drawing's size (margins included), in diagram pixels. */
  diagram: { width: number; height: number };
  /** The diagram box on screen, in CSS pixels. */
  width: number;
  height: number;
  mode: 'whole' | 'follow';
  /** Zoom of the follow camera. */
  followZoom: number;
  /** The step to follow (the whole network is shown without one). */
  step?: CameraStep;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The viewport for a diagram box. The whole network fits the drawing left of
 * the view buttons' strip; follow frames as much of the step as fits at the
 * follow zoom, in this order: the device with the token and the next hop, the
 * device with the token, the device alone, the target with the token, the
 * target alone. It never zooms out to fit: the hop's own device at a readable
 * size comes first.
 *
 * @example
 * cameraViewport({ diagram: { width: 1000, height: 500 }, width: 752, height: 420, mode: 'whole', followZoom: 1.15 })
 * // → { x: 4, y: 35, zoom: 0.7 }
 */
export function cameraViewport(input: CameraInput): Viewport {
  // Kept inside the function: the inline script is this function's source.
  const TOOLBAR_ROOM = 44;
  const MIN_ZOOM = 0.15;
  const MAX_ZOOM = 3;
  const width = input.width;
  const height = input.height;
  const step = input.step;
  if (input.mode === 'whole' || !step) {
    const room = width - TOOLBAR_ROOM - 8;
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, room / input.diagram.width, (height - 8) / input.diagram.height));
    return { x: 4 + (room - input.diagram.width * zoom) / 2, y: (height - input.diagram.height * zoom) / 2, zoom: zoom };
  }
  const union = function (boxes: Box[]): Box {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (let i = 0; i < boxes.length; i++) {
      const b = boxes[i] as Box;
      x1 = Math.min(x1, b.x);
      y1 = Math.min(y1, b.y);
      x2 = Math.max(x2, b.x + b.width);
      y2 = Math.max(y2, b.y + b.height);
    }
    return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
  };
  const whole = union([step.device, step.token]);
  const here = union([step.target, step.token]);
  const withNext = step.nextTarget ? union([whole, step.nextTarget]) : whole;
  const zoom = input.followZoom;
  const room = width - TOOLBAR_ROOM - 12;
  const candidates = [withNext, whole, step.device, here];
  let frame = step.target;
  for (let i = 0; i < candidates.length; i++) {
    const box = candidates[i] as Box;
    if (box.width * zoom <= room - 16 && box.height * zoom <= height - 24) {
      frame = box;
      break;
    }
  }
  return { x: 6 + room / 2 - (frame.x + frame.width / 2) * zoom, y: height / 2 - (frame.y + frame.height / 2) * zoom, zoom: zoom };
}

/** Follow-camera zoom: labels render at their set size × this (13 px names → 15 px; 18 px and more in present mode). */
export const FOLLOW_ZOOM = { inline: 1.15, present: 1.6 } as const;

/** Below this zoom the diagram shows names only (kept equal to `OVERVIEW_ZOOM` in labels.ts by a test). */
const OVERVIEW_BELOW = 0.9;

/**
 * The `data-lod` a zoom calls for.
 *
 * @example levelOfDetail(0.6) // 'overview'
 */
export function levelOfDetail(zoom: number): 'overview' | 'detail' {
  return zoom < OVERVIEW_BELOW ? 'overview' : 'detail';
}

/** The camera mode a lab starts in: follow on screens under 700 px, the whole network otherwise. */
export const NARROW_QUERY = '(max-width: 699px)';

/** What the static diagram box carries for the inline script (`data-camera-seed`). */
export interface CameraSeed {
  diagram: { width: number; height: number };
  followZoom: number;
  step?: CameraStep;
}

/**
 * The inline script placed right after a server-rendered diagram box: before
 * the browser paints it, it frames the drawing for the box's real size (the
 * server cannot know it) exactly as the lab's camera will once it wakes up,
 * sets the level of detail and camera mode the lab will start with, and
 * moves the packet token into the drawing (React Flow's portal for it is
 * empty in the server's HTML).
 * Its text is the same on every page (one CSP hash).
 *
 * @example `<div data-camera-seed='…'>…</div><script>${cameraScript()}</script>`
 */
export function cameraScript(): string {
  return `(function(){var s=document.currentScript,b=s&&s.previousElementSibling;if(!b)return;try{var d=JSON.parse(b.getAttribute('data-camera-seed'));var r={width:b.clientWidth,height:b.clientHeight};var m=window.matchMedia(${JSON.stringify(NARROW_QUERY)}).matches?'follow':'whole';var v=(${cameraViewport.toString()})({diagram:d.diagram,width:r.width,height:r.height,mode:m,followZoom:d.followZoom,step:d.step});var p=b.querySelector('.react-flow__viewport');var t=b.querySelector('.pw-static-token'),q=b.querySelector('.react-flow__viewport-portal');if(t&&q)while(t.firstChild)q.appendChild(t.firstChild);if(p)p.style.transform='translate('+v.x+'px,'+v.y+'px) scale('+v.zoom+')';b.setAttribute('data-lod',v.zoom<${OVERVIEW_BELOW}?'overview':'detail');b.setAttribute('data-zoom',v.zoom.toFixed(3));b.style.setProperty('--pw-z',String(Math.round(v.zoom*1000)/1000));b.setAttribute('data-camera',m);var c=b.querySelector('[data-control=camera]');if(c)c.setAttribute('aria-pressed',String(m==='follow'));}catch(e){}})();`;
}
