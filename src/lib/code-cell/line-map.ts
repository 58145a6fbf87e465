// Where in the user's code an error happened. The code runs as the body of `new Function(...)`, whose source is
// the function's header, a prelude of ours, then the user's lines: every position the engine reports is shifted
// by the lines before the user's first one (the offset, measured by the worker with a probe rather than assumed).

/** The user's code becomes the body of an async arrow, so `await` works at its top level. */
export const PARAMETERS = ['runboard', 'console'] as const;
export const PRELUDE = '"use strict"; return (async () => {';

export function functionBody(code: string): string {
	return `${PRELUDE}\n${code}\n})();`;
}

// V8 names a frame in code from `new Function` "<anonymous>:LINE:COLUMN" (inside "eval at …"); Firefox and Safari
// write "> Function:LINE:COLUMN" / "Function code:LINE:COLUMN"-like tails. The first such frame is the innermost.
const FRAME = /(?:<anonymous>|> Function|Function code):(\d+):(\d+)\)?\s*$/;

/** The line, counted in the dynamic function's source, of the innermost frame in that source; undefined if none. */
export function sourceLineOfStack(stack: unknown): number | undefined {
	if (typeof stack !== 'string') return undefined;
	for (const frame of stack.split('\n')) {
		const match = FRAME.exec(frame);
		if (match) return Number(match[1]);
	}
	return undefined;
}

/** A line of the dynamic function's source → the user's line (1-based); undefined outside the user's code. */
export function toUserLine(
	sourceLine: number | undefined,
	offset: number,
	userLines: number
): number | undefined {
	if (sourceLine === undefined || !Number.isFinite(sourceLine)) return undefined;
	const line = sourceLine - offset;
	return line >= 1 && line <= userLines ? line : undefined;
}

export type Compile = (...source: string[]) => (...args: unknown[]) => Promise<unknown>;

/**
 * Lines before the user's first line in the compiled function's source (the header `new Function` writes, then our
 * prelude): a probe compiled the same way reads its own line. The arrow runs synchronously up to its first await,
 * so the probe's stack is there when the call returns.
 */
export function measureOffset(compile: Compile): number {
	const probe: { stack?: string } = {};
	void compile(...PARAMETERS, functionBody('runboard.stack = new Error().stack;'))(probe, undefined);
	return (sourceLineOfStack(probe.stack) ?? 1) - 1;
}

export function lineCount(code: string): number {
	return code.split('\n').length;
}

export function lineOfIndex(code: string, index: number): number {
	let line = 1;
	for (let i = 0; i < index && i < code.length; i++) if (code.charCodeAt(i) === 10) line++;
	return line;
}

// `import(…)` and `import.meta` would let code fetch modules from anywhere: no global can be deleted to stop them,
// so the text is refused. Comments between the keyword and the bracket do not hide it (block, line, and the
// `<!--` / `-->` comments scripts still accept); the same word inside a string or comment followed by "(" is
// refused too (rare, and the message says why).
const IMPORT = /\bimport(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*|<!--[^\n]*|-->[^\n]*)*[(.]/;

/** The line of the first import expression in the code, or undefined when there is none. */
export function importExpressionLine(code: string): number | undefined {
	const match = IMPORT.exec(code);
	return match ? lineOfIndex(code, match.index) : undefined;
}
