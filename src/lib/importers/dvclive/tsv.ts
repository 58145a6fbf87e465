// One DVCLive metric history: `plots/metrics/<name>.tsv`, a header naming the columns (`step` and the metric's
// last name in DVCLive 3; `timestamp`, `step` and the name in DVCLive 1–2, the timestamp in milliseconds) and a row
// per logged step. Values are Python's `str(float)`: `nan`, `inf` and `-inf` for the non-finite ones.

/** A history is a few MB at most (a row per step); past this the file is not one. */
export const MAX_TSV_BYTES = 256 * 1024 * 1024;

export interface TsvColumns {
	step: number;
	timestamp: number;
	value: number;
}

/** Where step, timestamp (-1 when absent) and value sit, or undefined when the header is not DVCLive's. */
export function tsvColumns(header: string): TsvColumns | undefined {
	const names = header
		.replace(/^\ufeff/, '')
		.trimEnd()
		.split('\t');
	const step = names.indexOf('step');
	const timestamp = names.indexOf('timestamp');
	if (step < 0 || names.length < 2 || names.length > 3) return undefined;
	const value = names.findIndex((n, i) => i !== step && i !== timestamp && n !== '');
	if (value < 0 || (names.length === 3 && timestamp < 0)) return undefined;
	return { step, timestamp, value };
}

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity, infinity: Infinity };

/** A number as Python wrote it, or undefined. */
export function pythonNumber(text: string): number | undefined {
	const t = text.trim().toLowerCase();
	if (Object.hasOwn(SPECIAL, t)) return SPECIAL[t];
	if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return undefined;
	return Number(t);
}

export interface TsvHistory {
	points: { step: number; timestamp: number; value: number }[];
	/** Rows that did not read (their 1-based line numbers, the first few). */
	bad: number[];
	badCount: number;
}

/** The rows of a history; undefined when the header is not DVCLive's. */
export function parseTsv(text: string): TsvHistory | undefined {
	const lines = text.split('\n');
	const columns = tsvColumns(lines[0] ?? '');
	if (!columns) return undefined;
	const out: TsvHistory = { points: [], bad: [], badCount: 0 };
	for (let i = 1; i < lines.length; i++) {
		const line = (lines[i] as string).replace(/\r$/, '');
		if (line.trim() === '') continue;
		const cells = line.split('\t');
		const step = pythonNumber(cells[columns.step] ?? '');
		const value = pythonNumber(cells[columns.value] ?? '');
		const ts = columns.timestamp < 0 ? 0 : pythonNumber(cells[columns.timestamp] ?? '');
		if (
			step === undefined ||
			!Number.isFinite(step) ||
			value === undefined ||
			ts === undefined ||
			!Number.isFinite(ts)
		) {
			if (out.bad.length < 3) out.bad.push(i + 1);
			out.badCount++;
			continue;
		}
		// DVCLive 2 wrote milliseconds; the earliest versions seconds.
		const ms = ts > 0 && ts < 1e11 ? ts * 1000 : ts;
		out.points.push({ step: Math.floor(step), timestamp: Math.max(0, Math.round(ms)), value });
	}
	return out;
}
