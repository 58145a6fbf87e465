// The keyboard shortcut rules (src/lib/keyboard/shortcuts.ts): which presses are shortcuts, and never while typing.
import { describe, expect, it } from 'vitest';
import { SHORTCUTS, moveRow, shortcutOf } from '$lib/keyboard/shortcuts';

const press = (key: string, target: object | null = null, mods: Partial<KeyboardEvent> = {}) =>
	shortcutOf({ key, ctrlKey: false, altKey: false, metaKey: false, target, ...mods } as KeyboardEvent);

describe('shortcutOf', () => {
	it('maps the documented keys', () => {
		expect(['?', '/', 'j', 'k', 'x', 'c', 'Escape'].map((k) => press(k))).toEqual([
			'help',
			'search',
			'next',
			'previous',
			'select',
			'compare',
			'close'
		]);
		expect(press('q')).toBeUndefined();
		expect(SHORTCUTS.map((s) => s.action)).toEqual([
			'help',
			'search',
			'next',
			'previous',
			'select',
			'compare',
			'close'
		]);
	});

	it('is not a shortcut with Ctrl, Alt or Meta (the browser’s own keys)', () => {
		expect(press('c', null, { ctrlKey: true })).toBeUndefined();
		expect(press('k', null, { metaKey: true })).toBeUndefined();
		expect(press('/', null, { altKey: true })).toBeUndefined();
	});

	it('types into fields instead, except Escape; a checkbox or a link is not a field', () => {
		const input = { tagName: 'INPUT', type: 'search' };
		for (const target of [
			input,
			{ tagName: 'TEXTAREA' },
			{ tagName: 'SELECT' },
			{ tagName: 'DIV', isContentEditable: true }
		]) {
			expect(press('j', target)).toBeUndefined();
			expect(press('/', target)).toBeUndefined();
		}
		expect(press('Escape', input)).toBe('close');
		expect(press('x', { tagName: 'INPUT', type: 'checkbox' })).toBe('select');
		expect(press('j', { tagName: 'A' })).toBe('next');
	});
});

describe('moveRow', () => {
	it('starts at the first (down) or last (up) row and stays inside the table', () => {
		expect(moveRow(-1, 5, 1)).toBe(0);
		expect(moveRow(-1, 5, -1)).toBe(4);
		expect(moveRow(2, 5, 1)).toBe(3);
		expect(moveRow(4, 5, 1)).toBe(4);
		expect(moveRow(0, 5, -1)).toBe(0);
		expect(moveRow(-1, 0, 1)).toBe(-1);
	});
});
