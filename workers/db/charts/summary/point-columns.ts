// Two growing columns of points (steps and values), filled in place: by the page reader (a deep zoom reads ~1M
// points, and growing JS arrays point by point would cost more than reading them) and by a chart's combiners.
/** Growing columns of points: arrays sized for the expected count, doubled when it is passed. */
export class PointColumns {
	steps: Float64Array;
	values: Float64Array;
	n = 0;
	constructor(expected = 1024) {
		this.steps = new Float64Array(Math.max(16, Math.ceil(expected)));
		this.values = new Float64Array(this.steps.length);
	}
	room(extra: number) {
		if (this.n + extra <= this.steps.length) return;
		const size = Math.max(this.steps.length * 2, this.n + extra);
		const steps = new Float64Array(size);
		const values = new Float64Array(size);
		steps.set(this.steps.subarray(0, this.n));
		values.set(this.values.subarray(0, this.n));
		this.steps = steps;
		this.values = values;
	}
	push(step: number, value: number) {
		this.room(1);
		this.steps[this.n] = step;
		this.values[this.n++] = value;
	}
	/** Puts a point at index `at`, moving those from there on one place up. */
	insert(at: number, step: number, value: number) {
		this.room(1);
		this.steps.copyWithin(at + 1, at, this.n);
		this.values.copyWithin(at + 1, at, this.n);
		this.steps[at] = step;
		this.values[at] = value;
		this.n++;
	}
	/** The filled part: views when the arrays are nearly full (a copy of 1M points costs more than the slack). */
	trimmed(): [Float64Array, Float64Array] {
		const view = this.n >= this.steps.length * 0.875;
		const cut = (a: Float64Array) => (view ? a.subarray(0, this.n) : a.slice(0, this.n));
		return [cut(this.steps), cut(this.values)];
	}
}
