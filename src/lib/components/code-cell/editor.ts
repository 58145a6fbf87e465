// The code cell's CodeMirror 6 editor, loaded with import() by CodeEditor.svelte so that no other page carries it.
// Keyboard: Tab indents inside the editor, Escape hands focus to the page (onEscape) so keyboard users are never
// trapped, Ctrl/Cmd+Enter runs.
// Styles: CodeMirror writes its styles into a <style> element when it sits in a document, which the app's CSP
// (style-src 'self') refuses; in a shadow root it uses a constructed style sheet (CSSOM), which CSP allows. So the
// editor lives in a shadow root of its host, and its theme reads the app's CSS tokens, which inherit into it.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascriptLanguage } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import {
	Decoration,
	drawSelection,
	EditorView,
	highlightActiveLine,
	highlightActiveLineGutter,
	keymap,
	lineNumbers,
	type DecorationSet
} from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';

export interface EditorOptions {
	doc: string;
	label: string;
	onChange(text: string): void;
	onRun(): void;
	onEscape(): void;
}

export interface CodeEditorHandle {
	text(): string;
	setText(text: string): void;
	/** Marks a line (1-based) as the error's, moves the cursor there and scrolls it into view; undefined clears. */
	markLine(line: number | undefined): void;
	focus(): void;
	destroy(): void;
}

const setErrorLine = StateEffect.define<number | undefined>();
const errorLine = StateField.define<DecorationSet>({
	create: () => Decoration.none,
	update(marks, tr) {
		for (const effect of tr.effects)
			if (effect.is(setErrorLine)) {
				if (effect.value === undefined) return Decoration.none;
				const line = tr.state.doc.line(effect.value);
				return Decoration.set([Decoration.line({ class: 'cm-error-line' }).range(line.from)]);
			}
		return tr.docChanged ? Decoration.none : marks;
	},
	provide: (field) => EditorView.decorations.from(field)
});

const mono = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
const tint = (token: string, percent: number) => `color-mix(in srgb, var(${token}) ${percent}%, transparent)`;

const theme = EditorView.theme({
	'&': { color: 'var(--fg)', backgroundColor: 'var(--bg)', fontSize: '0.9rem', height: '100%' },
	'&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
	'.cm-scroller': { fontFamily: mono, lineHeight: '1.5' },
	'.cm-content': { caretColor: 'var(--fg)' },
	'.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
	'.cm-gutters': {
		backgroundColor: 'var(--bg-soft)',
		color: 'var(--fg-soft)',
		borderRight: '1px solid var(--border)'
	},
	// Token colours keep their contrast (WCAG AA) on these backgrounds in both themes.
	'.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--bg-soft)' },
	'&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
		backgroundColor: tint('--accent', 28)
	},
	'.cm-matchingBracket': { outline: '1px solid var(--fg-soft)' },
	'.cm-error-line': { backgroundColor: 'var(--warn-bg)', boxShadow: 'inset 3px 0 0 var(--danger)' },
	'.tok-keyword, .tok-operatorKeyword': { color: 'var(--accent)', fontWeight: '600' },
	'.tok-string, .tok-string2': { color: 'var(--warn-fg)' },
	'.tok-number, .tok-bool, .tok-atom': { color: 'var(--danger)' },
	'.tok-comment': { color: 'var(--fg-soft)', fontStyle: 'italic' },
	'.tok-definition': { fontWeight: '600' }
});

export function createEditor(host: HTMLElement, options: EditorOptions): CodeEditorHandle {
	const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
	root.replaceChildren();
	const view = new EditorView({
		root,
		parent: root,
		state: EditorState.create({
			doc: options.doc,
			extensions: [
				Prec.highest(
					keymap.of([
						{ key: 'Mod-Enter', run: () => (options.onRun(), true) },
						{ key: 'Escape', run: () => (options.onEscape(), true) }
					])
				),
				lineNumbers(),
				highlightActiveLineGutter(),
				highlightActiveLine(),
				history(),
				drawSelection(),
				indentOnInput(),
				bracketMatching(),
				syntaxHighlighting(classHighlighter),
				javascriptLanguage,
				keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
				errorLine,
				theme,
				EditorState.tabSize.of(4),
				EditorView.contentAttributes.of({ 'aria-label': options.label }),
				EditorView.updateListener.of((update) => {
					if (update.docChanged) options.onChange(update.state.doc.toString());
				})
			]
		})
	});
	return {
		text: () => view.state.doc.toString(),
		setText(text) {
			view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
		},
		markLine(line) {
			if (line === undefined || line < 1 || line > view.state.doc.lines) {
				view.dispatch({ effects: setErrorLine.of(undefined) });
				return;
			}
			const at = view.state.doc.line(line).from;
			view.dispatch({
				effects: [setErrorLine.of(line), EditorView.scrollIntoView(at, { y: 'center' })],
				selection: { anchor: at }
			});
		},
		focus: () => view.focus(),
		destroy: () => view.destroy()
	};
}
