// Many runs of one metric in a single round trip (DbApi.getChartSeries): each run's view (series.ts) appended
// to one pair of columns that goes to the page as it is.
import type { ChartSeriesBatch, ChartSeriesRequest } from '$lib/api/db-api';
import type { WarmSeries } from './warmup';
import { resolveAxis, runView } from './series';
import { keyIdOf } from './series-read';
import { cachedStatement, type Conn } from '../sql';
import { PointColumns } from './summary/point-columns';
import type { SeriesInfo } from './summary/view';

/** Smoothed values of many runs, packed like their points (grown by doubling). */
class Packed {
	data: Float64Array;
	constructor(capacity: number) {
		this.data = new Float64Array(Math.max(1024, capacity));
	}
	put(values: Float64Array, at: number): void {
		if (at + values.length > this.data.length) {
			const grown = new Float64Array(Math.max(2 * this.data.length, at + values.length));
			grown.set(this.data.subarray(0, at));
			this.data = grown;
		}
		this.data.set(values, at);
	}
}

/**
 * The asked runs' keys and their series of `keyId` (points and summary state), in one query: a lookup each costs
 * ~25 µs in the worker, two per run — ~5 ms of a 100-run zoom.
 */
function runsOf(conn: Conn, runIds: string[], keyId: number | undefined) {
	const runs = new Map<string, { pk: number; info?: SeriesInfo }>();
	const stmt = cachedStatement(
		conn.db,
		`SELECT r.run_uuid, r.run_pk, l.points, l.summary FROM json_each(?) AS asked
			JOIN runs AS r ON r.run_uuid = asked.value
			LEFT JOIN latest_metrics AS l ON l.run_pk = r.run_pk AND l.key_id = ?`
	);
	try {
		stmt.bind([JSON.stringify(runIds), keyId ?? -1]);
		while (stmt.step()) {
			const [id, pk, points, summary] = stmt.get([]) as [string, number, number | null, number | null];
			runs.set(id, points === null ? { pk } : { pk, info: { points, summary: summary as number } });
		}
	} finally {
		stmt.reset(true);
	}
	return runs;
}

/**
 * Many runs of one metric (DbApi.getChartSeries), packed into flat arrays: every run's points are appended to one
 * pair of columns (views drawn from blocks are combined straight into them, ~450k points for a 100-run zoom, so
 * they are never copied on the way). Long series drawn from block summaries are listed in `notCached`:
 * warmup.ts reads them (or the points of the zoomed range) while idle.
 */
export function chartSeries(
	conn: Conn,
	request: ChartSeriesRequest,
	notCached?: WarmSeries[]
): ChartSeriesBatch {
	resolveAxis(conn, request); // validates even when no run is asked for
	const keyId = keyIdOf(conn, request.key);
	const n = request.runIds.length;
	const offsets = new Float64Array(n + 1);
	const totals = new Float64Array(n);
	const extents = new Float64Array(2 * n);
	// About 4.1 points per pixel column per run (M4's four, and the neighbours of a zoom); at most 1M to start with
	// (up to 1,000 runs × 100,000 px may be asked for, and most of such a chart is empty columns).
	const expected = Math.min(n * 4.1 * Math.max(1, request.width) + 64, 1 << 20);
	const out = new PointColumns(expected);
	const smoothing = !!(request.smoothing && request.smoothing > 0);
	const smooth = smoothing ? new Packed(expected) : undefined;
	const runs = runsOf(conn, request.runIds, keyId);
	request.runIds.forEach((runId, i) => {
		const run = runs.get(runId);
		const at = out.n;
		const p = runView(conn, run?.pk, keyId, request, out, notCached, run && (run.info ?? null));
		if (smooth) smooth.put(p.smoothed ?? new Float64Array(out.n - at), at);
		offsets[i + 1] = out.n;
		totals[i] = p.total;
		extents[2 * i] = p.x0;
		extents[2 * i + 1] = p.x1;
	});
	const size = out.n;
	// Views, not copies: the answer's buffers are transferred to the page whole.
	const batch: ChartSeriesBatch = {
		runIds: [...request.runIds],
		offsets,
		x: out.steps.subarray(0, size),
		y: out.values.subarray(0, size),
		totals,
		extents
	};
	if (smooth) batch.smoothed = smooth.data.subarray(0, size);
	return batch;
}
