// Full metric series read as columns for charts, with x = step, wall time, time since the series' first point, or
// another metric's value (joined by step). Read through the C API (no per-row JS objects) and kept in a small LRU
// cache (shared with the block summaries and point ranges read for zooms), so zooming (which re-reduces the visible
// range at full resolution) does not read SQLite again. The cache is dropped whenever the connection has written
// anything (sqlite3_total_changes moves), and belongs to one connection.
import { cachedStatement, one, type Conn } from '../sql';

export type SeriesX = 'step' | 'time' | 'relative' | 'metric';

export interface FullSeries {
	/** Sorted ascending (ties keep logging order). Non-finite x (metric axis) are dropped. */
	x: Float64Array;
	y: Float64Array;
	/** Smallest and largest x (NaN when empty). */
	x0: number;
	x1: number;
}

interface RawExports {
	sqlite3_step(p: number): number;
	sqlite3_column_double(p: number, i: number): number;
	sqlite3_column_type(p: number, i: number): number;
	sqlite3_total_changes(db: number): number;
}

const SQLITE_ROW = 100;
const SQLITE_NULL = 5;
/** Points kept in memory across series (16 bytes each): about 256 MB at most. */
const CACHE_POINTS = 16_000_000;

/** Entries: full series, the points of a zoomed range, block summaries read for a zoom — each with its cost. */
const cache = new Map<string, { value: unknown; points: number }>();
let cachedPoints = 0;
let cacheStamp = -1;
/** The connection the cache belongs to (tests open several in one process; their change counts may agree). */
let cacheDb: unknown;

/** Rows of points read from storage since the worker started (tests look at it). */
export const pointReads = { rows: 0 };

export function keyIdOf(conn: Conn, key: string): number | undefined {
	return one<{ key_id: number }>(conn.db, 'SELECT key_id FROM metric_keys WHERE key = ?', [key])?.key_id;
}

/** Two columns of one metric, in the order of the primary key (step, timestamp, seq); optionally a step range. */
export function readColumns(
	conn: Conn,
	runPk: number,
	keyId: number,
	columns: string,
	steps?: [number, number]
): [Float64Array, Float64Array] {
	const { db, sqlite3 } = conn;
	// No count(*) first: that would walk the index twice. Arrays grow by doubling and are trimmed at the end.
	let a = new Float64Array(1024);
	let b = new Float64Array(1024);
	let n = 0;
	const range = steps ? 'AND step BETWEEN ? AND ?' : '';
	// Kept prepared: a zoom over 100 runs reads a range of each, and a sparse stretch is read per run.
	const stmt = cachedStatement(
		db,
		`SELECT ${columns} FROM metrics WHERE run_pk = ? AND key_id = ? ${range} ORDER BY step, timestamp, seq`
	);
	try {
		stmt.bind(steps ? [runPk, keyId, ...steps] : [runPk, keyId]);
		const raw = sqlite3.wasm.exports as unknown as RawExports;
		const p = stmt.pointer as number;
		while (raw.sqlite3_step(p) === SQLITE_ROW) {
			if (n === a.length) {
				const grownA = new Float64Array(n * 2);
				const grownB = new Float64Array(n * 2);
				grownA.set(a);
				grownB.set(b);
				a = grownA;
				b = grownB;
			}
			a[n] = raw.sqlite3_column_double(p, 0);
			// NaN is stored as NULL, which reads as 0.0: only a zero needs the (costly) type check.
			const v = raw.sqlite3_column_double(p, 1);
			b[n] = v === 0 && raw.sqlite3_column_type(p, 1) === SQLITE_NULL ? NaN : v;
			n++;
		}
	} finally {
		stmt.reset(true);
	}
	pointReads.rows += n;
	return [a.slice(0, n), b.slice(0, n)];
}

/** Reorders both columns by x (stable), dropping points whose x is not finite. */
function sortByX(x: Float64Array, y: Float64Array): [Float64Array, Float64Array] {
	let sorted = true;
	let finite = true;
	for (let i = 0; i < x.length; i++) {
		if (!Number.isFinite(x[i] as number)) finite = false;
		else if (i > 0 && (x[i] as number) < (x[i - 1] as number)) sorted = false;
	}
	if (sorted && finite) return [x, y];
	const order = Uint32Array.from({ length: x.length }, (_, i) => i).filter((i) =>
		Number.isFinite(x[i] as number)
	);
	order.sort((i, j) => (x[i] as number) - (x[j] as number) || i - j);
	return [Float64Array.from(order, (i) => x[i] as number), Float64Array.from(order, (i) => y[i] as number)];
}

/** x = the value of metric `xKeyId` logged at the same step (its last value at that step). */
function joinByStep(conn: Conn, runPk: number, keyId: number, xKeyId: number): [Float64Array, Float64Array] {
	const [steps, values] = readColumns(conn, runPk, keyId, 'step, value');
	const [xSteps, xValues] = readColumns(conn, runPk, xKeyId, 'step, value');
	const x = new Float64Array(steps.length).fill(NaN);
	let j = 0;
	for (let i = 0; i < steps.length; i++) {
		const s = steps[i] as number;
		while (j < xSteps.length && (xSteps[j] as number) < s) j++;
		let k = j;
		while (k + 1 < xSteps.length && (xSteps[k + 1] as number) === s) k++;
		if (k < xSteps.length && (xSteps[k] as number) === s) x[i] = xValues[k] as number;
	}
	return [x, values];
}

function load(conn: Conn, runPk: number, keyId: number, axis: SeriesX, xKeyId: number): FullSeries {
	let x: Float64Array;
	let y: Float64Array;
	if (axis === 'metric') [x, y] = joinByStep(conn, runPk, keyId, xKeyId);
	else [x, y] = readColumns(conn, runPk, keyId, axis === 'step' ? 'step, value' : 'timestamp, value');
	[x, y] = sortByX(x, y);
	if (axis === 'relative' && x.length) {
		const first = x[0] as number;
		for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) - first;
	}
	return { x, y, x0: x.length ? (x[0] as number) : NaN, x1: x.length ? (x[x.length - 1] as number) : NaN };
}

function totalChanges(conn: Conn): number {
	const raw = conn.sqlite3.wasm.exports as unknown as RawExports;
	return raw.sqlite3_total_changes(conn.db.pointer as number);
}

/** The cached entry `id`, if any (and fresh: any write since it was read empties the cache). */
export function cachedById<T = FullSeries>(conn: Conn, id: string): T | undefined {
	const stamp = totalChanges(conn);
	if (stamp !== cacheStamp || conn.db !== cacheDb) {
		cache.clear();
		cachedPoints = 0;
		cacheStamp = stamp;
		cacheDb = conn.db;
	}
	const hit = cache.get(id);
	if (hit) {
		// Re-inserted: Map order is the LRU order.
		cache.delete(id);
		cache.set(id, hit);
	}
	return hit?.value as T | undefined;
}

/**
 * Keeps `value` under `id`, dropping the least recently used entries beyond the budget. `points` is its size in
 * points (16 bytes each): a series' point count unless said otherwise.
 */
export function remember(id: string, value: FullSeries): void;
export function remember(id: string, value: unknown, points: number): void;
export function remember(id: string, value: unknown, points = (value as FullSeries).x.length): void {
	if (points > CACHE_POINTS) return;
	const old = cache.get(id);
	if (old) cachedPoints -= old.points;
	cache.set(id, { value, points });
	cachedPoints += points;
	for (const [oldId, entry] of cache) {
		if (cachedPoints <= CACHE_POINTS) break;
		cache.delete(oldId);
		cachedPoints -= entry.points;
	}
}

/** The cached series, if any (and fresh): lets chart queries prefer it over block summaries. */
export function cachedSeries(
	conn: Conn,
	runPk: number,
	keyId: number,
	axis: SeriesX,
	xKeyId = -1
): FullSeries | undefined {
	return cachedById(conn, `${runPk}|${keyId}|${axis}|${xKeyId}`);
}

/** After the chart code itself wrote (a rebuilt summary, no points changed): keeps the cache. */
export function keepCacheAfterOwnWrite(conn: Conn): void {
	if (conn.db !== cacheDb) return;
	cacheStamp = totalChanges(conn);
}

/**
 * The whole series of one run's metric on the given x-axis (cached until the next write). `packed` reads it from
 * somewhere cheaper than its rows when it can (the pages of a long series), else answers undefined.
 */
export function fullSeries(
	conn: Conn,
	runPk: number,
	keyId: number,
	axis: SeriesX,
	xKeyId = -1,
	packed?: () => FullSeries | undefined
): FullSeries {
	const hit = cachedSeries(conn, runPk, keyId, axis, xKeyId);
	if (hit) return hit;
	const series = packed?.() ?? load(conn, runPk, keyId, axis, xKeyId);
	remember(`${runPk}|${keyId}|${axis}|${xKeyId}`, series);
	return series;
}
