// Lines of a JSON Lines file read as a stream (a line per chunk boundary carried over, never the whole file as
// one string), each parsed with Python's extensions to JSON: `json.dump`'s defaults write bare NaN, Infinity and
// -Infinity, which JSON.parse refuses. Shared by the JSON-log importers.

/** One line may hold a whole series (TensorBoard.dev writes one per tag); past this it is refused, not held. */
export const MAX_JSON_LINE_CHARS = 256 * 1024 * 1024;

/**
 * JSON.parse with Python's bare NaN / Infinity / -Infinity outside strings: infinities become 1e999 (which
 * JSON.parse reads as ±Infinity) and NaN the string "NaN", which the numeric readers take as NaN.
 */
export function parsePythonJson(text: string): unknown {
	if (!/NaN|Infinity/.test(text)) return JSON.parse(text);
	let out = '';
	let last = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92 /* \ */) i++;
			else if (c === 34 /* " */) inString = false;
			continue;
		}
		if (c === 34) inString = true;
		else if (c === 78 /* N */ && text.startsWith('NaN', i)) {
			out += `${text.slice(last, i)}"NaN"`;
			i += 2;
			last = i + 1;
		} else if (c === 73 /* I */ && text.startsWith('Infinity', i)) {
			out += `${text.slice(last, i)}1e999`;
			i += 7;
			last = i + 1;
		}
	}
	return JSON.parse(out + text.slice(last));
}

/** A number as Python's json wrote it: numbers, or the "NaN" that parsePythonJson made of a bare NaN. */
export function jsonNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (value === 'NaN') return NaN;
	return undefined;
}

/** Every line of a stream of UTF-8 text with its 1-based number; `\r\n` endings are taken too. */
export async function* textLines(
	stream: ReadableStream<Uint8Array>
): AsyncGenerator<{ text: string; lineNo: number }> {
	const reader = stream.getReader();
	const decoder = new TextDecoder();
	let carry = '';
	let lineNo = 0;
	try {
		for (;;) {
			const { value, done } = await reader.read();
			carry += done ? decoder.decode() : decoder.decode(value, { stream: true });
			let start = 0;
			for (let nl = carry.indexOf('\n'); nl >= 0; nl = carry.indexOf('\n', start)) {
				lineNo++;
				yield { text: carry.slice(start, carry[nl - 1] === '\r' ? nl - 1 : nl), lineNo };
				start = nl + 1;
			}
			carry = carry.slice(start);
			if (carry.length > MAX_JSON_LINE_CHARS)
				throw new RangeError(`line ${lineNo + 1} is longer than ${MAX_JSON_LINE_CHARS} characters`);
			if (done) break;
		}
		if (carry !== '') yield { text: carry, lineNo: lineNo + 1 };
	} finally {
		reader.releaseLock();
	}
}
