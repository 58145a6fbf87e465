// The pixel rasteriser of dense charts: lit pixels follow the segments, stay connected, are clipped to the plot.
import { describe, expect, test } from 'vitest';
import { packColor, rasterLines, type PixelTarget } from '$lib/charts/line/raster';

const COLOR = 0x12345678;

function target(width: number, height: number): PixelTarget {
	return { pixels: new Uint32Array(width * height), width, height };
}

function lit(t: PixelTarget): [number, number][] {
	const out: [number, number][] = [];
	t.pixels.forEach((p, i) => {
		if (p) out.push([i % t.width, Math.floor(i / t.width)]);
	});
	return out;
}

/** A deterministic pseudo-random generator (xorshift), so a failure can be replayed. */
function random(seed: number): () => number {
	let s = seed;
	return () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return (s >>> 0) / 2 ** 32;
	};
}

describe('rasterLines', () => {
	test('a horizontal and a vertical segment light exactly their pixels', () => {
		const t = target(10, 6);
		rasterLines(t, [new Float64Array([0.5, 2.5, 9.5, 2.5])], COLOR);
		rasterLines(t, [new Float64Array([4.2, 0.1, 4.7, 5.9])], COLOR);
		const expected = new Set([
			...Array.from({ length: 10 }, (_, x) => `${x},2`),
			...Array.from({ length: 6 }, (_, y) => `4,${y}`)
		]);
		expect(new Set(lit(t).map(([x, y]) => `${x},${y}`))).toEqual(expected);
		expect(t.pixels[2 * 10 + 3]).toBe(COLOR);
	});

	test('random polylines: both ends lit, the path 8-connected, nothing outside the segments', () => {
		const next = random(7);
		for (let round = 0; round < 300; round++) {
			const t = target(40, 30);
			const ax = next() * 40;
			const ay = next() * 30;
			const bx = next() * 40;
			const by = next() * 30;
			rasterLines(t, [new Float64Array([ax, ay, bx, by])], COLOR);
			const pixels = lit(t);
			const has = (x: number, y: number) => t.pixels[y * 40 + x] === COLOR;
			expect(has(Math.floor(ax), Math.floor(ay))).toBe(true);
			expect(has(Math.floor(bx), Math.floor(by))).toBe(true);
			for (const [x, y] of pixels) {
				// Every lit pixel is within one pixel of the segment's line.
				const distance =
					Math.abs((by - ay) * (x + 0.5 - ax) - (bx - ax) * (y + 0.5 - ay)) / Math.hypot(bx - ax, by - ay);
				expect(distance).toBeLessThan(1.5);
				// Connected: a lit neighbour unless it is the only pixel.
				if (pixels.length > 1) {
					const neighbours = pixels.filter(([u, v]) => Math.max(Math.abs(u - x), Math.abs(v - y)) === 1);
					expect(neighbours.length).toBeGreaterThan(0);
				}
			}
		}
	});

	test('a polyline lights the same pixels as its segments drawn one by one (M4-like columns, some off the plot)', () => {
		const next = random(11);
		for (let round = 0; round < 100; round++) {
			const points: number[] = [];
			for (let c = -3; c < 33; c++) {
				// Four points per column, sometimes above or below the plot.
				for (let k = 0; k < 4; k++) points.push(c + next() * 0.99, next() * 40 - 5);
			}
			const whole = target(30, 30);
			rasterLines(whole, [new Float64Array(points)], COLOR);
			const pieces = target(30, 30);
			for (let i = 2; i < points.length; i += 2) {
				rasterLines(pieces, [new Float64Array(points.slice(i - 2, i + 2))], COLOR);
			}
			expect(lit(whole)).toEqual(lit(pieces));
			expect(lit(whole).length).toBeGreaterThan(30);
		}
	});

	test('segments far outside are clipped to the plot; non-finite ones draw nothing', () => {
		const t = target(100, 100);
		rasterLines(t, [new Float64Array([-1e9, -1e9, 1e9, 1e9])], COLOR);
		const pixels = lit(t);
		expect(pixels.length).toBe(100);
		expect(pixels.every(([x, y]) => x === y)).toBe(true);
		const u = target(20, 20);
		rasterLines(u, [new Float64Array([-50, -5, 70, -1])], COLOR); // wholly above
		rasterLines(u, [new Float64Array([5, Infinity, 6, 3]), new Float64Array([NaN, 1, 2, 2])], COLOR);
		expect(lit(u)).toEqual([]);
	});

	test('device pixel ratio scales coordinates; a lone point is left to the caller', () => {
		const t = target(20, 10);
		rasterLines(t, [new Float64Array([1.25, 1.25, 8.75, 1.25]), new Float64Array([3, 3])], COLOR, 2);
		const pixels = lit(t);
		expect(pixels.every(([, y]) => y === 2)).toBe(true);
		expect(pixels.map(([x]) => x)).toEqual(Array.from({ length: 16 }, (_, i) => i + 2));
	});
});

describe('packColor', () => {
	test('hex and rgb() colours pack to RGBA bytes; anything else is refused', () => {
		const bytes = (v: number) => [...new Uint8Array(new Uint32Array([v]).buffer)];
		expect(bytes(packColor('#1f77b4') as number)).toEqual([0x1f, 0x77, 0xb4, 255]);
		expect(bytes(packColor('rgb(1, 2, 3)') as number)).toEqual([1, 2, 3, 255]);
		expect(packColor('rgba(1, 2, 3, 0.5)')).toBeUndefined();
		expect(packColor('hsl(10, 50%, 50%)')).toBeUndefined();
		expect(packColor('#abc')).toBeUndefined();
	});
});
