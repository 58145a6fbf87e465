// The colours of a chart's frame (background, grid, axes, tick labels, titles), from the page's theme. On screen
// they are CSS custom properties (src/app.css: --chart-*), so an SVG drawn in the page follows the theme as it
// changes; an exported chart is a standalone file that cannot see the page's CSS, so export reads the values here.

export interface ChartTheme {
	background: string;
	grid: string;
	axis: string;
	tick: string;
	title: string;
}

/** The light theme's chart colours: what exports always used (so the export goldens stay as they are). */
export const LIGHT_CHART: ChartTheme = {
	background: '#ffffff',
	grid: '#e5e5e5',
	axis: '#888',
	tick: '#555',
	title: '#333'
};

const VARIABLES: Record<keyof ChartTheme, string> = {
	background: '--chart-bg',
	grid: '--chart-grid',
	axis: '--chart-axis',
	tick: '--chart-tick',
	title: '--chart-title'
};

/** Only plain colours leave the page: an exported file must hold nothing but a colour where a colour goes. */
const COLOUR = /^(#[0-9a-f]{3,8}|rgba?\([0-9.,\s%/]+\))$/i;

/** The chart colours the page shows now (outside a browser, the light theme). */
export function pageChartTheme(): ChartTheme {
	if (typeof document === 'undefined') return LIGHT_CHART;
	const style = getComputedStyle(document.documentElement);
	const theme = { ...LIGHT_CHART };
	for (const key of Object.keys(VARIABLES) as (keyof ChartTheme)[]) {
		const value = style.getPropertyValue(VARIABLES[key]).trim();
		if (COLOUR.test(value)) theme[key] = value;
	}
	return theme;
}

/** Whether the page shows a dark theme now: its chart background is darker than mid-grey. */
export function pageIsDark(): boolean {
	const hex = pageChartTheme().background.replace('#', '');
	if (!/^[0-9a-f]{6}$/i.test(hex)) return false;
	const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 128;
}
