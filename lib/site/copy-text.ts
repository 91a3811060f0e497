/**
 * What a code block's copy button puts on the clipboard. For a terminal
 * session (language `console`) only the commands, without their `$ `
 * prompts: pasting a command's output back into a shell is never wanted.
 *
 * @example
 * textToCopy('$ ip -br link\nlo UNKNOWN', 'console'); // "ip -br link"
 * textToCopy('ip netns add ns1\n', 'sh');             // "ip netns add ns1"
 */
export function textToCopy(text: string, language: string | undefined): string {
  if (language !== 'console') return text.replace(/\n+$/, '');
  return text
    .split('\n')
    .filter((line) => line.startsWith('$ '))
    .map((line) => line.slice(2))
    .join('\n');
}
