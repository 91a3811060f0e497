/**
 * `lib/docker` — what Docker Engine configures, as calls on the `lib/netsim`
 * model: the default bridge, user-defined bridge / overlay / macvlan networks,
 * `docker run --network …` with `-p`, `docker network connect`, the iptables
 * rules of today's Engine (29.x) and the embedded DNS server.
 */
export { DockerHost, EMBEDDED_DNS, type DaemonOptions, type DockerHostSpec, type DockerNetwork, type PublishSpec, type ListenSpec, type RunOptions, type Endpoint, type Container } from './daemon';
export { OverlayNetwork, type ControlPlane, type OverlayOptions } from './overlay';
