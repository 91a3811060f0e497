import { describe, expect, it } from 'vitest';
import { labPcap, playgroundPcap } from './lab-pcap';

const magic = (bytes: Uint8Array | undefined) => (bytes ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true) : undefined);

describe('the Download .pcapng engine', () => {
  it('writes a lab state and a playground walk as pcapng; a walk that cannot run gives nothing', () => {
    const lab = labPcap('default-bridge', 'lan-to-published', { publish: true });
    expect(magic(lab)).toBe(0x0a0d0d0a);
    expect(lab.length).toBeGreaterThan(1000);
    const script = 'docker run -d --name web -p 8080:80 nginx';
    expect(magic(playgroundPcap(script, { from: 'laptop', to: '192.168.1.10:8080' }))).toBe(0x0a0d0d0a);
    expect(playgroundPcap(script, { from: 'laptop', to: 'nobody:80' })).toBeUndefined();
  });
});
