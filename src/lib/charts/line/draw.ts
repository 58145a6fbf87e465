// Canvas drawing of a chart model's lines (axes and labels are SVG/DOM). Thousands of points per run × 100 runs
// stay fast on a canvas where SVG paths would not.
import type { Marker, Polylines } from './geometry';
import type { ChartModel } from './model';
import { packColor, rasterLines } from './raster';

export const RAW_ALPHA = 0.25;
export const BAND_ALPHA = 0.18;
/** Drawn points above which lines are 1 px wide instead of 1.5 px. A 1-device-pixel stroke takes the
 * rasteriser's hairline path; a wider one is outlined (joins and all) and filled, which for 100 runs × 4,500
 * points measured ≈ 1.4 s per frame on a software canvas against ≈ 75 ms for hairlines. */
export const DENSE_POINTS = 50_000;

/** Resolves once the frame holding the latest canvas drawing has been painted (the raster of a software canvas
 * happens then, not in the drawing calls). A page in the background paints no frames: it gives up after 1 s. */
export function afterPaint(): Promise<void> {
	return new Promise((resolve) => {
		requestAnimationFrame(() => setTimeout(resolve, 0));
		setTimeout(resolve, 1000);
	});
}

function strokeLines(ctx: CanvasRenderingContext2D, lines: ArrayLike<number>[]): void {
	ctx.beginPath();
	for (const line of lines) {
		if (line.length === 2) {
			// A lone point (a one-step metric, or between gaps): a small ring so it is visible.
			ctx.moveTo((line[0] as number) + 2.5, line[1] as number);
			ctx.arc(line[0] as number, line[1] as number, 2.5, 0, 2 * Math.PI);
			continue;
		}
		ctx.moveTo(line[0] as number, line[1] as number);
		for (let i = 2; i < line.length; i += 2) ctx.lineTo(line[i] as number, line[i + 1] as number);
	}
	ctx.stroke();
}

function drawMarkers(ctx: CanvasRenderingContext2D, markers: Marker[]): void {
	ctx.beginPath();
	for (const m of markers) {
		if (m.kind === 'nan') {
			ctx.moveTo(m.x - 3, m.y - 6);
			ctx.lineTo(m.x + 3, m.y);
			ctx.moveTo(m.x + 3, m.y - 6);
			ctx.lineTo(m.x - 3, m.y);
		} else {
			const dir = m.kind === 'inf' ? 1 : -1;
			ctx.moveTo(m.x - 4, m.y + dir * 6);
			ctx.lineTo(m.x, m.y);
			ctx.lineTo(m.x + 4, m.y + dir * 6);
		}
	}
	ctx.stroke();
}

const isDense = (model: ChartModel) => model.series.reduce((n, s) => n + s.points, 0) > DENSE_POINTS;

/** The buffer every series of a dense chart is mapped into in turn (~70 KB for 4,400 points). */
let scratch = new Float64Array(0);

/**
 * Draws every line of a dense chart of plain opaque lines into pixels and puts them on the canvas at once; each
 * series is mapped into one reused buffer and drawn at once (no polylines kept: ~7 MB fewer for 100 runs of
 * 4,400 points). Returns, per series, what the caller draws on top — lone points and markers — or undefined (nothing
 * drawn) when the chart is anything else: the caller strokes it.
 */
function rasterDense(
	ctx: CanvasRenderingContext2D,
	model: ChartModel,
	ratio: number,
	highlight?: string
): Polylines[] | undefined {
	if (!isDense(model) || highlight !== undefined || model.series.some((s) => s.raw || s.band))
		return undefined;
	const colors = model.series.map((s) => packColor(s.color));
	if (colors.some((c) => c === undefined)) return undefined;
	const image = ctx.createImageData(ctx.canvas.width, ctx.canvas.height);
	const target = { pixels: new Uint32Array(image.data.buffer), width: image.width, height: image.height };
	const leftovers = model.series.map((s, i) => {
		if (scratch.length < 2 * s.points) scratch = new Float64Array(2 * s.points);
		const { lines, markers } = s.mapMain(scratch);
		rasterLines(target, lines, colors[i] as number, ratio);
		// Copied: the buffer is reused by the next series.
		return { lines: lines.filter((line) => line.length === 2).map((line) => line.slice()), markers };
	});
	ctx.putImageData(image, 0, 0);
	return leftovers;
}

/** Draws the model; returns how its lines were drawn: into pixels (dense plain lines) or as canvas strokes. */
export function drawModel(
	canvas: HTMLCanvasElement,
	model: ChartModel,
	highlight?: string
): 'pixels' | 'strokes' | undefined {
	const ratio = window.devicePixelRatio || 1;
	const { plot } = model;
	const w = Math.round(plot.width * ratio);
	const h = Math.round(plot.height * ratio);
	if (canvas.width !== w) canvas.width = w;
	if (canvas.height !== h) canvas.height = h;
	const ctx = canvas.getContext('2d');
	if (!ctx) return undefined;
	ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
	ctx.clearRect(0, 0, plot.width, plot.height);
	ctx.lineJoin = 'round';
	const rastered = rasterDense(ctx, model, ratio, highlight);
	const lineWidth = isDense(model) ? 1 : 1.5;
	model.series.forEach((s, i) => {
		const dim = highlight !== undefined && highlight !== s.id;
		ctx.strokeStyle = s.color;
		ctx.fillStyle = s.color;
		if (s.band && s.band.length >= 4) {
			ctx.globalAlpha = BAND_ALPHA * (dim ? 0.4 : 1);
			ctx.beginPath();
			ctx.moveTo(s.band[0] as number, s.band[1] as number);
			for (let i = 2; i < s.band.length; i += 2) ctx.lineTo(s.band[i] as number, s.band[i + 1] as number);
			ctx.closePath();
			ctx.fill();
		}
		ctx.lineWidth = 1;
		if (s.raw) {
			ctx.globalAlpha = RAW_ALPHA * (dim ? 0.4 : 1);
			strokeLines(ctx, s.raw.lines);
		}
		ctx.globalAlpha = dim ? 0.25 : 1;
		ctx.lineWidth = highlight === s.id ? 2.5 : lineWidth;
		// Dense: the lone points and markers left by the pixel drawing.
		const shown = rastered ? (rastered[i] as Polylines) : s.main;
		strokeLines(ctx, shown.lines);
		ctx.lineWidth = 1.5;
		drawMarkers(ctx, shown.markers);
	});
	ctx.globalAlpha = 1;
	return rastered ? 'pixels' : 'strokes';
}
