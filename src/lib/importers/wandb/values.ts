// Values of W&B items: JSON text as Python's json wrote it (bare NaN/Infinity), numbers of a metric, and nested
// objects flattened to `a.b` keys. Media (`{"_type": "image-file", …}`) and text are no metric: they are counted.
import { jsonNumber, parsePythonJson } from '../json-lines';
import type { Item } from './records';

/** Nested objects deeper than this are kept as JSON text (params) or skipped (metrics). */
const MAX_DEPTH = 8;
/** One value's JSON text; a longer one is no param or metric anyone reads (and parsing it costs memory). */
const MAX_JSON_CHARS = 1024 * 1024;

export const UNPARSED = Symbol('unparsed');

/** The item's value, or UNPARSED when its JSON is broken or too long. */
export function itemValue(item: Item): unknown {
	if (item.number !== null) return item.number;
	if (item.json === null || item.json.length > MAX_JSON_CHARS) return UNPARSED;
	try {
		return parsePythonJson(item.json);
	} catch {
		return UNPARSED;
	}
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** The numbers in a value: itself, or the numeric leaves of a nested object as `key.sub`; the rest counted. */
export function numericLeaves(key: string, value: unknown, out: [string, number][], depth = 0): number {
	const n = jsonNumber(value);
	if (n !== undefined) {
		out.push([key, n]);
		return 0;
	}
	if (isPlainObject(value) && !('_type' in value) && depth < MAX_DEPTH) {
		let skipped = 0;
		for (const [k, v] of Object.entries(value)) skipped += numericLeaves(`${key}.${k}`, v, out, depth + 1);
		return skipped;
	}
	return 1;
}

/** A param's text: strings as they are, the rest as JSON (lists too); nested objects flattened to `a.b`. */
export function flattenParams(key: string, value: unknown, out: Map<string, string>, depth = 0): void {
	if (isPlainObject(value) && depth < MAX_DEPTH && Object.keys(value).length > 0) {
		for (const [k, v] of Object.entries(value)) flattenParams(`${key}.${k}`, v, out, depth + 1);
	} else if (typeof value === 'number' && !Number.isFinite(value)) out.set(key, String(value));
	else out.set(key, typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
}
