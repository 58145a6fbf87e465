// The chart as a standalone SVG document (for "Export SVG", the PNG export and the golden tests): axes, grid,
// the same polylines the canvas draws, markers and a legend. Pure: model in, text out; every label is escaped.
import { BAND_ALPHA, RAW_ALPHA } from './draw';
import type { Marker } from './geometry';
import type { ChartModel } from './model';
import { LIGHT_CHART, type ChartTheme } from '../theme';

const LEGEND_ROW = 16;
const LEGEND_MAX = 20;

export function escapeXml(text: string): string {
	return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const r = (v: number) => String(Math.round(v * 10) / 10);

function pathOf(lines: ArrayLike<number>[]): string {
	return lines
		.map((line) => {
			// A lone point (one-step metric, or between gaps) is a small ring, as on the canvas.
			if (line.length === 2)
				return `M${r((line[0] as number) - 2.5)},${r(line[1] as number)}a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0`;
			let d = `M${r(line[0] as number)},${r(line[1] as number)}`;
			for (let i = 2; i < line.length; i += 2) d += `L${r(line[i] as number)},${r(line[i + 1] as number)}`;
			return d;
		})
		.join('');
}

function markerPath(markers: Marker[]): string {
	return markers
		.map((m) =>
			m.kind === 'nan'
				? `M${r(m.x - 3)},${r(m.y - 6)}l6,6M${r(m.x + 3)},${r(m.y - 6)}l-6,6`
				: `M${r(m.x - 4)},${r(m.y + (m.kind === 'inf' ? 6 : -6))}L${r(m.x)},${r(m.y)}l4,${m.kind === 'inf' ? 6 : -6}`
		)
		.join('');
}

/** Rows of the exported legend (at most LEGEND_MAX runs, then a summary row). */
function legendRows(model: ChartModel): { color?: string; text: string }[] {
	const rows: { color?: string; text: string }[] = model.series
		.slice(0, LEGEND_MAX)
		.map((s) => ({ color: s.color, text: s.label }));
	if (model.series.length > LEGEND_MAX) rows.push({ text: `… and ${model.series.length - LEGEND_MAX} more` });
	return rows;
}

/** Height of the exported image: the chart plus its legend rows. */
export function exportHeight(model: ChartModel): number {
	return model.height + legendRows(model).length * LEGEND_ROW + 8;
}

/** `theme`: the frame's colours (the light theme unless the person exports the theme they see). */
export function chartSvg(model: ChartModel, theme: ChartTheme = LIGHT_CHART): string {
	const c = (v: string) => escapeXml(v);
	const { plot, scales } = model;
	const rows = legendRows(model);
	const height = exportHeight(model);
	const out: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${model.width}" height="${height}" viewBox="0 0 ${model.width} ${height}" font-family="sans-serif" font-size="11">`,
		`<rect width="100%" height="100%" fill="${c(theme.background)}"/>`,
		`<title>${escapeXml(model.title)}</title>`,
		`<g transform="translate(${plot.left},${plot.top})">`
	];
	for (const t of scales.yTicks) {
		out.push(
			`<line x1="0" x2="${r(plot.width)}" y1="${r(t.pos)}" y2="${r(t.pos)}" stroke="${c(theme.grid)}"/>`
		);
		out.push(
			`<text x="-6" y="${r(t.pos)}" text-anchor="end" dominant-baseline="middle" fill="${c(theme.tick)}">${escapeXml(t.label)}</text>`
		);
	}
	for (const t of scales.xTicks) {
		out.push(
			`<line x1="${r(t.pos)}" x2="${r(t.pos)}" y1="${r(plot.height)}" y2="${r(plot.height + 5)}" stroke="${c(theme.axis)}"/>`
		);
		out.push(
			`<text x="${r(t.pos)}" y="${r(plot.height + 17)}" text-anchor="middle" fill="${c(theme.tick)}">${escapeXml(t.label)}</text>`
		);
	}
	out.push(
		`<rect width="${r(plot.width)}" height="${r(plot.height)}" fill="none" stroke="${c(theme.axis)}"/>`
	);
	for (const s of model.series) {
		const color = escapeXml(s.color);
		if (s.band && s.band.length >= 4) {
			const pts = [];
			for (let i = 0; i < s.band.length; i += 2)
				pts.push(`${r(s.band[i] as number)},${r(s.band[i + 1] as number)}`);
			out.push(`<polygon points="${pts.join(' ')}" fill="${color}" fill-opacity="${BAND_ALPHA}"/>`);
		}
		if (s.raw?.lines.length)
			out.push(
				`<path d="${pathOf(s.raw.lines)}" fill="none" stroke="${color}" stroke-opacity="${RAW_ALPHA}"/>`
			);
		if (s.main.lines.length)
			out.push(
				`<path d="${pathOf(s.main.lines)}" fill="none" stroke="${color}" stroke-width="1.5" data-run="${escapeXml(s.id)}"/>`
			);
		if (s.main.markers.length)
			out.push(`<path d="${markerPath(s.main.markers)}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
	}
	out.push(`</g>`);
	out.push(
		`<text x="${r(plot.left + plot.width / 2)}" y="${r(model.height - 4)}" text-anchor="middle" fill="${c(theme.title)}">${escapeXml(model.xTitle)}</text>`
	);
	out.push(
		`<text transform="translate(12,${r(plot.top + plot.height / 2)}) rotate(-90)" text-anchor="middle" fill="${c(theme.title)}">${escapeXml(model.title)}</text>`
	);
	rows.forEach((row, i) => {
		const y = model.height + 4 + i * LEGEND_ROW;
		if (row.color)
			out.push(`<rect x="${plot.left}" y="${y + 3}" width="10" height="10" fill="${escapeXml(row.color)}"/>`);
		out.push(
			`<text x="${plot.left + 16}" y="${y + 12}" fill="${c(theme.title)}">${escapeXml(row.text)}</text>`
		);
	});
	out.push(`</svg>`);
	return out.join('\n');
}
