// The themes' colours (src/app.css) meet WCAG contrast in both themes: text ≥ 4.5:1 on the page's backgrounds,
// the focus ring and chart axes ≥ 3:1 (non-text). And exported line charts take the theme's chart colours.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIGHT_CHART } from '$lib/charts/theme';
import { chartSvg } from '$lib/charts/line/svg';
import { buildModel } from '$lib/charts/line/model';
import { DEFAULT_VIEW } from '$lib/charts/line/types';

const css = readFileSync('src/app.css', 'utf8');

/** The custom properties of the first block whose selector matches. */
function block(selector: string): Record<string, string> {
	const start = css.indexOf(`${selector} {`);
	expect(start, selector).toBeGreaterThanOrEqual(0);
	const body = css.slice(start, css.indexOf('}', start));
	return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]!.trim()]));
}

function luminance(hex: string): number {
	let h = hex.replace('#', '');
	if (h.length === 3) h = [...h].map((c) => c + c).join('');
	const [r, g, b] = [0, 2, 4].map((i) => {
		const c = parseInt(h.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrast = (a: string, b: string) => {
	const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
	return (x! + 0.05) / (y! + 0.05);
};

const themes = { light: block(':root'), dark: block(":root[data-theme='dark']") };

describe.each(Object.entries(themes))('the %s theme', (_name, t) => {
	const backgrounds = [t['--bg']!, t['--bg-soft']!];

	it('has text of 4.5:1 or more on its backgrounds', () => {
		for (const token of ['--fg', '--fg-soft', '--accent', '--danger', '--chart-tick', '--chart-title'])
			for (const bg of backgrounds)
				expect(contrast(t[token]!, bg), `${token} on ${bg}`).toBeGreaterThanOrEqual(4.5);
		expect(contrast(t['--warn-fg']!, t['--warn-bg']!)).toBeGreaterThanOrEqual(4.5);
		expect(contrast(t['--accent-fg']!, t['--accent']!)).toBeGreaterThanOrEqual(4.5);
	});

	it('has a focus ring and chart axes of 3:1 or more', () => {
		for (const bg of backgrounds)
			expect(contrast(t['--focus']!, bg), `focus on ${bg}`).toBeGreaterThanOrEqual(3);
		expect(contrast(t['--chart-axis']!, t['--chart-bg']!)).toBeGreaterThanOrEqual(3);
		expect(t['--chart-bg']).toBe(t['--bg']);
	});
});

describe('chart colours', () => {
	it('the dark theme the system asks for is the same as the one chosen', () => {
		const media = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
		const system = Object.fromEntries(
			[...media.slice(0, media.indexOf('}')).matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [
				m[1],
				m[2]!.trim()
			])
		);
		expect(system).toEqual(themes.dark);
	});

	it('the light export colours are the light theme’s, and an export takes the theme it is given', () => {
		const light = themes.light;
		expect(LIGHT_CHART).toEqual({
			background: light['--chart-bg'],
			grid: light['--chart-grid'],
			axis: light['--chart-axis'],
			tick: light['--chart-tick'],
			title: light['--chart-title']
		});
		const series = {
			id: 'a',
			label: 'run a',
			color: '#1f77b4',
			x: Float64Array.of(0, 1),
			y: Float64Array.of(1, 2),
			total: 2
		};
		const model = buildModel({ series: [series], extent: [0, 1] }, DEFAULT_VIEW, 480, 240, 'loss');
		const dark = themes.dark;
		const svg = chartSvg(model, {
			background: dark['--chart-bg']!,
			grid: dark['--chart-grid']!,
			axis: dark['--chart-axis']!,
			tick: dark['--chart-tick']!,
			title: dark['--chart-title']!
		});
		expect(svg).toContain(`fill="${dark['--chart-bg']}"`);
		expect(svg).toContain(`fill="${dark['--chart-title']}"`);
		expect(svg).not.toContain('#ffffff');
	});
});
