/**
 * "Commands": how to reproduce the lab's current state for real — the Docker
 * commands that built it, and (in the live lab) the `ip`/`iptables` script
 * that builds the same namespaces on a Linux machine, with its teardown, each
 * with a copy button. A disclosure, closed by default.
 *
 * The static render carries only the short Docker commands (the shell script
 * is several KB a lab, and a lesson's HTML has a budget); the live lab adds
 * the script. `LabIsland` keeps the disclosure open when the live lab takes
 * over (`data-details`).
 */
import { memo, useCallback, useId, useRef, useState } from 'react';
import { shownCommands, type LabShellScript } from '@/lib/diagram/lab-script';

interface CommandsPanelProps {
  /** The view's Docker script (may be empty). */
  script: string;
  /** The view's commands (shown when there is no Docker script). */
  commands: readonly string[];
  /** The view's shell script. */
  shell: LabShellScript;
  /** True in the live lab: the shell script and its copy buttons are rendered. */
  live: boolean;
}

type Block = 'commands' | 'setup' | 'teardown';

/** A block's name in the copy button's label and the status line. */
function nameOf(block: Block, kind: 'docker' | 'shell'): string {
  if (block === 'commands') return kind === 'docker' ? 'Docker commands' : 'commands';
  return `${block} script`;
}

export const CommandsPanel = memo(function CommandsPanel({ script, commands, shell, live }: CommandsPanelProps) {
  const id = useId();
  const [status, setStatus] = useState<{ block: Block; text: string } | null>(null);
  const blocks = useRef<Partial<Record<Block, HTMLPreElement | null>>>({});
  const shown = shownCommands({ script, commands });
  const kind = shown.kind;

  const copy = useCallback(
    async (block: Block, text: string) => {
      const what = nameOf(block, kind);
      try {
        await navigator.clipboard.writeText(text);
        setStatus({ block, text: `Copied the ${what}.` });
      } catch {
        // No clipboard (an insecure page, a refused permission): select the text for the reader.
        const pre = blocks.current[block];
        const selection = window.getSelection();
        if (pre && selection) selection.selectAllChildren(pre);
        setStatus({ block, text: `Could not copy the ${what}: it is selected, press Ctrl+C (⌘C on a Mac).` });
      }
    },
    [kind],
  );

  const codeBlock = (block: Block, text: string, label: string) => (
    <div className="pw-commands__block">
      <div className="pw-commands__bar">
        <h3 id={`${id}-${block}`} className="pw-commands__label" data-file={block === 'commands' ? undefined : 'true'}>
          {label}
        </h3>
        {/* Next to the button that was pressed; one live region per block, so it is announced. */}
        <span className="pw-commands__status" aria-live="polite" data-status-for={block}>
          {status?.block === block ? status.text : ''}
        </span>
        <button type="button" className="pw-button pw-needs-js" data-control={`copy-${block}`} onClick={() => void copy(block, text)}>
          Copy<span className="pw-sr-only"> the {nameOf(block, kind)}</span>
        </button>
      </div>
      <pre
        ref={(element) => {
          blocks.current[block] = element;
        }}
        className="pw-commands__code"
        tabIndex={0}
        role="region"
        aria-labelledby={`${id}-${block}`}
        data-block={block}
      >
        <code>{text}</code>
      </pre>
    </div>
  );

  return (
    <details className="pw-commands" data-details="commands">
      <summary>
        Commands <span className="pw-muted">— reproduce this state for real</span>
      </summary>
      <div className="pw-commands__body">
        {codeBlock('commands', shown.text, shown.kind === 'docker' ? 'Docker commands for this state' : 'Commands for this state')}
        {shown.kind === 'docker' && /#\s*on host2\s*$/m.test(shown.text) && <p className="pw-commands__note">Lines ending in <code># on host2</code> run on the second Docker host.</p>}
        <p className="pw-commands__note">
          Without Docker, the script below builds the same namespaces, links, addresses, routes and iptables rules on one Linux machine. Every command runs inside a network namespace it
          creates, named <code>pw-…</code>: your machine&rsquo;s own interfaces, routes and firewall are not changed (the kernel may load modules it needs: bridge, veth, vxlan…). Needs root,
          iproute2 and iptables: <code>sudo sh setup.sh</code>; to clean up, <code>sudo sh teardown.sh</code> deletes every <code>pw-…</code> namespace it made.
        </p>
        {live ? (
          <>
            {codeBlock('setup', shell.setup, 'setup.sh')}
            {codeBlock('teardown', shell.teardown, 'teardown.sh')}
          </>
        ) : (
          <p className="pw-commands__note pw-muted">The setup and teardown scripts appear here once the lab is live (it needs JavaScript).</p>
        )}
      </div>
    </details>
  );
});
