/**
 * The world around the Docker hosts, the same in every lab: a LAN switch, a
 * home router (192.168.1.1, NAT to the internet, a DNS forwarder), a laptop
 * (192.168.1.50) and "the internet": one web server, 93.184.216.34.
 *
 * The switch is a VLAN-aware Linux bridge in its own namespace. Every port is
 * an untagged member of VLAN 1 unless a lab says otherwise, so it behaves as a
 * plain switch; the 802.1Q lab gives some ports more VLANs.
 */
import { NetworkBuilder, type BridgePortVlans, type NetInterface } from '@/lib/netsim';

/** Port VLAN membership of a plain access port in VLAN `vid`. */
export function accessPort(vid = 1): BridgePortVlans {
  return { pvid: vid, vids: [vid], untagged: [vid] };
}

/** A trunk: untagged native VLAN 1 plus `tagged` VLANs. */
export function trunkPort(tagged: number[]): BridgePortVlans {
  return { pvid: 1, vids: [1, ...tagged], untagged: [1] };
}

/** Handles to the shared pieces of the world. */
export interface World {
  net: NetworkBuilder;
  /** Plug a NIC into the next switch port. */
  plug(nic: NetInterface, vlans?: BridgePortVlans): NetInterface;
  router: string;
  laptop: string;
  internet: string;
}

/** The addresses every lesson uses. */
export const ADDR = {
  lan: '192.168.1.0/24',
  router: '192.168.1.1',
  host1: '192.168.1.10',
  host2: '192.168.1.11',
  laptop: '192.168.1.50',
  internet: '93.184.216.34',
  /** The router's uplink; the whole internet is drawn as one hop away. */
  routerWan: '93.184.216.1',
} as const;

/**
 * Build the LAN, router, laptop and internet server.
 * @example
 * const world = createWorld(new NetworkBuilder());
 * world.plug(host1.eth0);
 */
export function createWorld(net: NetworkBuilder, options: { routerPort?: BridgePortVlans } = {}): World {
  net.addMachine('switch', 'LAN switch', 'switch');
  net.addNamespace({ id: 'switch', label: 'LAN switch', role: 'switch', machine: 'switch', netnsName: 'lanswitch' });
  const bridge = net.addBridge('switch', 'br0', { vlanFiltering: true, description: 'the LAN switch (a VLAN-aware bridge)' });
  let ports = 0;
  const plug = (nic: NetInterface, vlans: BridgePortVlans = accessPort(1)) => {
    const port = net.addPhysical('switch', `swp${++ports}`, { description: `switch port ${ports}` });
    net.connectCable(nic.id, port.id);
    net.setMaster(port.id, bridge.id, { vlans });
    return port;
  };

  net.addMachine('router', 'router', 'router');
  net.addNamespace({ id: 'router', label: 'router', role: 'router', machine: 'router', ipForward: true });
  const lan = net.addPhysical('router', 'eth0', { description: 'router LAN port' });
  net.addAddress(lan.id, `${ADDR.router}/24`);
  const wan = net.addPhysical('router', 'wan0', { description: 'router uplink to the internet' });
  net.addAddress(wan.id, `${ADDR.routerWan}/24`);
  // A home router hides the LAN behind its one public address.
  net.appendRule('router', 'nat', 'POSTROUTING', { match: { outInterface: { value: 'wan0' } }, target: { kind: 'MASQUERADE' } });
  net.addSocket('router', { protocol: 'udp', address: ADDR.router, port: 53, process: 'dnsmasq (router DNS)', dnsZones: ['lan'] });
  net.addDnsRecord('lan', 'laptop', ADDR.laptop);
  net.addDnsRecord('lan', 'example.com', ADDR.internet);
  plug(lan, options.routerPort);

  net.addMachine('laptop', 'laptop', 'lan-host');
  net.addNamespace({ id: 'laptop', label: 'laptop', role: 'lan-host', machine: 'laptop' });
  const laptopNic = net.addPhysical('laptop', 'eth0');
  net.addAddress(laptopNic.id, `${ADDR.laptop}/24`);
  net.addRoute('laptop', { destination: 'default', via: ADDR.router, dev: laptopNic.id });
  plug(laptopNic);

  net.addMachine('internet', 'the internet', 'internet');
  net.addNamespace({ id: 'internet', label: 'example.com', role: 'internet', machine: 'internet', netnsName: 'inet' });
  const server = net.addPhysical('internet', 'eth0');
  net.addAddress(server.id, `${ADDR.internet}/24`);
  net.addRoute('internet', { destination: 'default', via: ADDR.routerWan, dev: server.id });
  net.connectCable(wan.id, server.id);
  net.addSocket('internet', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'web server (example.com)' });

  return { net, plug, router: 'router', laptop: 'laptop', internet: 'internet' };
}
