// Metric lines appended to an MLflow metric file since it was last read (a watched folder, src/lib/watch/): the
// new bytes only, whole lines only (the caller keeps an unfinished last line for the next read), parsed by the
// same line parser as a full import (docs/formats.md §1.7) into the packed columns a write takes.
import type { PackedMetrics } from '../../api/db-api';
import { clip, parseMetricLine, type ParsedPoint } from './metrics';

export interface AppendedLines {
	metrics: PackedMetrics;
	/** Lines that are not metric points, "appended line N …: why", the first few only. */
	unparsed: string[];
	unparsedCount: number;
}

const REPORTED = 3;

export function parseAppendedLines(key: string, bytes: Uint8Array): AppendedLines {
	const lines = new TextDecoder('utf-8').decode(bytes).split('\n');
	if (lines.at(-1) === '') lines.pop();
	const values: number[] = [];
	const steps: number[] = [];
	const timestamps: number[] = [];
	const unparsed: string[] = [];
	let unparsedCount = 0;
	const point: ParsedPoint = { timestamp: 0, value: 0, step: 0, fieldCount: 0, fourth: undefined };
	lines.forEach((line, i) => {
		if (line.trim() === '') return;
		const why = parseMetricLine(line, point);
		if (why === undefined) {
			values.push(point.value);
			steps.push(point.step);
			timestamps.push(point.timestamp);
		} else if (unparsedCount++ < REPORTED) unparsed.push(`appended line ${i + 1} '${clip(line)}': ${why}`);
	});
	return {
		metrics: {
			keys: [key],
			keyIndex: new Uint32Array(values.length),
			values: Float64Array.from(values),
			steps: Float64Array.from(steps),
			timestamps: Float64Array.from(timestamps)
		},
		unparsed,
		unparsedCount
	};
}
