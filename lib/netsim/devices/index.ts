/**
 * The device table: for each interface kind, the one file that says how it sends, receives,
 * passes a broadcast, and is created in the shell script. Adding a kind to `InterfaceKind`
 * makes the compiler ask for its entry here.
 */
import type { InterfaceKind } from '../types';
import type { DeviceTable } from '../walk';
import { bridge } from './bridge';
import { loopback } from './loopback';
import { ipvlan } from './ipvlan';
import { macvlan } from './macvlan';
import { physical } from './physical';
import { veth } from './veth';
import { vlan } from './vlan';
import { vxlan } from './vxlan';

export const DEVICES: DeviceTable = { loopback, physical, veth, bridge, vxlan, macvlan, ipvlan, vlan };

/**
 * The upper-device kinds that may take a frame arriving on an interface, in the order they are
 * asked: a bridge takes everything on its ports, a VLAN device a frame with its tag, a macvlan
 * a frame for its MAC, an ipvlan a packet for its IP address; what none takes goes to the interface's own IP stack.
 */
export const RX_HANDLERS: readonly InterfaceKind[] = ['bridge', 'vlan', 'macvlan', 'ipvlan'];
