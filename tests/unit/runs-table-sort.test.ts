// sortRunPks's stable passes against a plain comparator sort: the first key decides, later keys break its ties,
// NaN after values and missing last in either direction, ties in the base order.
import { describe, expect, it } from 'vitest';
import { sortRunPks, type SortKey } from '../../workers/db/runs-table-sort';
import { Prng } from '../reliability/prng';

/** The rule written out plainly: present values (flipped when descending), then NaN (-1), then missing (0). */
function reference(base: Int32Array, keys: SortKey[]): number[] {
	const place = (key: SortKey, pk: number) => {
		const r = key.ranks[pk] ?? 0;
		if (r > 0) return key.descending ? -r : r;
		return r === -1 ? Number.MAX_SAFE_INTEGER - 1 : Number.MAX_SAFE_INTEGER;
	};
	return [...base]
		.map((pk, position) => ({ pk, position }))
		.sort((a, b) => {
			for (const key of keys) {
				const d = place(key, a.pk) - place(key, b.pk);
				if (d !== 0) return d;
			}
			return a.position - b.position;
		})
		.map((x) => x.pk);
}

function randomKey(random: () => number, size: number, distinct: number, descending: boolean): SortKey {
	const ranks = new Int32Array(size);
	for (let pk = 0; pk < size; pk++) {
		const roll = random();
		ranks[pk] = roll < 0.1 ? 0 : roll < 0.15 ? -1 : 1 + Math.floor(random() * distinct);
	}
	return { ranks, max: distinct, descending };
}

describe('sortRunPks', () => {
	it('orders by one, two and three keys as the comparator rule does, ties kept in base order', () => {
		const prng = new Prng(7);
		const random = () => prng.next();
		for (let round = 0; round < 30; round++) {
			const size = 1 + Math.floor(random() * 400);
			const base = Int32Array.from({ length: size }, (_, i) => i).sort(() => random() - 0.5);
			const keys = Array.from({ length: 1 + (round % 3) }, () =>
				randomKey(random, size, 1 + Math.floor(random() * 6), random() < 0.5)
			);
			expect([...sortRunPks(base, keys)]).toEqual(reference(base, keys));
		}
	});

	it('leaves the base order alone without keys', () => {
		const base = Int32Array.from([3, 1, 2]);
		expect(sortRunPks(base, [])).toBe(base);
	});
});
