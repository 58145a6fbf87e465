// The app's keyboard shortcuts: which key does what, and when a key press is one. Pure (no DOM beyond reading an
// event), so the rules can be tested without a browser; src/lib/keyboard/KeyboardShortcuts.svelte acts on them.

export type ShortcutAction = 'help' | 'search' | 'next' | 'previous' | 'select' | 'compare' | 'close';

export interface Shortcut {
	keys: string[];
	action: ShortcutAction;
	what: string;
}

/** Listed in the `?` overlay in this order. */
export const SHORTCUTS: readonly Shortcut[] = [
	{ keys: ['?'], action: 'help', what: 'Show or hide these shortcuts' },
	{ keys: ['/'], action: 'search', what: 'Search the runs (the filter box of an experiment)' },
	{ keys: ['j'], action: 'next', what: 'Next row of the table (experiments or runs)' },
	{ keys: ['k'], action: 'previous', what: 'Previous row' },
	{ keys: ['x'], action: 'select', what: 'Select or unselect the current run' },
	{ keys: ['c'], action: 'compare', what: 'Compare the selected runs' },
	{ keys: ['Escape'], action: 'close', what: 'Close this overlay or a menu; leave the search box' }
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.action] as const)));

/** What a key press asks for, if anything: never while typing in a field (except Escape), never with Ctrl/Alt/Meta. */
export function shortcutOf(
	event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'target'>
): ShortcutAction | undefined {
	if (event.ctrlKey || event.altKey || event.metaKey) return undefined;
	const action = BY_KEY.get(event.key);
	if (action === undefined) return undefined;
	if (action !== 'close' && isTyping(event.target)) return undefined;
	return action;
}

/** Whether keys pressed now go into a text field (where j, k, x, c and / are text). */
function isTyping(target: EventTarget | null): boolean {
	const el = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
	if (!el || typeof el.tagName !== 'string') return false;
	if (el.isContentEditable) return true;
	const tag = el.tagName.toLowerCase();
	if (tag === 'textarea' || tag === 'select') return true;
	if (tag !== 'input') return false;
	return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(
		el.type ?? 'text'
	);
}

/** The row index `step` away from `current` among `count` rows, staying inside (none current: the first or last). */
export function moveRow(current: number, count: number, step: 1 | -1): number {
	if (count === 0) return -1;
	if (current < 0) return step === 1 ? 0 : count - 1;
	return Math.min(count - 1, Math.max(0, current + step));
}
