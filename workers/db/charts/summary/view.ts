// What series.ts asks of the summaries: a reduced view of one long series on the step axis (or, zoomed deep,
// the points of the range), and the rebuild of a summary after a full read of a series whose summary went stale.
import type { SeriesOptions } from '$lib/api/db-api';
import { cachedOne, metricValue, transaction, type Conn } from '../../sql';
import { isStorageFailure } from '../../storage-errors';
import { cachedById, keepCacheAfterOwnWrite, readColumns, remember, type FullSeries } from '../series-read';
import { SUMMARY_MIN_POINTS } from './blocks';
import { dropSummary, writeSummary } from './maintain';
import { PAGE_POINTS, readPages, type Neighbours } from './pages';
import { PointColumns } from './point-columns';
import { readTop } from './block-cache';
import { DEEP_ZOOM_POINTS_PER_COLUMN, combineRange } from './read';
import { SUMMARY_STALE, SUMMARY_VALID } from './store';

export interface SeriesInfo {
	points: number;
	summary: number;
}

export function seriesInfo(conn: Conn, runPk: number, keyId: number): SeriesInfo | undefined {
	return cachedOne<{ points: number; summary: number }>(
		conn.db,
		'SELECT points, summary FROM latest_metrics WHERE run_pk = ? AND key_id = ?',
		[runPk, keyId]
	);
}

/** The nearest point before `step` (side < 0) or after it (side > 0), as [step, value]. */
function neighbour(conn: Conn, runPk: number, keyId: number, step: number, side: number): number[] {
	const [op, dir] = side < 0 ? ['<', 'DESC'] : ['>', 'ASC'];
	const row = cachedOne<{ step: number; value: unknown }>(
		conn.db,
		`SELECT step, value FROM metrics WHERE run_pk = ? AND key_id = ? AND step ${op} ?
			ORDER BY step ${dir}, timestamp ${dir}, seq ${dir} LIMIT 1`,
		[runPk, keyId, step]
	);
	return row ? [row.step, metricValue(row.value)] : [];
}

function withNeighbours(before: number[], x: Float64Array, y: Float64Array, after: number[]) {
	if (!before.length && !after.length) return { x, y };
	const out = { x: new Float64Array(x.length + (before.length + after.length) / 2), y: new Float64Array(0) };
	out.y = new Float64Array(out.x.length);
	const at = before.length / 2;
	if (at) [out.x[0], out.y[0]] = before as [number, number];
	out.x.set(x, at);
	out.y.set(y, at);
	if (after.length) [out.x[out.x.length - 1], out.y[out.y.length - 1]] = after as [number, number];
	return out;
}

/**
 * The points of [a, b] and the nearest one outside each end, kept in the series cache (one range per series): a
 * deep zoom reads them once, and the zooms further in that usually follow reduce them from memory.
 */
export function rangeSeries(
	conn: Conn,
	runPk: number,
	keyId: number,
	a: number,
	b: number,
	expected?: number
): RangeSeries {
	const id = `${runPk}|${keyId}|range`;
	const hit = cachedById(conn, id) as RangeSeries | undefined;
	if (hit && hit.lo <= a && hit.hi >= b) return hit;
	const points = pagedRange(conn, runPk, keyId, a, b, expected) ?? pointRange(conn, runPk, keyId, a, b);
	const full = { ...points, lo: a, hi: b };
	remember(id, full);
	return full;
}

/** The points of [a, b] and their neighbours from the series' pages (~100× fewer rows than its points). */
function pagedRange(conn: Conn, runPk: number, keyId: number, a: number, b: number, expected?: number) {
	// Slot 0 is kept for the neighbour before the range, known once the first page is read.
	const out = new PointColumns(expected === undefined ? undefined : expected * 1.05 + 2 * PAGE_POINTS);
	out.n = 1;
	const near: Neighbours = {};
	if (!readPages(conn, runPk, keyId, a, b, out, near)) return pagesBroken(conn, runPk, keyId);
	if (near.after) out.push(near.after[0] as number, near.after[1] as number);
	if (near.before) [out.steps[0], out.values[0]] = near.before as [number, number];
	let [x, y] = out.trimmed();
	if (!near.before) [x, y] = [x.subarray(1), y.subarray(1)];
	return { x, y, x0: x[0] ?? NaN, x1: x[x.length - 1] ?? NaN };
}

/** The points of [a, b] and their neighbours from `metrics` (series whose pages are not readable). */
function pointRange(conn: Conn, runPk: number, keyId: number, a: number, b: number) {
	const [x, y] = readColumns(conn, runPk, keyId, 'step, value', [a, b]);
	const series = withNeighbours(
		neighbour(conn, runPk, keyId, a, -1),
		x,
		y,
		neighbour(conn, runPk, keyId, b, 1)
	);
	return { ...series, x0: series.x[0] ?? NaN, x1: series.x[series.x.length - 1] ?? NaN };
}

/** The whole step-axis series from its pages, or undefined when they do not hold all `points` points. */
export function pagedSeries(
	conn: Conn,
	runPk: number,
	keyId: number,
	points: number
): FullSeries | undefined {
	const out = readPages(conn, runPk, keyId, -Infinity, Infinity, new PointColumns(points));
	if (!out || out.n !== points) return pagesBroken(conn, runPk, keyId);
	const [x, y] = out.trimmed();
	return { x, y, x0: x[0] ?? NaN, x1: x[x.length - 1] ?? NaN };
}

export interface RangeSeries extends FullSeries {
	/** Every point with a step in [lo, hi] is here, with the nearest one outside each end. */
	lo: number;
	hi: number;
}

/**
 * A long step-axis series for one view: reduced from its block summaries and appended to `out`, or for a deep zoom
 * the points in range (`range`, to be M4-reduced by the caller: `whole`, the series in memory, when given), with
 * the series' first and last step either way. Undefined when the series has no valid summary.
 */
export function summaryView(
	conn: Conn,
	runPk: number,
	keyId: number,
	info: SeriesInfo,
	options: SeriesOptions,
	out: PointColumns,
	whole?: FullSeries
): { range?: FullSeries; x0: number; x1: number } | undefined {
	if (info.summary !== SUMMARY_VALID || info.points < SUMMARY_MIN_POINTS) return undefined;
	const zoomed = options.xMin !== undefined || options.xMax !== undefined;
	const top = readTop(conn, runPk, keyId, info.points, zoomed ? undefined : options.width);
	const { x0, x1 } = top;
	const a = Math.max(options.xMin ?? x0, x0);
	const b = Math.min(options.xMax ?? x1, x1);
	const width = Math.max(1, Math.floor(options.width));
	if (!(a <= b)) return undefined;
	// Points per column if they were spread evenly: a deep zoom reads the points of its range instead.
	const perColumn = (info.points * (b - a)) / ((x1 - x0) * width);
	if (perColumn < DEEP_ZOOM_POINTS_PER_COLUMN)
		return { range: whole ?? rangeSeries(conn, runPk, keyId, a, b, perColumn * width), x0, x1 };
	const start = out.n;
	const combined = combineRange(conn, runPk, keyId, top, { a, b, width }, out);
	combined.finish();
	// Zoomed: the nearest point outside each end too, so lines run off the plot's edges.
	const before = a > x0 && !(combined.firstStep < a) ? neighbour(conn, runPk, keyId, a, -1) : [];
	const after = b < x1 && !(combined.lastStep > b) ? neighbour(conn, runPk, keyId, b, 1) : [];
	if (before.length) out.insert(start, before[0] as number, before[1] as number);
	if (after.length) out.push(after[0] as number, after[1] as number);
	return { x0, x1 };
}

/** Whether no transaction is open (an import in progress): reads write only outside one. */
function autocommit(conn: Conn): boolean {
	const raw = conn.sqlite3.wasm.exports as unknown as { sqlite3_get_autocommit(db: number): number };
	return !!raw.sqlite3_get_autocommit(conn.db.pointer as number);
}

/**
 * Summarises a long series just read whole (steps sorted, as stored) when its summary is missing or stale. Skipped
 * inside another transaction (an import in progress), so this read never becomes part of someone else's write.
 */
export function rebuildSummary(
	conn: Conn,
	runPk: number,
	keyId: number,
	steps: Float64Array,
	values: Float64Array
) {
	if (!autocommit(conn)) return false;
	try {
		transaction(conn.db, () => {
			dropSummary(conn, runPk, keyId);
			if (!writeSummary(conn, runPk, keyId, 0, steps, values)) return;
			setSummaryState(conn, runPk, keyId, SUMMARY_VALID);
		});
	} catch (error) {
		// A full disk must not fail the read that asked: the summary is rebuilt by a later read.
		if (isStorageFailure(error)) return false;
		throw error;
	}
	return true;
}

/**
 * A series whose pages were found not as written (the caller reads `metrics` instead): its summary goes stale,
 * blocks and pages dropped, so the next full read rebuilds them rather than every read falling back. The cache is
 * kept: no point changed, and nothing of this series' summary is read from it once it is stale.
 */
function pagesBroken(conn: Conn, runPk: number, keyId: number): undefined {
	if (!autocommit(conn)) return undefined;
	try {
		transaction(conn.db, () => {
			dropSummary(conn, runPk, keyId);
			setSummaryState(conn, runPk, keyId, SUMMARY_STALE);
		});
	} catch (error) {
		// A full disk leaves the summary as it was: reads keep falling back to `metrics` until a write succeeds.
		if (isStorageFailure(error)) return undefined;
		throw error;
	}
	keepCacheAfterOwnWrite(conn);
	return undefined;
}

function setSummaryState(conn: Conn, runPk: number, keyId: number, state: number): void {
	conn.db.exec({
		sql: 'UPDATE latest_metrics SET summary = ? WHERE run_pk = ? AND key_id = ?',
		bind: [state, runPk, keyId]
	});
}
