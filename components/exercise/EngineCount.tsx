import { engineCount } from '@/lib/content/exercises';

/**
 * A number about one flow's walk, written into the prose at build time by the
 * engine (`lib/content/exercises` `engineCount`): a change to the model that
 * moves it changes the lesson with it. Plain text, no markup: it reads as the
 * sentence around it, with or without JavaScript.
 *
 * In MDX: `The engine counts <EngineCount lab="macvlan" flow="lan-to-container" of="steps" /> steps`.
 */
export function EngineCount({ lab, flow, of }: { lab: string; flow: string; of: string }) {
  return <>{engineCount(lab, flow, of)}</>;
}
