import { checkPrediction, engineCount } from './exercises';
import { getLab, labs } from '@/lib/labs';

/** An attribute value as written in MDX: a string, a bare flag, or a `{…}` expression. */
export type AttributeValue = string | true | { expression: string };

/** A JSX element in a lesson, reduced to what the checks read. */
export interface ElementUse {
  name: string;
  attributes: Record<string, AttributeValue>;
  children: ElementUse[];
}

/** A problem with one attribute (the "field") of a component use. */
export class AttributeError extends Error {
  constructor(
    readonly attribute: string,
    message: string,
  ) {
    super(message);
  }
}

function stringAttribute(element: ElementUse, name: string, required = true): string | undefined {
  const value = element.attributes[name];
  if (value === undefined) {
    if (required) throw new AttributeError(name, `<${element.name}> needs ${name}="…"`);
    return undefined;
  }
  if (typeof value !== 'string') throw new AttributeError(name, `<${element.name} ${name}> must be a plain string, like ${name}="…"`);
  return value;
}

function checkPredict(element: ElementUse): void {
  const lab = stringAttribute(element, 'lab')!;
  const flow = stringAttribute(element, 'flow')!;
  const set = stringAttribute(element, 'set', false);
  const expected = stringAttribute(element, 'expect')!;
  if (!getLab(lab)) throw new AttributeError('lab', `no lab "${lab}" (known: ${labs.map((known) => known.id).join(', ')})`);
  try {
    checkPrediction({ lab, flow, expect: expected, ...(set !== undefined ? { set } : {}) });
  } catch (error) {
    const message = (error as Error).message;
    const attribute = /expect/.test(message) ? 'expect' : /flow/.test(message) ? 'flow' : 'set';
    throw new AttributeError(attribute, message);
  }
  const parts = element.children.map((child) => child.name);
  if (parts.filter((name) => name === 'Question').length !== 1) {
    throw new AttributeError('children', '<Predict> needs exactly one <Question>');
  }
  const choices = element.children.filter((child) => child.name === 'Choice');
  if (choices.length < 2) throw new AttributeError('children', '<Predict> needs at least two <Choice>s');
  if (choices.filter((choice) => choice.attributes.correct === true).length !== 1) {
    throw new AttributeError('children', '<Predict> needs exactly one <Choice correct>');
  }
  if (parts.filter((name) => name === 'Explain').length !== 1) {
    throw new AttributeError('children', '<Predict> needs exactly one <Explain>');
  }
}

function checkHopCounts(element: ElementUse): void {
  const lab = stringAttribute(element, 'lab')!;
  if (!getLab(lab)) throw new AttributeError('lab', `no lab "${lab}" (known: ${labs.map((known) => known.id).join(', ')})`);
}

function checkEngineCount(element: ElementUse): void {
  const lab = stringAttribute(element, 'lab')!;
  const flow = stringAttribute(element, 'flow')!;
  const of = stringAttribute(element, 'of')!;
  try {
    engineCount(lab, flow, of);
  } catch (error) {
    const message = (error as Error).message;
    throw new AttributeError(message.startsWith('no lab') ? 'lab' : message.includes('has no flow') ? 'flow' : 'of', `<EngineCount>: ${message}`);
  }
}

/**
 * Build-time checks for components whose attributes name labs, flows and
 * options: a wrong name or a claim the engine contradicts stops the build.
 *
 * @example
 * componentChecks.Predict?.({ name: 'Predict', attributes: { lab: 'nope' }, children: [] }); // throws AttributeError('lab', …)
 */
export const componentChecks: Record<string, (element: ElementUse) => void> = {
  Predict: checkPredict,
  HopCounts: checkHopCounts,
  EngineCount: checkEngineCount,
};
