/**
 * `lib/docker/cli` — Docker command scripts as data: {@link parseDockerScript} reads them
 * (syntax in ./parse.ts's header: one command per line, `#` comments, `\` continuations,
 * '…'/"…" quoting, a trailing `# on host2` picks the host; hosts are host1 and host2;
 * shell operators are errors and nothing is evaluated), {@link applyDockerScript} runs them
 * on a {@link ScriptTarget}'s Docker hosts and stops at the first error.
 */
export { parseDockerScript, lexScript, SCRIPT_HOSTS, MAX_SCRIPT_LINES, MAX_SCRIPT_CHARS, type ParsedCommand, type ScriptCommand, type ScriptError, type PublishFlag } from './parse';
export { applyDockerScript, type ScriptTarget } from './apply';
