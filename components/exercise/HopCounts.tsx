import { countWalk } from '@/lib/content/exercises';
import { getLab, traceFlow } from '@/lib/labs';

/**
 * A table of every flow of a lab with the numbers the engine computes for it:
 * whether it works, how many steps its walk has (every step, and by device — the lab's two levels of detail), how many namespaces it
 * crosses, and how many address rewrites happen. Nothing here is typed by hand.
 */
export function HopCounts({ lab: labId, caption }: { lab: string; caption?: string }) {
  const lab = getLab(labId);
  if (!lab) throw new Error(`HopCounts: unknown lab "${labId}"`);
  const rows = lab.flows.map((flow) => {
    const walk = traceFlow(lab.id, flow.id);
    return { id: flow.id, label: flow.label, ok: walk.outcome.ok, ...countWalk(walk.trace) };
  });
  return (
    <div className="table-scroll my-6 overflow-x-auto" tabIndex={0}>
      <table className="my-0">
        <caption className="mb-2 text-left text-sm text-[var(--muted-fg)]">
          {caption ?? `${lab.title}: every flow, as the engine walks it (request only).`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">Result</th>
            <th scope="col">Steps</th>
            <th scope="col">Devices</th>
            <th scope="col">Links crossed</th>
            <th scope="col">Namespaces</th>
            <th scope="col">NAT / tunnel rewrites</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-flow={row.id}>
              <th scope="row" className="font-normal">
                {row.label}
              </th>
              <td>{row.ok ? '✓ works' : '✗ fails'}</td>
              <td data-cell="steps">{row.steps}</td>
              <td data-cell="devices">{row.devices}</td>
              <td data-cell="links">{row.links}</td>
              <td>{row.namespaces}</td>
              <td>{row.rewrites}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
