/**
 * `<Lab id="…" />` in a lesson. The lab is an island (`LabIsland`): the
 * server renders it whole into the HTML, and the browser loads its code only
 * when the lab is about to be used. Only the lab's id and URL key travel in
 * the page's data.
 */
import { describeLab } from '@/lib/diagram/lab-view';
import { LabIsland } from './LabIsland.client';

interface LabProps {
  /** A lab id from lib/labs (checked when the lesson compiles). */
  id: string;
  /**
   * URL namespace for this instance; needed only when one page shows the same
   * lab twice, so the two keep separate state. Defaults to the lab id.
   */
  instance?: string;
}

export function Lab({ id, instance }: LabProps) {
  // Fails the build on an unknown lab, naming it.
  describeLab(id);
  return <LabIsland labId={id} labKey={instance ?? id} />;
}
