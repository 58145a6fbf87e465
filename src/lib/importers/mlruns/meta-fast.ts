// The meta.yaml files MLflow writes are flat `key: value` lines: reading a thousand of them through the YAML
// library took a tenth of a zip import's reading time. This reads only that shape, with the failsafe schema's
// meaning (every scalar is its written text; a plain `null` or nothing is null), and gives up — the caller then
// uses the YAML library — on anything else: indentation, comments, flow collections other than `[]` and `{}`, double
// quotes, quotes inside quotes, spaces in plain values, non-ASCII text, repeated keys, '\r'.
import type { YamlMap } from './meta';

const LINE = /^([A-Za-z_][A-Za-z0-9_]{0,127}):(?: (.*))?$/;
/** A plain scalar that means its own text in any YAML context: no spaces, indicators or trailing ':'. */
const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./:-]*$/;
/** Single-quoted printable ASCII without quotes inside: the text between the quotes, exactly. */
const QUOTED = /^'([\x20-\x26\x28-\x7e]*)'$/;
const NULLS = new Set(['null', 'Null', 'NULL']);

export function parseFlatMeta(text: string): YamlMap | undefined {
	if (text.includes('\r')) return undefined;
	const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
	const map: YamlMap = new Map();
	for (const line of lines) {
		const match = LINE.exec(line);
		if (!match) return undefined;
		const key = match[1] as string;
		const raw = match[2];
		if (map.has(key)) return undefined;
		if (raw === undefined) map.set(key, null);
		else if (raw === '[]') map.set(key, []);
		else if (raw === '{}') map.set(key, new Map());
		else if (PLAIN.test(raw) && !raw.endsWith(':')) map.set(key, NULLS.has(raw) ? null : raw);
		else {
			const quoted = QUOTED.exec(raw);
			if (!quoted) return undefined;
			map.set(key, quoted[1] as string);
		}
	}
	return map;
}
