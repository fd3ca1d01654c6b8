/**
 * The pattern editor: CodeMirror 6 with TypeScript, in the site's colours. Imported with a dynamic
 * `import()` when a learner opens an editor, so a lesson page's own JavaScript does not carry it.
 *
 * Keyboard: Tab indents (CodeMirror's indentWithTab); Escape then Tab moves the focus on, as
 * CodeMirror does by default for an editor that takes Tab (the widgets say so in a hint line).
 * Ctrl+Enter (Cmd+Enter on a Mac) runs the learner's version.
 */
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import {
	bracketMatching,
	HighlightStyle,
	indentOnInput,
	syntaxHighlighting
} from '@codemirror/language';
import { Compartment, EditorState, Prec, RangeSetBuilder, StateField } from '@codemirror/state';
import {
	Decoration,
	type DecorationSet,
	drawSelection,
	EditorView,
	highlightActiveLine,
	highlightActiveLineGutter,
	highlightSpecialChars,
	keymap,
	lineNumbers
} from '@codemirror/view';
import { tags } from '@lezer/highlight';

export interface CodeEditor {
	/** The text as the learner has it now. */
	readonly text: string;
	/** Replaces the whole text (Reset to the original), as one undoable change. */
	replace(text: string): void;
	/** Puts the cursor at the start of a line (1-based), scrolls it into view and focuses. */
	goToLine(line: number): void;
	focus(): void;
	destroy(): void;
}

export interface EditorOptions {
	doc: string;
	/** The editor's accessible name. */
	label: string;
	onChange(text: string): void;
	/** Ctrl/Cmd+Enter. */
	onRun(): void;
	/** The lines the demo ran (1-based, inclusive): marked as under the highlighted source, and scrolled to. */
	marked?: { from: number; to: number };
}

/** Narrow screens wrap long lines and indent by 2: a 390 px phone shows whole statements. */
const NARROW = '(max-width: 640px)';
const layoutFor = (narrow: boolean) =>
	narrow ? [EditorView.lineWrapping, EditorState.tabSize.of(2)] : EditorState.tabSize.of(4);

/** A line decoration on `from`–`to`, kept on the same code as the learner edits around it. */
function markedLines(from: number, to: number) {
	const ran = Decoration.line({ class: 'cm-ran' });
	return StateField.define<DecorationSet>({
		create(state) {
			const builder = new RangeSetBuilder<Decoration>();
			for (let n = from; n <= Math.min(to, state.doc.lines); n++) {
				const { from: at } = state.doc.line(n);
				builder.add(at, at, ran);
			}
			return builder.finish();
		},
		update: (lines, transaction) => lines.map(transaction.changes),
		provide: (field) => EditorView.decorations.from(field)
	});
}

/**
 * Token colours of GitHub's light and dark themes (as the highlighted source under the demos),
 * in shades that keep WCAG AA on the page and on the active line; light-dark() picks by the
 * page's color-scheme, so the editor follows the site's theme without being reconfigured.
 */
const highlightStyle = HighlightStyle.define([
	{ tag: [tags.keyword, tags.modifier, tags.operatorKeyword], color: 'light-dark(#cf222e, #ff7b72)' },
	{ tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'light-dark(#0a3069, #a5d6ff)' },
	{ tag: [tags.comment, tags.docComment], color: 'light-dark(#5a626b, #8b949e)', fontStyle: 'italic' },
	{ tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'light-dark(#0550ae, #79c0ff)' },
	{ tag: [tags.function(tags.variableName), tags.function(tags.propertyName), tags.definition(tags.function(tags.variableName))], color: 'light-dark(#6639ba, #d2a8ff)' },
	{ tag: [tags.typeName, tags.className, tags.namespace], color: 'light-dark(#953800, #ffa657)' },
	{ tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'light-dark(#0550ae, #79c0ff)' },
	{ tag: tags.invalid, color: 'light-dark(#cf222e, #f85149)' }
]); // prettier-ignore

/** The editor in the site's own variables (app.css): it turns dark with the page. */
const siteTheme = EditorView.theme({
	'&': {
		color: 'var(--fg)',
		backgroundColor: 'var(--bg)',
		border: '1px solid var(--border)',
		borderRadius: '6px',
		fontSize: '0.82rem'
	},
	'&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '2px' },
	'.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55', maxHeight: '32rem' },
	'.cm-content': { caretColor: 'var(--fg)', padding: '0.6rem 0' },
	'.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
	'.cm-gutters': {
		backgroundColor: 'var(--panel)',
		color: 'var(--muted)',
		borderRight: '1px solid var(--border)',
		borderRadius: '6px 0 0 6px'
	},
	'.cm-activeLine': { backgroundColor: 'light-dark(#f3f6f9, #161b22)' },
	'.cm-activeLineGutter': { backgroundColor: 'var(--hover)', color: 'var(--fg)' },
	'&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
		{ backgroundColor: 'light-dark(#b6d7ff, #264f78)' },
	'.cm-matchingBracket, &.cm-focused .cm-matchingBracket': {
		backgroundColor: 'light-dark(#d4f3dc, #1f3a29)',
		outline: '1px solid var(--hit)'
	},
	'.cm-nonmatchingBracket, &.cm-focused .cm-nonmatchingBracket': {
		outline: '1px solid var(--error)'
	},
	// As the lines that ran under the highlighted source: a tint and a bar, not colour alone.
	'.cm-ran': { backgroundColor: 'var(--ran-bg)', boxShadow: 'inset 3px 0 0 var(--miss)' }
});

export function createEditor(parent: HTMLElement, options: EditorOptions): CodeEditor {
	const run = () => {
		options.onRun();
		return true;
	};
	const narrow = matchMedia(NARROW);
	const layout = new Compartment();
	const { marked } = options;
	const view = new EditorView({
		parent,
		state: EditorState.create({
			doc: options.doc,
			extensions: [
				layout.of(layoutFor(narrow.matches)),
				marked ? markedLines(marked.from, marked.to) : [],
				Prec.highest(keymap.of([{ key: 'Mod-Enter', run }])),
				lineNumbers(),
				highlightActiveLineGutter(),
				highlightSpecialChars(),
				history(),
				drawSelection(),
				indentOnInput(),
				bracketMatching(),
				closeBrackets(),
				highlightActiveLine(),
				keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
				javascript({ typescript: true }),
				syntaxHighlighting(highlightStyle),
				siteTheme,
				// tabindex: the scrolling box holds something focusable, as axe counts focusable.
				EditorView.contentAttributes.of({ 'aria-label': options.label, tabindex: '0' }),
				EditorView.updateListener.of((update) => {
					if (update.docChanged) options.onChange(update.state.doc.toString());
				})
			]
		})
	});
	const relayout = () => view.dispatch({ effects: layout.reconfigure(layoutFor(narrow.matches)) });
	narrow.addEventListener('change', relayout);
	if (marked) {
		// The cursor on the function that ran, a few lines of what comes before it in view.
		const { doc } = view.state;
		const line = (n: number) => doc.line(Math.min(Math.max(1, n), doc.lines)).from;
		view.dispatch({
			selection: { anchor: line(marked.from) },
			effects: EditorView.scrollIntoView(line(marked.from - 3), { y: 'start' })
		});
	}
	return {
		get text() {
			return view.state.doc.toString();
		},
		replace(text) {
			view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
		},
		goToLine(line) {
			const { doc } = view.state;
			const at = doc.line(Math.min(Math.max(1, line), doc.lines)).from;
			view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
			view.focus();
		},
		focus: () => view.focus(),
		destroy() {
			narrow.removeEventListener('change', relayout);
			view.destroy();
		}
	};
}
