// After a chart was drawn from block summaries, the worker reads what the next views need into the series cache
// while it is otherwise idle, a few series per turn, so the zooms that usually follow come from memory instead of
// storage: first, in every series, the blocks of a zoom by two (and that walk's code runs once); then for a whole
// chart every level but the finest, then the whole series (what deep zooms anywhere read); for a zoomed one the
// points of its range (what a deep zoom inside needs; reduced once, so that code has run too). Each kind waits
// for its quiet time after the last request (QUIET_MS) or, for blocks and ranges, for the page to say it has
// painted. A newer chart replaces the queue; any write empties the cache (series-read.ts) and the queue does not
// come back until the next chart asks.
import { m4Index } from './downsample';
import { fullSeries } from './series-read';
import type { Conn } from '../sql';
import { warmBlocks, warmZoomBlocks } from './summary/read';
import { pagedSeries, rangeSeries } from './summary/view';

/** Series longer than this are not warmed: one item must stay short (~50 ms) so requests are not held up. */
const WARM_MAX_POINTS = 250_000;
/** Points warmed per chart at most (the cache holds 16M). */
const WARM_BUDGET = 12_000_000;

export interface WarmSeries {
	runPk: number;
	keyId: number;
	/** Points to read (the whole series, or about those of the range). */
	points: number;
	/** Steps [a, b] of a zoomed view: only its points are read. */
	range?: [number, number];
	/** The series' points and the view's pixel width (zoomed views: what the blocks of a zoom further in need). */
	total?: number;
	width?: number;
	/** With `range`: the range is also reduced once (output dropped), so a deep zoom's code has run. */
	reduce?: boolean;
	/** With `blocks` for a whole series: only what a zoom by two reads, read first. */
	zoomIn?: boolean;
	/**
	 * Only block summaries, read before any points: of the whole series (every level but the finest, ~6 % of its
	 * points' size), or for a zoomed view those a zoom by two anywhere inside it reads (about as many as its own).
	 */
	blocks?: boolean;
}

/**
 * How long after the last chart's request each kind of item may be read. The worker's reads take a core that the
 * page's drawing needs on a small machine: blocks (short) once the page has drawn, points only in a quiet moment
 * (a range after half a second, whole series — seconds of work — after a second).
 */
const QUIET_MS = { blocks: 200, range: 500, whole: 1000 };
const quietFor = (item: WarmSeries) =>
	item.blocks ? QUIET_MS.blocks : item.range ? QUIET_MS.range : QUIET_MS.whole;
/**
 * Once the page says it has painted the chart, it is idle (the user looks, then drags the next zoom: a few hundred
 * ms at least), so blocks and a zoomed range — what the next zoom reads — are read from then on. Whole series
 * (seconds of work) still wait for their quiet second.
 */
const soonAfterPaint = (item: WarmSeries) => !!(item.blocks || item.range);
/** Work done per turn before giving way to requests (a turn ends after the item that crosses it). */
const SLICE_MS = 8;

export function createChartWarmup(conn: Conn) {
	let queue: WarmSeries[] = [];
	let timer: ReturnType<typeof setTimeout> | undefined;
	// Turns after the first are posted to a channel of our own: a chain of setTimeout(0) is clamped to 4 ms per
	// turn after a few, which alone cost ~0.4 s over 100 series. Requests still come in between turns.
	let channel: MessageChannel | undefined;
	/** When the last chart asked (see QUIET_MS). */
	let lastAsked = 0;
	/** When the page last said it had painted its charts. */
	let paintedAt = -Infinity;
	const readyAt = (item: WarmSeries) =>
		paintedAt >= lastAsked && soonAfterPaint(item) ? paintedAt : lastAsked + quietFor(item);

	const warmOne = (item: WarmSeries) => {
		if (item.blocks && (item.range || item.zoomIn)) {
			const total = item.total ?? item.points;
			warmZoomBlocks(conn, item.runPk, item.keyId, total, item.width ?? 0, item.range);
		} else if (item.blocks) warmBlocks(conn, item.runPk, item.keyId, item.points);
		else if (item.range) {
			const range = rangeSeries(conn, item.runPk, item.keyId, item.range[0], item.range[1], item.points);
			// The reduction a deep zoom inside runs on these points, its output dropped: its code is then compiled
			// when the zoom comes (a 100-series deep zoom, cold, took 2–3× as long). Once per chart: more would
			// only delay the ranges still to read.
			if (item.reduce && item.width) m4Index(range, item.width);
		} else
			fullSeries(conn, item.runPk, item.keyId, 'step', -1, () =>
				pagedSeries(conn, item.runPk, item.keyId, item.points)
			);
	};

	const close = () => {
		channel?.port1.close();
		channel = undefined;
	};

	const turn = () => {
		timer = undefined;
		const until = performance.now() + SLICE_MS;
		try {
			while (queue.length && performance.now() < until) {
				const wait = readyAt(queue[0] as WarmSeries) - performance.now();
				if (wait > 0) {
					close();
					timer = setTimeout(turn, wait);
					return;
				}
				warmOne(queue.shift() as WarmSeries);
			}
		} catch {
			queue = []; // closed or busy: warming is only ever a bonus
		}
		if (!queue.length) return close();
		if (!channel) {
			channel = new MessageChannel();
			channel.port1.onmessage = turn;
		}
		channel.port2.postMessage(null);
	};

	return {
		/** Replaces what is waiting with the series of the latest chart. */
		warm(series: WarmSeries[]): void {
			lastAsked = performance.now();
			let budget = WARM_BUDGET;
			const points = series.filter((s) => s.points <= WARM_MAX_POINTS && (budget -= s.points) >= 0);
			// First blocks: for a whole-series chart every series' blocks (a fraction of the points, and what any zoom
			// drawn from blocks reads), for a zoomed one those of the next zoom in; then the points.
			const blocks = series
				.filter((s) => s.range || s.points <= 2 * WARM_MAX_POINTS)
				.map((s) => ({ ...s, blocks: true }));
			// Before those of a whole-series chart: in every series the level a zoom by two reads (the usual next step).
			const next = blocks.filter((s) => !s.range).map((s) => ({ ...s, zoomIn: true }));
			const range = points.findIndex((s) => s.range);
			if (range >= 0) points[range] = { ...(points[range] as WarmSeries), reduce: true };
			queue = [...next, ...blocks, ...points];
			// A turn already posted to the channel picks up the new queue; otherwise start after the pause.
			if (timer) clearTimeout(timer);
			timer = queue.length && !channel ? setTimeout(turn, QUIET_MS.blocks) : undefined;
		},
		/** The page has painted its charts: what the next zoom needs may be read now. */
		painted(): void {
			paintedAt = performance.now();
			if (!queue.length || channel) return;
			if (timer) clearTimeout(timer);
			timer = setTimeout(turn, 0);
		},
		stop(): void {
			queue = [];
			if (timer) clearTimeout(timer);
			timer = undefined;
			close();
		}
	};
}
