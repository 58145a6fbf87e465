// Lightning's `hparams.yaml` beside a `metrics.csv`: a YAML map whose nested keys become params joined with `/`.
// It may hold Python tags (`!!python/object:…`) when a namespace was saved: parsed with no custom tags, so such
// values come out as plain data or strings, never as objects of any kind.
import { parse } from 'yaml';
import type { Tag } from '../../model/types';

/** Nesting past this is written as JSON in one param. */
const MAX_DEPTH = 8;
/** Params one file may give (Lightning users rarely have more than a few dozen). */
const MAX_PARAMS = 1_000;

export function hparamsParams(text: string): Tag[] | string {
	let data: unknown;
	try {
		data = parse(text, { logLevel: 'silent', maxAliasCount: 100, uniqueKeys: false });
	} catch (e) {
		return (e as Error).message.split('\n')[0] ?? 'not YAML';
	}
	if (data === null || data === undefined) return [];
	if (typeof data !== 'object' || Array.isArray(data)) return 'not a map of hyperparameters';
	const out: Tag[] = [];
	const walk = (value: unknown, key: string, depth: number) => {
		if (out.length >= MAX_PARAMS) return;
		if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < MAX_DEPTH) {
			for (const [k, v] of Object.entries(value as Record<string, unknown>))
				walk(v, key ? `${key}/${k}` : k, depth + 1);
			return;
		}
		out.push({ key, value: typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)) });
	};
	walk(data, '', 0);
	return out;
}
