/**
 * React Flow node ids. Machines, namespaces and interfaces may share an id in
 * the topology (host1 is both), so node ids are prefixed by what they draw.
 */

/**
 * React Flow node id of a machine box.
 * @example machineNodeId('host1') // 'm:host1'
 */
export const machineNodeId = (machineId: string) => `m:${machineId}`;
/**
 * React Flow node id of a namespace box.
 * @example namespaceNodeId('host1/web') // 'ns:host1/web'
 */
export const namespaceNodeId = (namespaceId: string) => `ns:${namespaceId}`;
/**
 * React Flow node id of an interface (port or bridge bar).
 * @example interfaceNodeId('host1:docker0') // 'if:host1:docker0'
 */
export const interfaceNodeId = (interfaceId: string) => `if:${interfaceId}`;
