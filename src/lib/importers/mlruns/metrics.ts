// Metric files: `<timestamp_ms> <value> [<step> [<run_id>] [<dataset_name> <dataset_digest>]]`, one point per
// line, appended in logging order (docs/formats.md §1.7). Parsed straight into growing typed columns.
import type { SourceFile } from '../types';
import { eachLine } from './lines';

export interface ParsedPoint {
	timestamp: number;
	value: number;
	step: number;
	fieldCount: number;
	/** Field 4: the run id on logged-model metric lines, else a dataset name. */
	fourth: string | undefined;
}

export interface UnparsedLine {
	lineNo: number;
	text: string;
	reason: string;
}

export interface MetricFileStats {
	points: number;
	unparsedCount: number;
	/** The first few unparsed lines, for the report (a binary file would otherwise give a million warnings). */
	unparsed: UnparsedLine[];
	/** Lines per field count other than 3, for counts MLflow's own run reader refuses (4, or more than 5). */
	fieldCounts: Map<number, number>;
}

export const REPORTED_LINES_PER_FILE = 3;

const NON_FINITE = /^([+-]?)(nan|inf|infinity)$/i;

// The parsers below run once per metric point (millions per file), so they avoid regular expressions on the
// common path.

/** Python's str(float): '0.5', '1e-05', '5', 'nan', 'inf', '-inf'; also 'Infinity'/'NaN' in any case. */
export function parseMetricValue(field: string): number | undefined {
	const n = Number(field);
	if (!Number.isNaN(n)) {
		// Number() also reads '0x1f', '0b1', '0o7' (and '' as 0); Python's float() reads none of them.
		const second = field.charCodeAt(1) | 0x20;
		const prefixed = field.charCodeAt(0) === 48 && (second === 0x78 || second === 0x62 || second === 0x6f);
		return prefixed || field === '' ? undefined : n;
	}
	const special = NON_FINITE.exec(field);
	if (!special) return undefined;
	if ((special[2] as string).toLowerCase() === 'nan') return NaN;
	return special[1] === '-' ? -Infinity : Infinity;
}

/** Timestamps and steps are int64 in MLflow; we keep them only when exactly representable. */
export function parseExactInteger(field: string): number | undefined {
	const sign = field.charCodeAt(0);
	let i = sign === 45 || sign === 43 ? 1 : 0;
	if (i >= field.length) return undefined;
	for (; i < field.length; i++) {
		const c = field.charCodeAt(i);
		if (c < 48 || c > 57) return undefined;
	}
	const n = Number(field);
	return Number.isSafeInteger(n) ? n + 0 : undefined; // + 0 turns '-0' into 0
}

/** Digits from..to of line as an integer, without making a substring; undefined if not all digits or too big. */
function digitsAt(line: string, from: number, to: number): number | undefined {
	if (from >= to || to - from > 15) return undefined;
	let n = 0;
	for (let i = from; i < to; i++) {
		const digit = line.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return undefined;
		n = n * 10 + digit;
	}
	return n;
}

/**
 * The common line, `<ts> <value> <step>` with non-negative integers and single spaces, parsed without splitting.
 * Returns false for anything else, which then takes the general path.
 */
function parseCommonLine(line: string, out: ParsedPoint): boolean {
	const a = line.indexOf(' ');
	const b = a === -1 ? -1 : line.indexOf(' ', a + 1);
	if (b === -1 || line.indexOf(' ', b + 1) !== -1) return false;
	const timestamp = digitsAt(line, 0, a);
	const step = digitsAt(line, b + 1, line.length);
	if (timestamp === undefined || step === undefined) return false;
	const value = parseMetricValue(line.slice(a + 1, b));
	if (value === undefined) return false;
	out.timestamp = timestamp;
	out.value = value;
	out.step = step;
	out.fieldCount = 3;
	out.fourth = undefined;
	return true;
}

/** Fills `out` and returns undefined, or returns why the line is not a metric point. */
export function parseMetricLine(line: string, out: ParsedPoint): string | undefined {
	if (parseCommonLine(line, out)) return undefined;
	const fields = line.trim().split(/\s+/);
	if (fields.length < 2) return `has ${fields.length} field, expected '<timestamp> <value> [<step>]'`;
	const [ts, value, step] = fields as [string, string, string | undefined];
	const timestamp = parseExactInteger(ts);
	if (timestamp === undefined) return `timestamp '${clip(ts)}' is not an integer`;
	const parsedValue = parseMetricValue(value);
	if (parsedValue === undefined) return `value '${clip(value)}' is not a number`;
	// docs/formats.md §1.7: field 3 is the step whenever present (MLflow's reader zeroes it on 5-field lines).
	const parsedStep = step === undefined ? 0 : parseExactInteger(step);
	if (parsedStep === undefined) return `step '${clip(step ?? '')}' is not an integer`;
	out.timestamp = timestamp;
	out.value = parsedValue;
	out.step = parsedStep;
	out.fieldCount = fields.length;
	out.fourth = fields[3];
	return undefined;
}

/** A short, printable excerpt of untrusted text for a report. */
export function clip(text: string, max = 60): string {
	const short = text.length > max ? `${text.slice(0, max)}…` : text;
	let out = '';
	for (const ch of short) {
		const code = ch.codePointAt(0) ?? 0;
		out += code < 0x20 || code === 0x7f ? '\uFFFD' : ch;
	}
	return out;
}

export function newStats(): MetricFileStats {
	return { points: 0, unparsedCount: 0, unparsed: [], fieldCounts: new Map() };
}

/** Streams one metric file, handing each point to onPoint and skipped lines to stats; yields bytes consumed. */
export async function* readMetricFile(
	file: SourceFile,
	stats: MetricFileStats,
	onPoint: (point: ParsedPoint) => void
): AsyncGenerator<number> {
	const point: ParsedPoint = { timestamp: 0, value: 0, step: 0, fieldCount: 0, fourth: undefined };
	const skip = (lineNo: number, text: string, reason: string) => {
		stats.unparsedCount++;
		if (stats.unparsed.length < REPORTED_LINES_PER_FILE)
			stats.unparsed.push({ lineNo, text: clip(text), reason });
	};
	yield* eachLine(file, {
		line(text, lineNo) {
			// Blank lines (a trailing newline, a '\r' alone) are normal; only they can start with whitespace cheaply.
			if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return;
			const reason = parseMetricLine(text, point);
			if (reason !== undefined) return skip(lineNo, text, reason);
			stats.points++;
			if (point.fieldCount !== 3) {
				stats.fieldCounts.set(point.fieldCount, (stats.fieldCounts.get(point.fieldCount) ?? 0) + 1);
			}
			onPoint(point);
		},
		overlong(lineNo) {
			skip(lineNo, '', 'is longer than any metric line (binary data?)');
		}
	});
}

export { MetricPacker } from '../metric-packer';
