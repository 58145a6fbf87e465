// The incremental SHA-256 that checks bundle parts equals Node's, however the bytes are split into updates.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { Sha256, sha256, toHex } from '$lib/importers/sha256';
import { Prng } from '../reliability/prng';

it('gives the same hash as Node for any split of the input', () => {
	const prng = new Prng(7);
	for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 128, 1000, 70_000]) {
		const data = new Uint8Array(length).map(() => prng.int(256));
		const expected = createHash('sha256').update(data).digest('hex');
		expect(toHex(sha256(data))).toBe(expected);
		const hash = new Sha256();
		for (let at = 0; at < length;) {
			const step = 1 + prng.int(150);
			hash.update(data.subarray(at, at + step));
			at += step;
		}
		expect(toHex(hash.digest()), `${length} bytes`).toBe(expected);
	}
});
