// The fast fingerprint behind import digests (workers/db/import/fingerprint.ts): the same bytes give the same value
// however they are chunked or aligned, and any change of a byte, of the length or of the order gives another.
import { describe, expect, it } from 'vitest';
import { Fingerprint } from '../../workers/import/fingerprint';

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17) & 0xff);
const of = (...chunks: Uint8Array[]) => {
	const f = new Fingerprint();
	for (const c of chunks) f.update(c);
	return f.hex();
};

describe('Fingerprint', () => {
	const data = bytes(1031);

	it('is 16 hex characters and the same for the same bytes', () => {
		expect(of(data)).toMatch(/^[0-9a-f]{16}$/);
		expect(of(data)).toBe(of(bytes(1031)));
	});

	it('does not depend on how the bytes are chunked or aligned', () => {
		const whole = of(data);
		for (const cuts of [[1], [3, 5], [4, 8, 1000], [7, 7, 7, 7], [1030]]) {
			const chunks: Uint8Array[] = [];
			let at = 0;
			for (const cut of cuts) {
				chunks.push(data.subarray(at, at + cut));
				at += cut;
			}
			chunks.push(data.subarray(at));
			expect(of(...chunks), `cuts ${cuts}`).toBe(whole);
		}
		// A view that starts at an odd offset of its buffer.
		const shifted = new Uint8Array(data.length + 1);
		shifted.set(data, 1);
		expect(of(shifted.subarray(1))).toBe(whole);
	});

	it('changes with any flipped bit, the length, or swapped words', () => {
		const whole = of(data);
		const seen = new Set([whole]);
		for (const index of [0, 1, 2, 3, 4, 511, 1027, 1030]) {
			for (const bit of [0, 7]) {
				const changed = data.slice();
				changed[index]! ^= 1 << bit;
				seen.add(of(changed));
			}
		}
		expect(seen.size).toBe(17);
		expect(of(data, new Uint8Array(1))).not.toBe(whole); // a trailing zero byte
		expect(of(new Uint8Array(4))).not.toBe(of(new Uint8Array(8)));
		expect(of(new Uint8Array(0))).not.toBe(of(new Uint8Array(1)));
		const swapped = data.slice();
		swapped.set(data.subarray(0, 4), 4);
		swapped.set(data.subarray(4, 8), 0);
		expect(of(swapped)).not.toBe(whole);
	});

	it('tells NaN, −0 and 0 apart when given float bytes', () => {
		const f = (x: number) => new Uint8Array(Float64Array.of(x).buffer);
		expect(new Set([of(f(0)), of(f(-0)), of(f(NaN)), of(f(Infinity))]).size).toBe(4);
	});
});
