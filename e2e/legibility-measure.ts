/**
 * How legible a lab diagram is right now, measured in the page. Shared by
 * `npm run bench:legibility` (bench/legibility.ts) and e2e/legibility.spec.ts
 * so the bench's numbers and the tests' thresholds mean the same thing.
 *
 * A *label* is every element inside the diagram's `.react-flow__viewport`
 * (node text, link labels, the packet token) with a non-whitespace text node
 * of its own, that is rendered (not display:none or visibility:hidden, has
 * client rects) and whose text rectangle (a Range over its text nodes,
 * trimmed of spaces) intersects the diagram box on screen. For each:
 *   - rendered size = computed font-size × React Flow's zoom (`data-zoom`);
 *   - clipped: it ends in an ellipsis (the character, or CSS text-overflow
 *     with overflowing content), its text leaves a box between it and its
 *     node that clips (overflow not visible), its text leaves its node's
 *     rectangle (the token's text: the token's box), or a node painted above
 *     its own covers part of the text (a port over a namespace heading, the
 *     `lo` chip over a name);
 *   - token overlap: the `.pw-token` box intersects its text;
 *   - edge overlap (link labels only): its box intersects a port, bridge or
 *     namespace node.
 * "Intersects" means by more than {@link SLACK_PX} screen pixels both ways,
 * so rectangles that merely touch do not count.
 *
 * The functions run inside the page. They are serialised with
 * `Function.prototype.toString`, so they must not use anything from module
 * scope; {@link inPage} adds the one helper tsx/esbuild may reference
 * (`__name`, from keepNames) so the same source works under tsx (the bench)
 * and under Playwright's transform (the tests).
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelProblem {
  /** The label's text. */
  text: string;
  /** data-id of the label's node, or 'link' / 'token'. */
  node: string;
  /** Why it counts: 'ellipsis', 'cut by <selector>', 'outside its node', 'under <node id>', 'under token', 'over <node id>'. */
  reason: string;
  /** Screen rectangle of the text. */
  textRect: Rect;
  /** Screen rectangle of what clips or covers it. */
  otherRect?: Rect;
}

export interface LegibilityMeasure {
  step: number;
  hop: number;
  camera: string;
  lod: string;
  zoom: number;
  /** The diagram box on screen (clipped to the window). */
  box: Rect;
  /** Labels in view. */
  labels: number;
  medianPx: number;
  minPx: number;
  /** The smallest label in view and its size. */
  smallest: { text: string; node: string; px: number } | undefined;
  clipped: LabelProblem[];
  tokenOverlaps: LabelProblem[];
  edgeOverlaps: LabelProblem[];
  /**
   * The current hop's device: the `.pw-active` port/bridge nodes, else
   * namespace, else machine. `inside`: every one lies inside the diagram box;
   * `namesInside`: every one's name (`.pw-name`) does; `fits`: every one is
   * no bigger than the box; `shown`: every one's drawing is rendered (the
   * overview hides the `lo` chip).
   */
  device: { ids: string[]; inside: boolean; namesInside: boolean; fits: boolean; shown: boolean; rects: Rect[] };
}

/** Rectangles overlap only when they share more than this many screen pixels in both directions. */
export const SLACK_PX = 1;

/**
 * The measurement of one lab's diagram (the section with `data-lab-key`).
 * Runs in the page: see {@link legibilityScript}.
 */
export function measureLegibilityInPage(labKey: string, slack: number): LegibilityMeasure {
  const lab = document.querySelector(`section.pw-lab[data-lab-key="${CSS.escape(labKey)}"]`);
  if (!lab) throw new Error(`no lab ${labKey}`);
  const diagram = lab.querySelector('.pw-diagram');
  const viewport = diagram?.querySelector('.react-flow__viewport');
  if (!diagram || !viewport) throw new Error(`lab ${labKey} has no diagram`);
  const zoom = Number(diagram.getAttribute('data-zoom') ?? 'NaN');

  const toRect = (r: DOMRect | Rect): Rect => ({ x: Math.round(r.x * 10) / 10, y: Math.round(r.y * 10) / 10, width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 });
  const overlap = (a: Rect, b: Rect) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > slack && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > slack;
  const inside = (inner: Rect, outer: Rect) =>
    inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
  const boxRaw = diagram.getBoundingClientRect();
  // The part of the diagram box inside the window.
  const left = Math.max(boxRaw.left, 0);
  const top = Math.max(boxRaw.top, 0);
  const box: Rect = { x: left, y: top, width: Math.max(0, Math.min(boxRaw.right, window.innerWidth) - left), height: Math.max(0, Math.min(boxRaw.bottom, window.innerHeight) - top) };

  // Nodes in paint order: z-index, then document order.
  const nodeElements = [...viewport.querySelectorAll<HTMLElement>('.react-flow__node')];
  const nodes = nodeElements.map((element, order) => ({
    element,
    id: element.getAttribute('data-id') ?? '?',
    type: (['port', 'bridge', 'namespace', 'machine'].find((t) => element.classList.contains(`react-flow__node-${t}`)) ?? 'other') as string,
    z: Number.parseInt(getComputedStyle(element).zIndex, 10) || 0,
    order,
    rect: toRect(element.getBoundingClientRect()),
  }));
  const above = (a: (typeof nodes)[number], b: (typeof nodes)[number]) => a.z > b.z || (a.z === b.z && a.order > b.order);
  const token = viewport.querySelector<HTMLElement>('.pw-token');
  const tokenRect = token && token.getClientRects().length && getComputedStyle(token).visibility !== 'hidden' ? toRect(token.getBoundingClientRect()) : undefined;

  interface Label {
    element: Element;
    text: string;
    rect: Rect;
    px: number;
    node: (typeof nodes)[number] | undefined;
    kind: 'node' | 'link' | 'token';
  }
  const labels: Label[] = [];
  for (const element of viewport.querySelectorAll('*')) {
    const texts = [...element.childNodes].filter((child): child is Text => child instanceof Text && /\S/.test(child.data));
    if (!texts.length) continue;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden' || !element.getClientRects().length) continue;
    let rect: Rect | undefined;
    for (const text of texts) {
      const range = document.createRange();
      const start = text.data.search(/\S/);
      const end = text.data.length - (text.data.length - text.data.trimEnd().length);
      range.setStart(text, start);
      range.setEnd(text, end);
      let r: Rect = range.getBoundingClientRect();
      // SVG text: fall back to the element's box if the range has no extent.
      if (!r.width || !r.height) r = element.getBoundingClientRect();
      rect = rect
        ? {
            x: Math.min(rect.x, r.x),
            y: Math.min(rect.y, r.y),
            width: Math.max(rect.x + rect.width, r.x + r.width) - Math.min(rect.x, r.x),
            height: Math.max(rect.y + rect.height, r.y + r.height) - Math.min(rect.y, r.y),
          }
        : { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    if (!rect || !overlap(rect, box)) continue;
    const nodeElement = element.closest('.react-flow__node');
    const kind = element.closest('.pw-token') ? 'token' : element.closest('.pw-link__label') ? 'link' : 'node';
    labels.push({
      element,
      text: texts.map((t) => t.data).join('').trim(),
      rect: toRect(rect),
      px: Math.round(Number.parseFloat(style.fontSize) * zoom * 100) / 100,
      node: nodes.find((n) => n.element === nodeElement),
      kind,
    });
  }

  const clipped: LabelProblem[] = [];
  const tokenOverlaps: LabelProblem[] = [];
  const edgeOverlaps: LabelProblem[] = [];
  for (const label of labels) {
    const where = label.kind === 'node' ? (label.node?.id ?? '?') : label.kind;
    const problem = (reason: string, otherRect?: Rect): LabelProblem => ({ text: label.text, node: where, reason, textRect: label.rect, ...(otherRect ? { otherRect } : {}) });
    // Clipping: an ellipsis, a clipping box between the text and its node, the node's own bounds, a node above it.
    let clip: LabelProblem | undefined;
    if (/(…|\.\.\.)$/.test(label.text)) clip = problem('ellipsis');
    const stopAt = label.kind === 'token' ? label.element.closest('.pw-token') : label.kind === 'node' ? label.node?.element : label.element.closest('svg');
    for (let at: Element | null = label.element; !clip && at && at !== viewport; at = at.parentElement) {
      const style = getComputedStyle(at);
      if (style.textOverflow === 'ellipsis' && at instanceof HTMLElement && at.scrollWidth > at.clientWidth + 1) clip = problem('ellipsis');
      else if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
        const r = at.getBoundingClientRect();
        const content: Rect = { x: r.x + at.clientLeft, y: r.y + at.clientTop, width: at.clientWidth || r.width, height: at.clientHeight || r.height };
        if (!inside(label.rect, content)) clip = problem(`cut by ${at.tagName.toLowerCase()}.${[...at.classList].join('.')}`, toRect(content));
      }
      if (at === stopAt) break;
    }
    if (!clip && label.kind === 'token' && tokenRect && !inside(label.rect, tokenRect)) clip = problem('outside the token', tokenRect);
    if (!clip && label.kind === 'node' && label.node && !inside(label.rect, label.node.rect)) clip = problem('outside its node', label.node.rect);
    if (!clip && label.kind === 'node' && label.node) {
      const own = label.node;
      const cover = nodes.find((other) => other !== own && above(other, own) && overlap(label.rect, other.rect));
      if (cover) clip = problem(`under ${cover.id}`, cover.rect);
    }
    if (clip) clipped.push(clip);
    // The token over text.
    if (label.kind !== 'token' && tokenRect && overlap(label.rect, tokenRect)) tokenOverlaps.push(problem('under token', tokenRect));
    // A link label over a box.
    if (label.kind === 'link') {
      const labelBox = toRect((label.element.closest('.pw-link__label') ?? label.element).getBoundingClientRect());
      const hits = nodes.filter((n) => (n.type === 'port' || n.type === 'bridge' || n.type === 'namespace') && overlap(labelBox, n.rect));
      // Name the box it covers most directly: a port or bridge before the namespace around it.
      const hit = hits.find((n) => n.type !== 'namespace') ?? hits[0];
      if (hit) edgeOverlaps.push({ ...problem(`over ${hit.id}`, hit.rect), textRect: labelBox });
    }
  }

  const sizes = labels.map((l) => l.px).sort((a, b) => a - b);
  const mid = sizes.length >> 1;
  const medianPx = sizes.length ? (sizes.length % 2 ? (sizes[mid] as number) : ((sizes[mid - 1] as number) + (sizes[mid] as number)) / 2) : 0;
  const smallestLabel = labels.reduce<Label | undefined>((best, l) => (!best || l.px < best.px ? l : best), undefined);

  const active = nodes.filter((n) => n.element.classList.contains('pw-active'));
  const devices = ['port', 'bridge'].some((t) => active.some((n) => n.type === t))
    ? active.filter((n) => n.type === 'port' || n.type === 'bridge')
    : active.some((n) => n.type === 'namespace')
      ? active.filter((n) => n.type === 'namespace')
      : active;

  return {
    step: Number(lab.getAttribute('data-step')),
    hop: Number(lab.getAttribute('data-hop')),
    camera: diagram.getAttribute('data-camera') ?? '',
    lod: diagram.getAttribute('data-lod') ?? '',
    zoom,
    box: toRect(box),
    labels: labels.length,
    medianPx: Math.round(medianPx * 100) / 100,
    minPx: sizes[0] ?? 0,
    smallest: smallestLabel ? { text: smallestLabel.text, node: smallestLabel.kind === 'node' ? (smallestLabel.node?.id ?? '?') : smallestLabel.kind, px: smallestLabel.px } : undefined,
    clipped,
    tokenOverlaps,
    edgeOverlaps,
    device: {
      ids: devices.map((d) => d.id),
      inside: devices.length > 0 && devices.every((d) => inside(d.rect, box)),
      namesInside:
        devices.length > 0 &&
        devices.every((d) => {
          const name = labels.find((l) => l.node === d && l.element.closest('.pw-name'));
          return !!name && inside(name.rect, box);
        }),
      fits: devices.every((d) => d.rect.width <= box.width && d.rect.height <= box.height),
      shown: devices.every((d) => {
        const drawing = d.element.firstElementChild;
        return !!drawing && getComputedStyle(drawing).display !== 'none' && drawing.getClientRects().length > 0;
      }),
      rects: devices.map((d) => d.rect),
    },
  };
}

/**
 * Resolves once the diagram has stopped moving: the viewport's transform and
 * the token's position unchanged for `quietMs`, and no animation running
 * (the token's travel, a camera glide). Runs in the page.
 */
export function settleInPage(labKey: string, quietMs: number, timeoutMs: number): Promise<{ waitedMs: number; settled: boolean }> {
  const lab = document.querySelector(`section.pw-lab[data-lab-key="${CSS.escape(labKey)}"]`);
  const viewport = lab?.querySelector<HTMLElement>('.react-flow__viewport');
  const anchor = () => lab?.querySelector<HTMLElement>('.pw-token-anchor');
  const started = performance.now();
  const snapshot = () => `${viewport?.style.transform ?? ''}|${lab?.querySelector('.pw-diagram')?.getAttribute('data-zoom') ?? ''}|${anchor() ? getComputedStyle(anchor() as HTMLElement).transform : ''}`;
  return new Promise((resolve) => {
    let last = snapshot();
    let quietSince = performance.now();
    const tick = () => {
      const now = performance.now();
      const current = snapshot();
      const moving = document.getAnimations().some((a) => a.playState === 'running');
      if (current !== last || moving) {
        last = current;
        quietSince = now;
      }
      if (now - quietSince >= quietMs) resolve({ waitedMs: Math.round(now - started), settled: true });
      else if (now - started > timeoutMs) resolve({ waitedMs: Math.round(now - started), settled: false });
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/**
 * Source text for `page.evaluate` calling `fn` with `args`. A string rather
 * than the function itself, because the bench runs under tsx, whose esbuild
 * output references a `__name` helper (keepNames) that does not exist in the
 * page; the shim below stands in for it.
 */
export function inPage(fn: (...args: never[]) => unknown, ...args: unknown[]): string {
  return `(() => { const __name = (target) => target; return (${fn.toString()})(${args.map((a) => JSON.stringify(a)).join(', ')}); })()`;
}

/** `page.evaluate(legibilityScript(key))` → {@link LegibilityMeasure}. */
export const legibilityScript = (labKey: string): string => inPage(measureLegibilityInPage, labKey, SLACK_PX);

/** `page.evaluate(settleScript(key))`: wait until the camera and the token are still. */
export const settleScript = (labKey: string, quietMs = 150, timeoutMs = 4000): string => inPage(settleInPage, labKey, quietMs, timeoutMs);
