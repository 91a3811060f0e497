/**
 * The names of the components an MDX lesson may use. The registry in
 * `components/mdx/registry.tsx` is typed as a record over these names, so the
 * two cannot drift apart; the build-time check reads this list without
 * importing any React code.
 */
export const MDX_COMPONENT_NAMES = ['Callout', 'Predict', 'Question', 'Choice', 'Explain', 'HopCounts', 'EngineCount', 'Lab'] as const;

export type MdxComponentName = (typeof MDX_COMPONENT_NAMES)[number];
