// Metric points of one run gathered into columns (PackedMetrics), grown by doubling: importers push points as they
// parse them and hand the columns to the writer without building a million objects.
import type { PackedMetrics } from '../api/db-api';

export class MetricPacker {
	private readonly keys: string[] = [];
	private readonly keyIds = new Map<string, number>();
	private count = 0;
	private keyIndex = new Uint32Array(256);
	private values = new Float64Array(256);
	private steps = new Float64Array(256);
	private timestamps = new Float64Array(256);

	get size(): number {
		return this.count;
	}

	/** The key's index in the columns; register a key only when its first point arrives (no empty keys). */
	keyId(key: string): number {
		let id = this.keyIds.get(key);
		if (id === undefined) {
			id = this.keys.push(key) - 1;
			this.keyIds.set(key, id);
		}
		return id;
	}

	push(keyId: number, value: number, step: number, timestamp: number): void {
		if (this.count === this.values.length) this.grow();
		this.keyIndex[this.count] = keyId;
		this.values[this.count] = value;
		this.steps[this.count] = step;
		this.timestamps[this.count] = timestamp;
		this.count++;
	}

	private grow(): void {
		const capacity = this.values.length * 2;
		const grown = <T extends Uint32Array | Float64Array>(old: T, make: (n: number) => T): T => {
			const next = make(capacity);
			next.set(old);
			return next;
		};
		this.keyIndex = grown(this.keyIndex, (n) => new Uint32Array(n));
		this.values = grown(this.values, (n) => new Float64Array(n));
		this.steps = grown(this.steps, (n) => new Float64Array(n));
		this.timestamps = grown(this.timestamps, (n) => new Float64Array(n));
	}

	/** Exact-length copies, so spare capacity is never written or transferred. */
	build(): PackedMetrics {
		return {
			keys: [...this.keys],
			keyIndex: this.keyIndex.slice(0, this.count),
			values: this.values.slice(0, this.count),
			steps: this.steps.slice(0, this.count),
			timestamps: this.timestamps.slice(0, this.count)
		};
	}
}
