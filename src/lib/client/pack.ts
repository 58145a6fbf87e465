// Turns MLflow-style metric objects into columns (typed arrays) so that large batches cross the worker boundary
// as transferred buffers instead of a million structured-cloned objects.
import type { PackedMetrics } from '../api/db-api';
import { checkInteger, checkKey, checkMetricValue } from '../api/validate';
import { RunboardError } from '../api/errors';

export interface MetricInput {
	key: string;
	value: number;
	step?: number;
	timestamp?: number;
}

export function packMetrics(metrics: readonly MetricInput[], now: number): PackedMetrics {
	if (!Array.isArray(metrics)) {
		throw new RunboardError('INVALID_ARGUMENT', 'metrics must be a list of {key, value, step?, timestamp?}.');
	}
	const n = metrics.length;
	const keys: string[] = [];
	const keyPositions = new Map<string, number>();
	const packed: PackedMetrics = {
		keys,
		keyIndex: new Uint32Array(n),
		values: new Float64Array(n),
		steps: new Float64Array(n),
		timestamps: new Float64Array(n)
	};
	for (let i = 0; i < n; i++) {
		const m = metrics[i] as MetricInput;
		if (typeof m !== 'object' || m === null) {
			throw new RunboardError(
				'INVALID_ARGUMENT',
				`metrics[${i}] must be an object {key, value, step?, timestamp?}.`
			);
		}
		let position = keyPositions.get(m.key);
		if (position === undefined) {
			position = keys.push(checkKey('Metric', m.key)) - 1;
			keyPositions.set(m.key, position);
		}
		packed.keyIndex[i] = position;
		packed.values[i] = checkMetricValue(m.key, m.value);
		packed.steps[i] = m.step === undefined ? 0 : checkInteger(`Metric "${m.key}" step`, m.step);
		packed.timestamps[i] =
			m.timestamp === undefined ? now : checkInteger(`Metric "${m.key}" timestamp`, m.timestamp);
	}
	return packed;
}

export function transferables(packed: PackedMetrics): ArrayBuffer[] {
	return [packed.keyIndex, packed.values, packed.steps, packed.timestamps].map(
		(a) => a.buffer as ArrayBuffer
	);
}
