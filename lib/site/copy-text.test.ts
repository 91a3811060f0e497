import { describe, expect, it } from 'vitest';
import { textToCopy } from './copy-text';

describe('textToCopy', () => {
  it('keeps only the commands of a terminal session, without prompts', () => {
    const session = '$ sudo ip netns add ns1\n$ ip netns list\nns1\n';
    expect(textToCopy(session, 'console')).toBe('sudo ip netns add ns1\nip netns list');
  });

  it('copies other code as it is, less the trailing newline', () => {
    expect(textToCopy('ip link add br0 type bridge\n', 'sh')).toBe('ip link add br0 type bridge');
  });
});
