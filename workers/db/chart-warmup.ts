// After a chart was drawn from block summaries, the worker reads those series whole into the series cache while
// it is otherwise idle, one series per task, so the zooms that usually follow are reduced from memory at full
// resolution instead of reading points from storage each time. A newer chart replaces the queue; any write empties
// the cache (series-read.ts) and the queue does not come back until the next chart asks.
import { fullSeries } from './series-read';
import type { Conn } from './sql';

/** Series longer than this are not warmed: one task must stay short (~50 ms) so requests are not held up. */
const WARM_MAX_POINTS = 250_000;
/** The page draws what it was just sent first: warming starts after this pause (the machine may have 2 cores). */
const WARM_DELAY_MS = 300;
/** Points warmed per chart at most (the cache holds 16M). */
const WARM_BUDGET = 12_000_000;

export interface WarmSeries {
	runPk: number;
	keyId: number;
	points: number;
}

export function createChartWarmup(conn: Conn) {
	let queue: WarmSeries[] = [];
	let timer: ReturnType<typeof setTimeout> | undefined;

	const next = () => {
		timer = undefined;
		const item = queue.shift();
		if (!item) return;
		try {
			fullSeries(conn, item.runPk, item.keyId, 'step');
		} catch {
			queue = []; // closed or busy: warming is only ever a bonus
			return;
		}
		if (queue.length) timer = setTimeout(next, 0);
	};

	return {
		/** Replaces what is waiting with the series of the latest chart. */
		warm(series: WarmSeries[]): void {
			let budget = WARM_BUDGET;
			queue = series.filter((s) => s.points <= WARM_MAX_POINTS && (budget -= s.points) >= 0);
			if (timer) clearTimeout(timer);
			timer = queue.length ? setTimeout(next, WARM_DELAY_MS) : undefined;
		},
		stop(): void {
			queue = [];
			if (timer) clearTimeout(timer);
			timer = undefined;
		}
	};
}
