/**
 * The data model of `lib/netsim`: a topology of Linux network namespaces
 * (`topology-types.ts`) and the trace a packet leaves when it walks through them
 * (`trace-types.ts`), with the events a hop records (`events.ts`).
 *
 * Everything here is plain, JSON-serialisable data. The diagram (`lib/diagram`),
 * the hop list, the tests and the real-kernel check all read these shapes, so
 * every namespace, interface and link has a stable string id that does not
 * change between two builds of the same lab with the same options.
 *
 * This module knows nothing about containers: it models what Linux does.
 */
export type * from './topology-types';
export type * from './trace-types';
export type { EventCode, EventParams, RouteNote, WalkEvent } from './events';
