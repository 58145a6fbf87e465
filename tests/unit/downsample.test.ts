import { describe, expect, it } from 'vitest';
import { downsampleM4, smoothEma, type Series } from '../../workers/db/charts/downsample';

/** A deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randomSeries(n: number, random: () => number): Series {
	const x = new Float64Array(n);
	const y = new Float64Array(n);
	let step = 0;
	for (let i = 0; i < n; i++) {
		step += random() < 0.1 ? 0 : 1 + Math.floor(random() * 3); // duplicate steps too
		x[i] = step;
		y[i] = Math.sin(i / 50) + (random() - 0.5) * 0.1;
		if (random() < 0.001) y[i] = (random() < 0.5 ? -1 : 1) * 1e6; // spikes
		if (random() < 0.0005) y[i] = [NaN, Infinity, -Infinity][Math.floor(random() * 3)] as number;
	}
	return { x, y };
}

describe('M4 downsampling', () => {
	it('keeps first, last, min and max of every pixel column (property test over random series with spikes)', () => {
		for (let seed = 1; seed <= 40; seed++) {
			const random = rng(seed);
			const series = randomSeries(2_000 + Math.floor(random() * 50_000), random);
			const width = 50 + Math.floor(random() * 900);
			const out = downsampleM4(series, width);
			const kept = new Set<string>();
			for (let i = 0; i < out.x.length; i++) kept.add(`${out.x[i]}|${out.y[i]}`);
			const lo = series.x[0] as number;
			const span = (series.x[series.x.length - 1] as number) - lo || 1;
			const buckets = new Map<number, number[]>();
			series.x.forEach((xv, i) => {
				const b = Math.min(width - 1, Math.floor(((xv - lo) / span) * width));
				buckets.set(b, [...(buckets.get(b) ?? []), i]);
			});
			for (const indices of buckets.values()) {
				const finite = indices.filter((i) => Number.isFinite(series.y[i]));
				const must = [indices[0]!, indices[indices.length - 1]!];
				if (finite.length) {
					must.push(finite.reduce((a, b) => ((series.y[b] as number) < (series.y[a] as number) ? b : a)));
					must.push(finite.reduce((a, b) => ((series.y[b] as number) > (series.y[a] as number) ? b : a)));
				}
				for (const i of must) expect(kept.has(`${series.x[i]}|${series.y[i]}`)).toBe(true);
				for (const i of indices) {
					if (!Number.isFinite(series.y[i])) {
						expect([...kept].some((k) => k.endsWith(`|${series.y[i]}`))).toBe(true);
					}
				}
			}
			expect(out.x.length).toBeLessThanOrEqual(width * 7);
			for (let i = 1; i < out.x.length; i++) expect(out.x[i]!).toBeGreaterThanOrEqual(out.x[i - 1]!);
		}
	});

	it('keeps exactly the points of a per-point bucket reference (first min and max on ties, first marker of each kind)', () => {
		// The reference assigns each point its column and tracks the kept points plainly: the reduction
		// (which finds whole columns at once) must keep the very same points, in the same order.
		const reference = (series: Series, width: number): number[] => {
			const { x, y } = series;
			const n = x.length;
			if (n <= 4 * width) return Array.from({ length: n }, (_, i) => i);
			const lo = x[0]!;
			const span = x[n - 1]! - lo || 1;
			const columns = new Map<number, number[]>();
			x.forEach((xv, i) => {
				const b = Math.min(width - 1, Math.floor(((xv - lo) / span) * width));
				columns.set(b, [...(columns.get(b) ?? []), i]);
			});
			const kept = new Set<number>();
			for (const indices of columns.values()) {
				kept.add(indices[0]!).add(indices[indices.length - 1]!);
				const finite = indices.filter((i) => Number.isFinite(y[i]));
				if (finite.length) {
					kept.add(finite.reduce((a, b) => (y[b]! < y[a]! ? b : a)));
					kept.add(finite.reduce((a, b) => (y[b]! > y[a]! ? b : a)));
				}
				for (const test of [Number.isNaN, (v: number) => v === Infinity, (v: number) => v === -Infinity]) {
					const first = indices.find((i) => test(y[i]!));
					if (first !== undefined) kept.add(first);
				}
			}
			return [...kept].sort((a, b) => a - b);
		};
		for (let seed = 100; seed <= 130; seed++) {
			const random = rng(seed);
			const series = randomSeries(500 + Math.floor(random() * 20_000), random);
			// Plateaus make ties for the minimum and maximum.
			for (let i = 0; i < series.y.length; i++) if (random() < 0.2) series.y[i] = Math.round(series.y[i]!);
			const width = 1 + Math.floor(random() * 700);
			expect(Array.from(downsampleM4(series, width).index)).toEqual(reference(series, width));
		}
	});

	it('always keeps a one-point spike in a million points', () => {
		const n = 1_000_000;
		const x = Float64Array.from({ length: n }, (_, i) => i);
		const y = new Float64Array(n).fill(1);
		y[654_321] = 1000;
		const out = downsampleM4({ x, y }, 800);
		expect(out.x.length).toBeLessThanOrEqual(3200);
		expect(Array.from(out.y)).toContain(1000);
		expect(out.x[Array.from(out.y).indexOf(1000)]).toBe(654_321);
	});

	it('returns short series and ranges whole, and re-queries a zoomed range at full resolution', () => {
		const x = Float64Array.from({ length: 10_000 }, (_, i) => i);
		const y = Float64Array.from(x, (v) => v * 2);
		expect(downsampleM4({ x: x.slice(0, 100), y: y.slice(0, 100) }, 200).x.length).toBe(100);
		const zoomed = downsampleM4({ x, y }, 500, 1000, 1999);
		expect(Array.from(zoomed.x)).toEqual(Array.from({ length: 1000 }, (_, i) => 1000 + i));
	});
});

describe('EMA smoothing', () => {
	it('equals the debiased reference formula', () => {
		const values = Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6]);
		const w = 0.6;
		const expected: number[] = [];
		let last = 0;
		values.forEach((v, i) => {
			last = last * w + (1 - w) * v;
			expected.push(last / (1 - w ** (i + 1)));
		});
		const got = Array.from(smoothEma(values, w));
		got.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 12));
		expect(got[0]).toBeCloseTo(3, 12); // debiased: the first value is itself
	});

	it('is the identity at weight 0 and passes non-finite values through without poisoning the average', () => {
		expect(Array.from(smoothEma(Float64Array.from([1, 2, 3]), 0))).toEqual([1, 2, 3]);
		const out = smoothEma(Float64Array.from([1, NaN, 1, Infinity, 1]), 0.9);
		expect(Number.isNaN(out[1])).toBe(true);
		expect(out[3]).toBe(Infinity);
		expect(out[4]).toBeCloseTo(1, 12);
	});
});
