// Mutations of any file's bytes and of text files (meta.yaml, metric lines, params): what a damaged disk, a cut
// download, a hand edit or a hostile author makes of a file MLflow wrote.
import type { Prng } from '../prng';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Values that YAML, number parsing and our own limits treat specially. */
const TOKENS = [
	'',
	'null',
	'~',
	'[',
	']',
	'{',
	'{a: b}',
	'[1, [2, [3]]]',
	'&a x',
	'*a',
	'!!python/object:os.system',
	"'unterminated",
	'"\\u0000"',
	'1e400',
	'-1',
	'-0',
	'NaN',
	'inf',
	'0x1f',
	'99999999999999999999999',
	'1.5',
	'__proto__',
	'constructor',
	// Well-formed text only: file names and decoded text never hold a lone surrogate (the browser's File names
	// are USVStrings; zip names and file contents go through a TextDecoder).
	'ü\u202e\ufffd\u0301',
	'\t',
	'\r',
	'---',
	'...',
	'a'.repeat(300),
	'x'.repeat(7000),
	'0123456789abcdef0123456789abcdef',
	'DELETED',
	'deleted',
	'FINISHED',
	'9'
];

export function token(prng: Prng): string {
	return prng.pick(TOKENS);
}

/** One byte-level change: flip, truncate, insert, delete, overwrite or repeat a slice. */
export function mutateBytes(prng: Prng, bytes: Uint8Array): Uint8Array {
	const n = bytes.length;
	const at = prng.int(n + 1);
	switch (prng.int(7)) {
		case 0: {
			const out = bytes.slice();
			const flips = 1 + prng.int(8);
			for (let i = 0; i < flips && n > 0; i++) out[prng.int(n)]! ^= 1 << prng.int(8);
			return out;
		}
		case 1:
			return bytes.slice(0, at);
		case 2:
			return concat(bytes.subarray(0, at), prng.bytes(1 + prng.int(64)), bytes.subarray(at));
		case 3:
			return concat(bytes.subarray(0, at), bytes.subarray(Math.min(n, at + 1 + prng.int(64))));
		case 4: {
			const out = bytes.slice();
			out.set(prng.bytes(Math.min(n - Math.min(at, n), 1 + prng.int(16))), Math.min(at, n));
			return out;
		}
		case 5: {
			const length = Math.min(n - Math.min(at, n), 1 + prng.int(256));
			const slice = bytes.subarray(at, at + length);
			return concat(bytes.subarray(0, at), slice, slice, bytes.subarray(at));
		}
		default:
			return concat(bytes.subarray(0, at), enc.encode(token(prng)), bytes.subarray(at));
	}
}

/** One line-level change of a text file: a line dropped, repeated, re-indented or with a value replaced. */
export function mutateText(prng: Prng, bytes: Uint8Array): Uint8Array {
	const lines = dec.decode(bytes).split('\n');
	const i = prng.int(lines.length);
	const line = lines[i] ?? '';
	switch (prng.int(8)) {
		case 0:
			lines.splice(i, 1);
			break;
		case 1:
			lines.splice(i, 0, line);
			break;
		case 2:
			lines[i] = ' '.repeat(1 + prng.int(6)) + line;
			break;
		case 3: {
			const colon = line.indexOf(':');
			lines[i] = colon >= 0 ? `${line.slice(0, colon + 1)} ${token(prng)}` : token(prng);
			break;
		}
		case 4: {
			const fields = line.split(' ');
			fields[prng.int(fields.length)] = token(prng);
			lines[i] = fields.join(' ');
			break;
		}
		case 5:
			lines[i] = line.slice(0, prng.int(line.length + 1));
			lines.length = i + 1;
			break;
		case 6:
			lines.splice(i, 0, `${token(prng)}: ${token(prng)}`);
			break;
		default:
			return concat(enc.encode('\ufeff'), enc.encode(lines.join('\r\n')));
	}
	return enc.encode(lines.join('\n'));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
	let offset = 0;
	for (const p of parts) {
		out.set(p, offset);
		offset += p.length;
	}
	return out;
}
