import { describe, expect, it } from 'vitest';
import { PALETTE } from '$lib/charts/palette';
import {
	checkColor,
	defaultRunColor,
	MAX_CHOSEN_COLORS,
	parseChosenColors,
	RUN_COLORS_KEY,
	serializeChosenColors
} from '$lib/charts/run-colors';
import { RunColors } from '$lib/charts/run-colors.svelte';

const A = 'a'.repeat(32);
const B = '0123456789abcdef0123456789abcdef';

/** localStorage's part the colours use, in memory. */
function memoryStorage(initial: Record<string, string> = {}) {
	const items = new Map(Object.entries(initial));
	return {
		items,
		getItem: (k: string) => items.get(k) ?? null,
		setItem: (k: string, v: string) => void items.set(k, v),
		removeItem: (k: string) => void items.delete(k)
	};
}

describe('run colours', () => {
	it('gives a run the same default colour whatever view it is in, from the palette', () => {
		expect(defaultRunColor(A)).toBe(defaultRunColor(A));
		expect(PALETTE).toContain(defaultRunColor(A));
		// Ids spread over the palette rather than landing on one colour.
		const ids = Array.from({ length: 200 }, (_, i) => i.toString(16).padStart(32, '0'));
		expect(new Set(ids.map(defaultRunColor)).size).toBeGreaterThan(PALETTE.length / 2);
	});

	it('accepts only #rrggbb colours', () => {
		expect(checkColor('#A1B2C3')).toBe('#a1b2c3');
		for (const bad of ['red', '#abc', 'rgb(1,2,3)', '#12345g', '#1234567', 'url(x)', '";alert(1)//', 7, null])
			expect(checkColor(bad)).toBeNull();
	});

	it('reads stored colours defensively: malformed text, bad colours and odd keys are dropped', () => {
		expect(parseChosenColors(null).size).toBe(0);
		expect(parseChosenColors('{not json').size).toBe(0);
		expect(parseChosenColors('[1,2]').size).toBe(0);
		const parsed = parseChosenColors(
			JSON.stringify({
				[A]: '#FF0000',
				[B]: 'red;background:url(//x)',
				'<img src=x onerror=alert(1)>': '#00ff00'
			})
		);
		expect([...parsed]).toEqual([[A, '#ff0000']]);
	});

	it('keeps only the newest choices when there are too many', () => {
		const many = new Map(
			Array.from({ length: MAX_CHOSEN_COLORS + 5 }, (_, i) => [`run${i}`, '#123456'] as const)
		);
		const back = parseChosenColors(serializeChosenColors(many));
		expect(back.size).toBe(MAX_CHOSEN_COLORS);
		expect(back.has('run0')).toBe(false);
		expect(back.has(`run${MAX_CHOSEN_COLORS + 4}`)).toBe(true);
	});

	it('a chosen colour overrides the default, is stored, and survives a reload; null goes back', () => {
		const storage = memoryStorage();
		const colors = new RunColors(storage);
		expect(colors.of(A)).toBe(defaultRunColor(A));
		colors.set(A, '#00AA11');
		expect(colors.of(A)).toBe('#00aa11');
		expect(colors.isChosen(A)).toBe(true);
		expect(colors.of(B)).toBe(defaultRunColor(B));
		expect(new RunColors(storage).of(A)).toBe('#00aa11');
		colors.set(A, null);
		expect(colors.of(A)).toBe(defaultRunColor(A));
		expect(storage.items.has(RUN_COLORS_KEY)).toBe(false);
	});

	it('refuses a colour that is not #rrggbb, and reloads what another tab stored', () => {
		const storage = memoryStorage();
		const colors = new RunColors(storage);
		expect(() => colors.set(A, 'javascript:alert(1)')).toThrow(/#rrggbb/);
		storage.setItem(RUN_COLORS_KEY, JSON.stringify({ [B]: '#abcdef' }));
		expect(colors.of(B)).toBe(defaultRunColor(B));
		colors.reload();
		expect(colors.of(B)).toBe('#abcdef');
	});

	it('works without storage (refused or absent)', () => {
		const throwing = {
			getItem: () => {
				throw new Error('denied');
			},
			setItem: () => {
				throw new Error('denied');
			},
			removeItem: () => undefined
		};
		const colors = new RunColors(throwing);
		colors.set(A, '#010203');
		expect(colors.of(A)).toBe('#010203');
		expect(new RunColors(null).of(A)).toBe(defaultRunColor(A));
	});
});

it("the palette is d3's Tableau10 and eight more, written out", async () => {
	const { schemeTableau10 } = await import('d3');
	expect(PALETTE.slice(0, 10)).toEqual(schemeTableau10);
	expect(PALETTE).toHaveLength(18);
});
