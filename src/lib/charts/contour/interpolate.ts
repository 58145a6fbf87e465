// z over an (x, y) plane from scattered runs: inverse-distance weighting on a grid in normalised coordinates,
// then d3-contour isobands. Runs rarely lie on a grid (random or hand-picked hyperparameters), so density or
// plain gridding would not do.
import { contours, extent, type ContourMultiPolygon } from 'd3';

export interface ContourInput {
	x: number;
	y: number;
	z: number;
}

export interface ContourResult {
	bands: ContourMultiPolygon[];
	/** Grid size the band coordinates are in. */
	cols: number;
	rows: number;
	zMin: number;
	zMax: number;
}

/** Isobands of z; null when fewer than 3 points or no spread in x, y or the data. */
export function contourBands(points: ContourInput[], cols = 48, rows = 32, levels = 8): ContourResult | null {
	const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.z));
	if (finite.length < 3) return null;
	const [x0, x1] = extent(finite, (p) => p.x) as [number, number];
	const [y0, y1] = extent(finite, (p) => p.y) as [number, number];
	const [zMin, zMax] = extent(finite, (p) => p.z) as [number, number];
	if (x0 === x1 || y0 === y1) return null;
	const nx = finite.map((p) => (p.x - x0) / (x1 - x0));
	const ny = finite.map((p) => (p.y - y0) / (y1 - y0));
	const grid = new Float64Array(cols * rows);
	for (let r = 0; r < rows; r++) {
		// Row 0 is the top of the plot: the largest y.
		const gy = 1 - (r + 0.5) / rows;
		for (let c = 0; c < cols; c++) {
			const gx = (c + 0.5) / cols;
			let num = 0;
			let den = 0;
			let exact: number | null = null;
			for (let i = 0; i < finite.length; i++) {
				const d2 = (nx[i]! - gx) ** 2 + (ny[i]! - gy) ** 2;
				if (d2 < 1e-12) {
					exact = finite[i]!.z;
					break;
				}
				const w = 1 / (d2 * d2);
				num += w * finite[i]!.z;
				den += w;
			}
			grid[r * cols + c] = exact ?? num / den;
		}
	}
	const step = zMax === zMin ? 1 : (zMax - zMin) / levels;
	const thresholds = Array.from({ length: levels }, (_, i) => zMin + i * step);
	const bands = contours().size([cols, rows]).thresholds(thresholds)(Array.from(grid));
	return { bands, cols, rows, zMin, zMax };
}
