'use client';
/**
 * The playground's script editor: CodeMirror 6 with line numbers, shell highlighting, undo, and
 * the script's error marked on its line (a lint diagnostic: an underline, a gutter marker and its
 * message on hover or with Ctrl-Shift-M). Tab is left to the browser, so the keyboard can leave
 * the editor. Until CodeMirror loads the script shows as plain text in the same box.
 *
 * The editor is uncontrolled: it reports every change with `onChange`; the owner replaces the
 * text only by calling `replace` on the handle (an example chosen from the menu), which is one
 * undoable change.
 */
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { classHighlighter } from '@lezer/highlight';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { ScriptError } from '@/lib/docker/cli';

export interface ScriptEditorHandle {
  /** Replace the whole script (one undoable change). */
  replace(text: string): void;
  focus(): void;
}

interface ScriptEditorProps {
  initialText: string;
  onChange: (text: string) => void;
  /** The errors of `errorsFor` (marked only while the editor still holds that text). */
  errors: readonly ScriptError[];
  errorsFor: string;
  /** Id of the element that describes the editor (the error line under it). */
  describedBy: string;
  labelledBy: string;
  handle: Ref<ScriptEditorHandle>;
}

const theme = EditorView.theme({
  '&': { fontSize: '0.9rem', backgroundColor: 'var(--pg-editor-bg)', color: 'var(--page-fg)', borderRadius: '0.5rem' },
  '&.cm-focused': { outline: '3px solid var(--pg-focus)', outlineOffset: '2px' },
  '.cm-content': { fontFamily: 'var(--font-mono, ui-monospace, SFMono-Regular, Menlo, monospace)', padding: '0.5rem 0', caretColor: 'var(--page-fg)' },
  '.cm-scroller': { minHeight: '12rem', maxHeight: '28rem', overflow: 'auto', lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: 'var(--pg-gutter-bg)', color: 'var(--muted-fg)', borderRight: '1px solid var(--border)', borderRadius: '0.5rem 0 0 0.5rem' },
  '.cm-activeLine': { backgroundColor: 'var(--pg-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--pg-active-line)', color: 'var(--page-fg)' },
  '.cm-cursor': { borderLeftColor: 'var(--page-fg)', borderLeftWidth: '2px' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'var(--pg-selection) !important' },
});

/** Diagnostics for the errors, on their lines of `state`. */
function diagnosticsFor(state: EditorState, errors: readonly ScriptError[]): Diagnostic[] {
  return errors.map((error) => {
    const line = state.doc.line(Math.min(Math.max(1, error.line), state.doc.lines));
    return { from: line.from, to: Math.max(line.from, line.to), severity: 'error', message: `Line ${error.line}: ${error.message}` };
  });
}

export function ScriptEditor({ initialText, onChange, errors, errorsFor, describedBy, labelledBy, handle }: ScriptEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const viewRef = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  // The first text only: later ones come through `replace`.
  const initialTextRef = useRef(initialText);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: initialTextRef.current,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          StreamLanguage.define(shell),
          syntaxHighlighting(classHighlighter),
          lintGutter(),
          theme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-labelledby': labelledBy, 'aria-describedby': describedBy, 'aria-multiline': 'true', role: 'textbox', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off', 'data-testid': 'script-editor' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    setReady(true);
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [describedBy, labelledBy]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const current = view.state.doc.toString();
    // Marks for an older text would land on the wrong lines: wait for this text's result.
    if (current !== errorsFor) return;
    view.dispatch(setDiagnostics(view.state, diagnosticsFor(view.state, errors)));
  }, [errors, errorsFor]);

  useImperativeHandle(
    handle,
    () => ({
      replace(text: string) {
        const view = viewRef.current;
        if (!view) return;
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
      },
      focus() {
        viewRef.current?.focus();
      },
    }),
    [],
  );

  return (
    <div ref={hostRef} className="pw-pg__editor" data-ready={ready ? 'true' : 'false'}>
      {/* Before CodeMirror mounts (and with JavaScript off): the script as text, in the same box. */}
      {!ready && <pre className="pw-pg__editor-fallback">{initialText}</pre>}
    </div>
  );
}
