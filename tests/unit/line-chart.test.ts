// The line chart's pure parts: the exported SVG on fixed data against committed goldens (UPDATE_GOLDENS=1 rewrites
// them), and the geometry, hover, aggregate and grouping rules the components rely on.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateGroups } from '$lib/charts/line/aggregate';
import type { ChartData, DrawnSeries } from '$lib/charts/line/data';
import { hoverRows, nearestIndex } from '$lib/charts/line/hover';
import { buildModel } from '$lib/charts/line/model';
import { relativeUnit, yDomain } from '$lib/charts/line/scales';
import { chartSvg } from '$lib/charts/line/svg';
import { DEFAULT_VIEW, type LineChartView } from '$lib/charts/line/types';
import { filterKeys, groupKeys } from '$lib/components/run/metric-groups';
import { smoothEma } from '../../workers/db/charts/downsample';

const GOLDENS = join(import.meta.dirname, '..', 'goldens');

/** Deterministic: a decaying curve with a NaN gap, an Infinity, and a spike. */
function series(
	id: string,
	color: string,
	scale: number,
	n = 120,
	options: { smooth?: number } = {}
): DrawnSeries {
	const x = Float64Array.from({ length: n }, (_, i) => i * 10);
	const y = Float64Array.from(x, (_, i) => scale * Math.exp(-i / 40) + 0.05 * Math.sin(i));
	if (id === 'a') {
		y[30] = NaN;
		y[31] = NaN;
		y[60] = Infinity;
		y[90] = 3 * scale;
	}
	const s: DrawnSeries = { id, label: `run <${id}> & "co"`, color, x, y, total: n };
	if (options.smooth) s.smoothed = smoothEma(y, options.smooth);
	return s;
}

function golden(name: string, view: Partial<LineChartView>, data: ChartData, title = 'train/loss'): void {
	const svg = chartSvg(buildModel(data, { ...DEFAULT_VIEW, ...view }, 480, 240, title)) + '\n';
	const file = join(GOLDENS, `${name}.svg`);
	if (process.env.UPDATE_GOLDENS === '1' || !existsSync(file)) {
		mkdirSync(GOLDENS, { recursive: true });
		writeFileSync(file, svg);
		if (process.env.UPDATE_GOLDENS !== '1')
			throw new Error(`Golden ${name}.svg was missing: written, check it in.`);
	}
	expect(svg).toBe(readFileSync(file, 'utf8'));
}

const extent = (s: DrawnSeries[]): [number, number] => [
	Math.min(...s.map((d) => d.x[0]!)),
	Math.max(...s.map((d) => d.x[d.x.length - 1]!))
];

describe('line chart goldens (exported SVG)', () => {
	it('two runs: a NaN gap with markers, +Infinity marker, a spike inside the y-domain', () => {
		const s = [series('a', '#4e79a7', 1), series('b', '#f28e2c', 2)];
		golden('line-basic', {}, { series: s, extent: extent(s) });
	});

	it('smoothing with the raw line faint behind, log y, zoomed x-range', () => {
		const s = [series('a', '#4e79a7', 1, 120, { smooth: 0.6 })];
		golden(
			'line-smooth-log-zoom',
			{ yScale: 'log', smoothing: 0.6, xRange: [200, 900] },
			{ series: s, extent: extent(s) }
		);
	});

	it('ignore outliers clips the spike; relative time in hours', () => {
		const s = [series('a', '#4e79a7', 1)].map((d) => ({ ...d, x: d.x.map((v) => v * 3_600_00) }));
		golden(
			'line-outliers-relative',
			{ ignoreOutliers: true, xAxis: { kind: 'relative' } },
			{ series: s, extent: extent(s) }
		);
	});

	it('grouped runs as a mean line with a min–max band', () => {
		const runs = [1, 1.2, 1.4].map((k, i) => series(`r${i}`, '#59a14f', k));
		const inputs = runs.map((r) => ({ runId: r.id, label: r.label, color: r.color, group: 'lr=0.1' }));
		const groups = aggregateGroups(runs, inputs, 'minmax', [0, 1190], 60);
		golden('line-group-band', { aggregate: 'minmax' }, { series: groups, extent: [0, 1190] });
	});

	it('escapes untrusted labels and titles', () => {
		const s = [series('a', '#4e79a7', 1)];
		const svg = chartSvg(
			buildModel({ series: s, extent: extent(s) }, DEFAULT_VIEW, 300, 200, '<script>x</script>')
		);
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&#60;script&#62;');
		expect(svg).toContain('run &#60;a&#62; &#38; &#34;co&#34;');
	});
});

describe('chart rules', () => {
	it('breaks lines at non-finite values and never draws them as zeros', () => {
		const s = series('a', '#000', 1);
		const model = buildModel({ series: [s], extent: extent([s]) }, DEFAULT_VIEW, 480, 240, 'm');
		const { lines, markers } = model.series[0]!.main;
		expect(lines.length).toBe(3); // split at 30–31 and at 60
		expect(markers.map((m) => m.kind)).toEqual(['nan', 'nan', 'inf']);
		// No line vertex at the x of a non-finite value.
		const gapXs = [300, 310, 600].map((x) => Math.round(model.scales.x(x) * 10));
		const vertexXs = new Set(
			lines.flatMap((l) =>
				Array.from(l)
					.filter((_, i) => i % 2 === 0)
					.map((v) => Math.round(v * 10))
			)
		);
		for (const gx of gapXs) expect(vertexXs.has(gx)).toBe(false);
	});

	it('draws a one-step metric logged twice (one pixel) as a lone point, so it stays visible', () => {
		const s = series('a', '#000', 1);
		const twice: DrawnSeries = { ...s, x: Float64Array.of(0, 0), y: Float64Array.of(5, 5) };
		const other: DrawnSeries = { ...s, id: 'b', x: Float64Array.of(0, 1), y: Float64Array.of(1, 9) };
		const data = { series: [twice, other], extent: [0, 1] as [number, number] };
		const model = buildModel(data, DEFAULT_VIEW, 480, 240, 'm');
		expect(model.series[0]!.main.lines.map((l) => l.length)).toEqual([2]);
		expect(model.series[1]!.main.lines.map((l) => l.length)).toEqual([4]);
		expect(chartSvg(model)).toContain('a2.5,2.5');
		// Three points within the pixel collapse too; a line that leaves it only at its last point does not.
		const thrice: DrawnSeries = { ...s, x: Float64Array.of(0, 0, 0), y: Float64Array.of(5, 5.001, 5) };
		const late: DrawnSeries = {
			...s,
			id: 'c',
			x: Float64Array.of(0, 0, 0, 1),
			y: Float64Array.of(5, 5, 5, 9)
		};
		const more = buildModel({ series: [thrice, late, other], extent: [0, 1] }, DEFAULT_VIEW, 480, 240, 'm');
		expect(more.series.map((m) => m.main.lines.map((l) => l.length))).toEqual([[2], [8], [4]]);
	});

	it('clips the y-domain to percentiles only when asked, and pads a constant series', () => {
		const s = series('a', '#000', 1);
		const data = { series: [s], extent: extent([s]) };
		expect(yDomain(data, DEFAULT_VIEW, [0, 1190])[1]).toBeGreaterThanOrEqual(3);
		expect(yDomain(data, { ...DEFAULT_VIEW, ignoreOutliers: true }, [0, 1190])[1]).toBeLessThan(3);
		const flat: DrawnSeries = { ...s, y: new Float64Array(s.x.length).fill(7) };
		const [lo, hi] = yDomain({ series: [flat], extent: [0, 1190] }, DEFAULT_VIEW, [0, 1190]);
		expect(lo).toBeLessThan(7);
		expect(hi).toBeGreaterThan(7);
	});

	it('switches relative time units with the span', () => {
		expect(relativeUnit(30_000)[0]).toBe('s');
		expect(relativeUnit(30 * 60_000)[0]).toBe('min');
		expect(relativeUnit(10 * 3_600_000)[0]).toBe('h');
		expect(relativeUnit(9 * 86_400_000)[0]).toBe('d');
	});

	it('reads every series at the hovered x, largest first, skipping runs that ended before it', () => {
		expect(nearestIndex(Float64Array.from([0, 10, 20]), 14)).toBe(1);
		expect(nearestIndex(Float64Array.from([0, 10, 20]), 16)).toBe(2);
		const a = series('a', '#000', 1, 10);
		const b = series('b', '#111', 2, 10);
		const short = series('c', '#222', 5, 3);
		const rows = hoverRows([a, b, short], 80, 1);
		expect(rows.map((r) => r.id)).toEqual(['b', 'a']);
		expect(rows[0]!.value).toBe(b.y[8]);
	});

	it('aggregates a group as mean with min–max and ±std bands', () => {
		const mk = (id: string, v: number): DrawnSeries => ({
			id,
			label: id,
			color: '#000',
			x: Float64Array.from([0, 1, 2, 3]),
			y: new Float64Array(4).fill(v),
			total: 4
		});
		const runs = [mk('a', 1), mk('b', 3)];
		const inputs = runs.map((r) => ({ runId: r.id, label: r.id, color: '#000', group: 'g' }));
		const [minmax] = aggregateGroups(runs, inputs, 'minmax', [0, 3], 4);
		expect(Array.from(minmax!.y)).toEqual([2, 2, 2, 2]);
		expect(Array.from(minmax!.band!.lo)).toEqual([1, 1, 1, 1]);
		expect(Array.from(minmax!.band!.hi)).toEqual([3, 3, 3, 3]);
		const [std] = aggregateGroups(runs, inputs, 'std', [0, 3], 4);
		expect(Array.from(std!.band!.hi)).toEqual([3, 3, 3, 3]); // mean 2 ± std 1
		expect(std!.label).toBe('g (2 runs)');
	});

	it('groups metric keys by prefix and filters by every word', () => {
		const keys = ['val/acc', 'loss', 'train/loss', 'system/cpu', 'train/acc', 'lr'];
		expect(groupKeys(keys).map((g) => [g.name, g.keys])).toEqual([
			['', ['loss', 'lr']],
			['system', ['system/cpu']],
			['train', ['train/acc', 'train/loss']],
			['val', ['val/acc']]
		]);
		expect(filterKeys(keys, 'TRAIN loss')).toEqual(['train/loss']);
		expect(filterKeys(keys, '  ')).toBe(keys);
	});
});
