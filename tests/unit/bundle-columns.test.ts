// The metric part of a bundle keeps every float64 bit for bit (NaN with its payload, ±Infinity, −0), and refuses
// a part whose length or key indexes disagree with its header.
import { describe, expect, it } from 'vitest';
import { decodeMetrics, encodeMetrics, readMetricCount } from '$lib/importers/bundle/columns';
import { Prng } from '../reliability/prng';

const bits = (a: Float64Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

describe('bundle metric columns', () => {
	it('round-trips every bit of random and special values', () => {
		const prng = new Prng(11);
		const n = 5000;
		const payloadNaN = new Float64Array(new BigUint64Array([0x7ff8_0000_dead_beefn]).buffer)[0] as number;
		const special = [NaN, payloadNaN, Infinity, -Infinity, -0, 0, 5e-324, Number.MAX_VALUE];
		const metrics = {
			keys: ['loss', 'λ/acc', '🙂'],
			keyIndex: new Uint32Array(n).map(() => prng.int(3)),
			values: new Float64Array(n).map(() =>
				prng.chance(0.3) ? prng.pick(special) : prng.next() * 1e6 - 5e5
			),
			steps: new Float64Array(n).map((_, i) => i - 1),
			timestamps: new Float64Array(n).map((_, i) => 1.7e12 + i * 37)
		};
		const bytes = encodeMetrics(metrics);
		expect(readMetricCount(bytes)).toBe(n);
		const back = decodeMetrics(bytes);
		expect(back.keys).toEqual(metrics.keys);
		expect(Array.from(back.keyIndex)).toEqual(Array.from(metrics.keyIndex));
		for (const column of ['values', 'steps', 'timestamps'] as const)
			expect(bits(back[column]), column).toEqual(bits(metrics[column]));
		// The input really holds the special values whose bits were compared.
		expect(Array.from(metrics.values).some((v) => Object.is(v, -0))).toBe(true);
		expect(Array.from(metrics.values).filter((v) => v === Infinity).length).toBeGreaterThan(0);
	});

	it('is little-endian with a readable header', () => {
		const bytes = encodeMetrics({
			keys: ['m'],
			keyIndex: new Uint32Array([0]),
			values: new Float64Array([1]),
			steps: new Float64Array([0]),
			timestamps: new Float64Array([0])
		});
		expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RBM1');
		expect(Array.from(bytes.subarray(4, 8))).toEqual([1, 0, 0, 0]);
		expect(new TextDecoder().decode(bytes.subarray(16, 21))).toBe('["m"]');
		// One value 1.0 = 0x3ff0000000000000: shuffled planes of one value are its bytes, low byte first.
		expect(Array.from(bytes.subarray(bytes.length - 8))).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
	});

	it('refuses a truncated part and a key index past the key list', () => {
		const good = encodeMetrics({
			keys: ['m'],
			keyIndex: new Uint32Array([0, 0]),
			values: new Float64Array([1, 2]),
			steps: new Float64Array([0, 1]),
			timestamps: new Float64Array([0, 1])
		});
		expect(() => decodeMetrics(good.subarray(0, good.length - 1))).toThrow(/not the \d+ its header says/);
		expect(() => readMetricCount(good.subarray(0, 10))).toThrow(/16-byte header/);
		const bad = good.slice();
		bad[21] = 5; // the first plane of the key index column: point 0 now names key 5
		expect(() => decodeMetrics(bad)).toThrow(/names key 5 of 1/);
	});
});
