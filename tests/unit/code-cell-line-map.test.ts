// Where an error in the code cell is reported: V8's real `new Function` (Node runs the same engine as Chromium)
// compiled exactly as the sandbox worker compiles the user's code, so the offset and the frame parsing are tested
// against what the engine really writes, plus recorded stacks of other engines.
import { describe, expect, it } from 'vitest';
import {
	functionBody,
	importExpressionLine,
	lineCount,
	lineOfIndex,
	measureOffset,
	PARAMETERS,
	sourceLineOfStack,
	toUserLine,
	type Compile
} from '$lib/code-cell/line-map';

const compile = Function as unknown as Compile;

async function errorLine(code: string): Promise<number | undefined> {
	const offset = measureOffset(compile);
	const error = await compile(...PARAMETERS, functionBody(code))({}, console).then(
		() => undefined,
		(e: unknown) => e as Error
	);
	expect(error).toBeInstanceOf(Error);
	return toUserLine(sourceLineOfStack(error!.stack), offset, lineCount(code));
}

describe('code cell line mapping', () => {
	it('measures the lines before the user code from a probe', () => {
		// The header `new Function` writes (2 lines, per the spec) and our prelude (1 line).
		expect(measureOffset(compile)).toBe(3);
	});

	it('maps a runtime error to its line, in top-level code and inside a function the user defined', async () => {
		expect(await errorLine('const a = 1;\nconst b = 2;\nnull.x;\n')).toBe(3);
		expect(await errorLine('function f() {\n\treturn undefined.y;\n}\n\n\nf();')).toBe(2);
		expect(await errorLine('await Promise.resolve();\n\nthrow new Error("late")')).toBe(3);
	});

	it('maps an error thrown inside a callee (the runtime) to the line of the user call', async () => {
		const offset = measureOffset(compile);
		const runtime = {
			logMetric() {
				throw new TypeError('value must be a number');
			}
		};
		const code = 'let x = 1;\nruntime.logMetric("m", "nope");';
		const error = await compile('runtime', functionBody(code))(runtime).catch((e: Error) => e);
		expect(toUserLine(sourceLineOfStack((error as Error).stack), offset, 2)).toBe(2);
	});

	it('reads the first frame of code from new Function in V8, Firefox and Safari shaped stacks', () => {
		const v8 =
			'TypeError: x\n    at Array.map (<anonymous>)\n    at eval (eval at start (https://h/w.js:1:99), <anonymous>:7:3)\n    at eval (eval at start (https://h/w.js:1:99), <anonymous>:9:1)';
		expect(sourceLineOfStack(v8)).toBe(7);
		expect(sourceLineOfStack('train@https://h/w.js line 1 > Function:12:5\n@https://h/w.js:1:2')).toBe(12);
		expect(sourceLineOfStack(undefined)).toBeUndefined();
		expect(sourceLineOfStack('Error\n    at https://h/w.js:3:4')).toBeUndefined();
	});

	it('gives no line outside the user code', () => {
		expect(toUserLine(3, 3, 10)).toBeUndefined();
		expect(toUserLine(14, 3, 10)).toBeUndefined();
		expect(toUserLine(13, 3, 10)).toBe(10);
		expect(toUserLine(undefined, 3, 10)).toBeUndefined();
	});

	it('finds import expressions, also behind comments, and their line', () => {
		expect(importExpressionLine('const a = 1;\nconst m = await import("/x.js");')).toBe(2);
		expect(importExpressionLine('\n\nimport /* hidden */ ("https://e.example/")')).toBe(3);
		expect(importExpressionLine('import // line comment\n("y")')).toBe(1);
		expect(importExpressionLine('console.log(import.meta.url)')).toBe(1);
		// Scripts (a Function body is one) still take HTML-like comments: they do not hide it either.
		const html = 'const x = 1;\nimport <!-- hidden\n("/y")';
		expect(() => new Function(html)).not.toThrow(); // the engine really reads that as import("/y")
		expect(importExpressionLine(html)).toBe(2);
		expect(importExpressionLine('import\n--> also a comment\n("/z")')).toBe(1);
		expect(importExpressionLine('const important = 1; reimport(2); imports.length')).toBeUndefined();
		expect(lineOfIndex('a\nb\nc', 4)).toBe(3);
	});
});
