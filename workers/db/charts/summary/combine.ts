// M4 over pieces of a series met in order — whole blocks (block records) and single points — with one bucket per
// pixel column over [a, b], a piece belonging to the column of its first point. Pieces before a (or after b) form
// one bucket of their own on each side. Output is appended to point columns: those of the whole chart answer (a
// chart of 100 runs emits ~450k points, which are then not copied again), or scratch columns shared by every
// combiner made without any (copy those out before making the next).
import * as B from './blocks';
import { PointColumns } from './point-columns';

/** Where combiners without columns of their own write: fresh columns for each cost more than combining. */
const scratch = new PointColumns(4096);

/** Equal values, NaN equal to NaN. */
const sameValue = (a: number, b: number) => a === b || (a !== a && b !== b);

const enum Held {
	Empty,
	Block,
	Acc
}

export class BucketCombiner {
	private readonly columns: number;
	private readonly scale: number;
	/** The current bucket's record when it holds more than one block (or any single point). */
	private readonly acc = new Float64Array(B.FIELDS);
	/**
	 * Where the current bucket's record is: nowhere yet (empty), still in the block it started with (most buckets
	 * of a view hold one or two blocks: the first is not copied, and one that stays alone is emitted from where it
	 * is), or in `acc`.
	 */
	private held = Held.Empty;
	private heldRecords: Float64Array = this.acc;
	private heldAt = 0;
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
		if (this.firstStep !== this.firstStep) this.firstStep = records[o + B.FIRST_STEP] as number;
		for (; o < end; o += B.FIELDS) {
			const bucket = this.bucketOf(records[o + B.FIRST_STEP] as number);
			if (bucket !== this.bucket || this.held === Held.Empty) {
				if (bucket !== this.bucket) this.flush(bucket);
				// The bucket starts with this block: its record, where it is.
				this.held = Held.Block;
				this.heldRecords = records;
				this.heldAt = o;
			} else {
				if (this.held === Held.Block) this.accumulate();
				B.mergeBlock(this.acc, 0, records, o);
			}
		}
		this.lastStep = records[end - B.FIELDS + B.LAST_STEP] as number;
	}

	addPoints(steps: Float64Array, values: Float64Array): void {
		for (let i = 0; i < steps.length; i++) {
			const step = steps[i] as number;
			const bucket = this.bucketOf(step);
			if (bucket !== this.bucket) this.flush(bucket);
			if (this.held !== Held.Acc) this.accumulate();
			if (this.firstStep !== this.firstStep) this.firstStep = step;
			this.lastStep = step;
			B.addPoint(this.acc, 0, step, values[i] as number);
		}
	}

	/** Moves the current bucket's record into `acc` (an empty one when there is none), to merge more into it. */
	private accumulate(): void {
		const acc = this.acc;
		if (this.held === Held.Block) {
			const r = this.heldRecords;
			const o = this.heldAt;
			for (let f = 0; f < B.FIELDS; f++) acc[f] = r[o + f] as number;
		} else B.clearBlock(acc, 0);
		this.held = Held.Acc;
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
		if (k >= this.bucketStart && out.steps[k] === x && sameValue(out.values[k] as number, y)) return;
		out.push(x, y);
	}

	/** Emits the current bucket (first, then its inner points by step, then last) and starts `next`. */
	private flush(next: number): void {
		this.bucketStart = this.out.n;
		if (this.held === Held.Block) this.emit(this.heldRecords, this.heldAt);
		else if (this.held === Held.Acc) this.emit(this.acc, 0);
		this.held = Held.Empty;
		this.bucket = next;
		this.bucketStart = this.out.n;
	}

	/**
	 * Pushes the points of the record at `o` of `r`: its first point, its smallest and largest by step, its last,
	 * each point once (a block's first point is often its minimum too). Written with local indexes into the
	 * columns: ~450,000 points a zoom come through here.
	 */
	private emit(r: Float64Array, o: number): void {
		if (r[o + B.N] === 0) return;
		const markers =
			r[o + B.NAN_STEP] === r[o + B.NAN_STEP] ||
			r[o + B.POS_INF_STEP] === r[o + B.POS_INF_STEP] ||
			r[o + B.NEG_INF_STEP] === r[o + B.NEG_INF_STEP];
		if (markers) {
			this.push(r[o + B.FIRST_STEP] as number, r[o + B.FIRST_VALUE] as number);
			this.pushInnerWithMarkers(r, o);
			this.push(r[o + B.LAST_STEP] as number, r[o + B.LAST_VALUE] as number);
			return;
		}
		const out = this.out;
		out.room(4);
		const xs = out.steps;
		const ys = out.values;
		let n = out.n;
		let x = r[o + B.FIRST_STEP] as number;
		let y = r[o + B.FIRST_VALUE] as number;
		xs[n] = x;
		ys[n++] = y;
		if (r[o + B.MIN_STEP] === r[o + B.MIN_STEP]) {
			// Min and max in step order (min first on equal steps).
			const minStep = r[o + B.MIN_STEP] as number;
			const maxStep = r[o + B.MAX_STEP] as number;
			const p = o + (minStep <= maxStep ? B.MIN_STEP : B.MAX_STEP);
			const q = o + (minStep <= maxStep ? B.MAX_STEP : B.MIN_STEP);
			if (r[p] !== x || !sameValue(r[p + 1] as number, y)) {
				xs[n] = x = r[p] as number;
				ys[n++] = y = r[p + 1] as number;
			}
			if (r[q] !== x || !sameValue(r[q + 1] as number, y)) {
				xs[n] = x = r[q] as number;
				ys[n++] = y = r[q + 1] as number;
			}
		}
		const lx = r[o + B.LAST_STEP] as number;
		const ly = r[o + B.LAST_VALUE] as number;
		if (lx !== x || !sameValue(ly, y)) {
			xs[n] = lx;
			ys[n++] = ly;
		}
		out.n = n;
	}

	/** The rare bucket holding NaN or ±Infinity: min, max and the markers sorted by step. */
	private pushInnerWithMarkers(r: Float64Array, o: number): void {
		const inner: number[] = [];
		if (r[o + B.MIN_STEP] === r[o + B.MIN_STEP]) {
			inner.push(r[o + B.MIN_STEP] as number, r[o + B.MIN_VALUE] as number);
			inner.push(r[o + B.MAX_STEP] as number, r[o + B.MAX_VALUE] as number);
		}
		if (r[o + B.NAN_STEP] === r[o + B.NAN_STEP]) inner.push(r[o + B.NAN_STEP] as number, NaN);
		if (r[o + B.POS_INF_STEP] === r[o + B.POS_INF_STEP])
			inner.push(r[o + B.POS_INF_STEP] as number, Infinity);
		if (r[o + B.NEG_INF_STEP] === r[o + B.NEG_INF_STEP])
			inner.push(r[o + B.NEG_INF_STEP] as number, -Infinity);
		// At most five pairs: pick the smallest step each time (stable: min before max on equal steps).
		while (inner.length) {
			let best = 0;
			for (let k = 2; k < inner.length; k += 2) if ((inner[k] as number) < (inner[best] as number)) best = k;
			this.push(inner[best] as number, inner[best + 1] as number);
			inner.splice(best, 2);
		}
	}
}
