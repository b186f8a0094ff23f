/**
 * Every metric's id, in the registry's order, and the check that a string is one: for what reads ids
 * from outside (the layout rules, the custom number's settings), chunks of their own; the main
 * bundle reads the registry (./metrics.ts) by the ids it declares.
 */
import { METRICS, type MetricId } from './metrics.js';

export const METRIC_IDS = Object.keys(METRICS) as readonly MetricId[];

export function isMetricId(id: string): id is MetricId {
  return Object.hasOwn(METRICS, id);
}
