// Character-level scanner for the run-search grammar (docs/formats.md §4.3). The grammar is context-sensitive
// (a bare key may hold dots and slashes, a number may start with '-'), so the parser asks for the token it
// expects next instead of consuming a pre-built token stream. Pure TS: runs in the page and in the worker.
import { RunboardError } from '../api/errors';

export type QuoteChar = "'" | '"' | '`';

export interface Quoted {
	text: string;
	quote: QuoteChar;
	start: number;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
// Bare keys after `entity.`: word characters plus '.' and '/' (e.g. tags.mlflow.runName, metrics.train/loss).
const BARE_KEY = /[A-Za-z0-9_][A-Za-z0-9_./]*/y;
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const SPACE = /\s*/y;

export class Scanner {
	pos = 0;

	constructor(
		readonly text: string,
		/** Names the input in messages: 'filter' or 'order_by clause'. */
		readonly what: string
	) {}

	get done(): boolean {
		return this.pos >= this.text.length;
	}

	peek(offset = 0): string {
		return this.text.charAt(this.pos + offset);
	}

	skipSpace(): void {
		this.match(SPACE);
	}

	/** Consumes `s` if it comes next, exactly. */
	eat(s: string): boolean {
		if (!this.text.startsWith(s, this.pos)) return false;
		this.pos += s.length;
		return true;
	}

	readWord(): string | null {
		return this.match(WORD);
	}

	readBareKey(): string | null {
		return this.match(BARE_KEY);
	}

	/** Peeks the next bare word without consuming it (for keyword look-ahead). */
	peekWord(): string | null {
		const start = this.pos;
		const word = this.match(WORD);
		this.pos = start;
		return word;
	}

	/**
	 * Reads a quoted run starting at the current character, if it is one of `quotes`. Inside, a doubled quote
	 * (SQL style `''`) or a backslash before the quote or a backslash stands for that character; any other
	 * backslash is kept, so Windows paths like 'C:\data' survive.
	 */
	readQuoted(quotes: readonly QuoteChar[]): Quoted | null {
		const quote = this.peek() as QuoteChar;
		if (!quotes.includes(quote)) return null;
		const start = this.pos;
		let text = '';
		let i = start + 1;
		while (i < this.text.length) {
			const c = this.text.charAt(i);
			const next = this.text.charAt(i + 1);
			if (c === quote && next === quote) {
				text += quote;
				i += 2;
			} else if (c === quote) {
				this.pos = i + 1;
				return { text, quote, start };
			} else if (c === '\\' && (next === quote || next === '\\')) {
				text += next;
				i += 2;
			} else {
				text += c;
				i += 1;
			}
		}
		return this.fail(`the ${quote} opened here is never closed; add a closing ${quote}`, start);
	}

	/** Reads a number (sign, decimals, exponent). It must not run into letters, as in `1abc` or `1.2.3`. */
	readNumber(): number | null {
		const start = this.pos;
		const raw = this.match(NUMBER);
		if (raw === null) return null;
		if (/[A-Za-z0-9_.]/.test(this.peek())) {
			this.fail(`"${raw}${this.rest(8)}" is not a number; quote it if it is a string`, start);
		}
		return Number(raw);
	}

	/** The next few characters, for messages. */
	rest(max = 12): string {
		const rest = this.text.slice(this.pos, this.pos + max);
		return this.pos + max < this.text.length ? `${rest}…` : rest;
	}

	/** Describes what comes next, for "expected X, found Y" messages. */
	found(): string {
		return this.done ? 'the end of the input' : `"${this.rest()}"`;
	}

	/** Throws INVALID_FILTER pointing at a 1-based character position. */
	fail(message: string, at = this.pos): never {
		const end = /[.?!]$/.test(message) ? '' : '.';
		throw new RunboardError(
			'INVALID_FILTER',
			`Invalid ${this.what} at character ${at + 1}: ${message}${end}`,
			{
				[this.what === 'filter' ? 'filter' : 'orderBy']: this.text,
				position: at + 1
			}
		);
	}

	private match(re: RegExp): string | null {
		re.lastIndex = this.pos;
		const m = re.exec(this.text);
		if (m === null) return null;
		this.pos += m[0].length;
		return m[0];
	}
}
