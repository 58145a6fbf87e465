// Metric points from the code cell wait here and go to the database in one logBatch each: every FLUSH_POINTS
// points, or FLUSH_MS after the first waiting one, so a loop logging 10,000 points makes ten transactions and a
// slow loop still shows on the chart within a tenth of a second.
import type { CellMetric } from './protocol';

export const FLUSH_POINTS = 1_000;
export const FLUSH_MS = 100;

export class MetricBuffer {
	private points: CellMetric[] = [];
	private keys = new Set<string>();

	/** Adds points; returns the keys seen for the first time (the page offers them on the chart). */
	push(points: CellMetric[]): string[] {
		const fresh: string[] = [];
		for (const point of points) {
			this.points.push(point);
			if (!this.keys.has(point.key)) {
				this.keys.add(point.key);
				fresh.push(point.key);
			}
		}
		return fresh;
	}

	get size(): number {
		return this.points.length;
	}

	get full(): boolean {
		return this.points.length >= FLUSH_POINTS;
	}

	/** The next batch to write (at most FLUSH_POINTS, oldest first), removed from the buffer. */
	take(): CellMetric[] {
		return this.points.splice(0, FLUSH_POINTS);
	}

	/** A new run: its keys are new again. */
	reset(): void {
		this.points = [];
		this.keys.clear();
	}
}
