// DVCLive's `metrics.json`: the latest value of every metric (nested by its path: `{"train": {"loss": 0.2}}`) and
// the current `step`. Values that have a history are left out (the history holds them); the others, such as
// `live.summary["best"] = …`, are points at that step.
import { jsonNumber } from '../json-lines';

const MAX_DEPTH = 8;
const MAX_POINTS = 10_000;

export function summaryPoints(summary: unknown, logged: Set<string>): [string, number, number][] {
	if (typeof summary !== 'object' || summary === null || Array.isArray(summary))
		throw new Error('not a JSON object');
	const record = summary as Record<string, unknown>;
	const stepValue = Object.hasOwn(record, 'step') ? record.step : undefined;
	const step = typeof stepValue === 'number' && Number.isFinite(stepValue) ? Math.floor(stepValue) : 0;
	const out: [string, number, number][] = [];
	const walk = (value: unknown, key: string, depth: number) => {
		if (out.length >= MAX_POINTS) return;
		const n = jsonNumber(value);
		if (n !== undefined) {
			if (!logged.has(key)) out.push([key, n, step]);
		} else if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < MAX_DEPTH)
			for (const [k, v] of Object.entries(value as Record<string, unknown>))
				walk(v, `${key}/${k}`, depth + 1);
	};
	for (const [key, value] of Object.entries(record)) if (key !== 'step') walk(value, key, 1);
	return out;
}
