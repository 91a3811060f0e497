/** lo (drivers/net/loopback.c): what it sends, its own namespace receives. Every namespace has one, up. */
import { ipReceive } from '../stages/ip-input';
import type { Device } from '../walk';

export const loopback: Device<'loopback'> = {
  transmit: (walk, iface, packet) => ipReceive(walk, iface, packet),
  probeTransmit: () => undefined,
  script: { setsMac: false, configured: false },
};
