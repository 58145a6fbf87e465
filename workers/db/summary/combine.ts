// M4 over pieces of a series met in order — whole blocks (block records) and single points — with one bucket per
// pixel column over [a, b], a piece belonging to the column of its first point. Pieces before a (or after b) form
// one bucket of their own on each side. Output is appended to point columns: those of the whole chart answer (a
// chart of 100 runs emits ~450k points, which are then not copied again), or scratch columns shared by every
// combiner made without any (copy those out before making the next).
import * as B from './blocks';
import { PointColumns } from './point-columns';

/** Where combiners without columns of their own write: fresh columns for each cost more than combining. */
const scratch = new PointColumns(4096);

export class BucketCombiner {
	private readonly columns: number;
	private readonly scale: number;
	private readonly acc = new Float64Array(B.FIELDS);
	private bucket = NaN;
	private readonly out: PointColumns;
	/** Where this combiner's points start in `out`. */
	private readonly start: number;
	/** Where the current bucket's points start (a repeat is only looked for there). */
	private bucketStart = 0;
	/** Step of the first and last piece's first and last point (NaN before any piece). */
	firstStep = NaN;
	lastStep = NaN;

	constructor(
		private readonly a: number,
		private readonly b: number,
		width: number,
		out?: PointColumns
	) {
		this.columns = Math.max(1, Math.floor(width));
		this.scale = b > a ? this.columns / (b - a) : 0;
		if (!out) scratch.n = 0;
		this.out = out ?? scratch;
		this.start = this.bucketStart = this.out.n;
		// Room for four points per column and the buckets outside: no regrowth in the usual case.
		this.out.room(4 * this.columns + 16);
	}

	private bucketOf(step: number): number {
		if (step < this.a) return -1;
		if (step > this.b) return this.columns;
		return Math.min(this.columns - 1, Math.floor((step - this.a) * this.scale));
	}

	/** Adds the blocks at offsets o, o + FIELDS, … before `end` (consecutive blocks, in order). */
	addBlocks(records: Float64Array, o: number, end: number): void {
		if (o >= end) return;
		const acc = this.acc;
		if (this.firstStep !== this.firstStep) this.firstStep = records[o + B.FIRST_STEP] as number;
		for (; o < end; o += B.FIELDS) {
			const bucket = this.bucketOf(records[o + B.FIRST_STEP] as number);
			if (bucket !== this.bucket) {
				this.flush(bucket);
				// The bucket starts with this block: its record as it is.
				for (let f = 0; f < B.FIELDS; f++) acc[f] = records[o + f] as number;
			} else B.mergeBlock(acc, 0, records, o);
		}
		this.lastStep = records[end - B.FIELDS + B.LAST_STEP] as number;
	}

	addPoints(steps: Float64Array, values: Float64Array): void {
		for (let i = 0; i < steps.length; i++) {
			const step = steps[i] as number;
			const bucket = this.bucketOf(step);
			if (bucket !== this.bucket) this.flush(bucket);
			if (this.firstStep !== this.firstStep) this.firstStep = step;
			this.lastStep = step;
			B.addPoint(this.acc, 0, step, values[i] as number);
		}
	}

	/** The kept points, in step order: views of the columns written to (scratch: valid until the next combiner). */
	finish(): { x: Float64Array; y: Float64Array } {
		this.flush(NaN);
		const { out } = this;
		return { x: out.steps.subarray(this.start, out.n), y: out.values.subarray(this.start, out.n) };
	}

	private push(x: number, y: number): void {
		// The same point kept twice in a bucket (first and min, say) is drawn once. A bucket's points are pushed in
		// step order, so a repeat is the point just pushed.
		const out = this.out;
		const k = out.n - 1;
		if (k >= this.bucketStart && out.steps[k] === x) {
			const v = out.values[k] as number;
			if (v === y || (v !== v && y !== y)) return;
		}
		out.push(x, y);
	}

	/** Emits the current bucket (first, then its inner points by step, then last) and starts `next`. */
	private flush(next: number): void {
		const r = this.acc;
		this.bucketStart = this.out.n;
		if (r[B.N] !== 0) {
			this.push(r[B.FIRST_STEP] as number, r[B.FIRST_VALUE] as number);
			const markers =
				r[B.NAN_STEP] === r[B.NAN_STEP] ||
				r[B.POS_INF_STEP] === r[B.POS_INF_STEP] ||
				r[B.NEG_INF_STEP] === r[B.NEG_INF_STEP];
			if (markers) this.pushInnerWithMarkers(r);
			else if (r[B.MIN_STEP] === r[B.MIN_STEP]) {
				// Min and max in step order (min first on equal steps).
				const p = (r[B.MIN_STEP] as number) <= (r[B.MAX_STEP] as number) ? B.MIN_STEP : B.MAX_STEP;
				const q = p === B.MIN_STEP ? B.MAX_STEP : B.MIN_STEP;
				this.push(r[p] as number, r[p + 1] as number);
				this.push(r[q] as number, r[q + 1] as number);
			}
			this.push(r[B.LAST_STEP] as number, r[B.LAST_VALUE] as number);
		}
		// Cleared: what addPoint and mergeBlock look at to tell an empty block.
		r[B.N] = 0;
		r[B.MIN_STEP] = r[B.NAN_STEP] = r[B.POS_INF_STEP] = r[B.NEG_INF_STEP] = NaN;
		this.bucket = next;
		this.bucketStart = this.out.n;
	}

	/** The rare bucket holding NaN or ±Infinity: min, max and the markers sorted by step. */
	private pushInnerWithMarkers(r: Float64Array): void {
		const inner: number[] = [];
		if (r[B.MIN_STEP] === r[B.MIN_STEP]) {
			inner.push(r[B.MIN_STEP] as number, r[B.MIN_VALUE] as number);
			inner.push(r[B.MAX_STEP] as number, r[B.MAX_VALUE] as number);
		}
		if (r[B.NAN_STEP] === r[B.NAN_STEP]) inner.push(r[B.NAN_STEP] as number, NaN);
		if (r[B.POS_INF_STEP] === r[B.POS_INF_STEP]) inner.push(r[B.POS_INF_STEP] as number, Infinity);
		if (r[B.NEG_INF_STEP] === r[B.NEG_INF_STEP]) inner.push(r[B.NEG_INF_STEP] as number, -Infinity);
		// At most five pairs: pick the smallest step each time (stable: min before max on equal steps).
		while (inner.length) {
			let best = 0;
			for (let k = 2; k < inner.length; k += 2) if ((inner[k] as number) < (inner[best] as number)) best = k;
			this.push(inner[best] as number, inner[best + 1] as number);
			inner.splice(best, 2);
		}
	}
}
