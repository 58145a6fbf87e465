// The code cell's sandbox: runs the user's JavaScript off the page, in a worker started fresh for each Run and
// ended by the page when the code is done (or on Stop). The order matters (docs/security.md, "The code cell"):
//  1. keep, in this closure, the little the runtime needs: postMessage, a timer, the error listeners;
//  2. take the code from the one message the page sends, then stop listening;
//  3. sweep the global scope (lockdown.ts): no storage, no network, no other contexts;
//  4. compile the code with `new Function` (this file is served from the app's origin with no CSP of its own,
//     so eval-like compilation works here while the page's policy forbids it), then shut off compiling more;
//  5. run it, then report done or the error with its line in the user's code.
import { forbidCodeFromStrings, lockDown } from './lockdown';
import {
	type Compile,
	functionBody,
	importExpressionLine,
	lineCount,
	measureOffset,
	PARAMETERS,
	sourceLineOfStack,
	toUserLine
} from './line-map';
import type { CellMessage } from './protocol';
import { createRuntime } from './runtime';

/** The few members of the worker's global scope used here (src/ is type-checked with the DOM library). */
interface WorkerScope {
	postMessage(message: unknown): void;
	setTimeout(handler: () => void, ms?: number): number;
	addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
	addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
	onmessage: ((event: MessageEvent<unknown>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const post = scope.postMessage.bind(scope) as (message: CellMessage) => void;
const timeout = scope.setTimeout.bind(scope);
const compile = Function as unknown as Compile;

let phase: 'waiting' | 'compiling' | 'running' | 'over' = 'waiting';
let offset = 0;
let userLines = 0;
let flush = () => {};

function report(error: unknown, sourceLine?: number): void {
	if (phase === 'over') return;
	phase = 'over';
	flush();
	const e = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
	const isError = typeof e === 'object' && e !== null;
	post({
		type: 'error',
		name: isError && typeof e.name === 'string' ? e.name : 'Error',
		message: isError ? String(e.message) : String(error),
		line: toUserLine(sourceLine ?? (isError ? sourceLineOfStack(e.stack) : undefined), offset, userLines)
	});
}

// Registered before the sweep takes addEventListener away; they stay registered. A syntax error is thrown by the
// compile below outside any try, so the browser reports it here with its position in the function's source.
scope.addEventListener('error', (event) => {
	event.preventDefault();
	if (phase === 'compiling')
		report({ name: 'SyntaxError', message: event.message.replace(/^Uncaught /, '') }, event.lineno);
	else report(event.error ?? { name: 'Error', message: event.message });
});
scope.addEventListener('unhandledrejection', (event) => {
	event.preventDefault();
	report(event.reason);
});

scope.onmessage = (event: MessageEvent<unknown>) => {
	scope.onmessage = null;
	const data = event.data as { type?: unknown; code?: unknown } | null;
	if (data?.type !== 'run' || typeof data.code !== 'string') return;
	const code = data.code;
	userLines = lineCount(code);
	offset = measureOffset(compile);
	const importLine = importExpressionLine(code);
	if (importLine !== undefined) {
		phase = 'running';
		report(
			{ name: 'SyntaxError', message: 'import() is not available in the code cell.' },
			importLine + offset
		);
		return;
	}
	const runtime = createRuntime({ post, schedule: (fn, ms) => void timeout(fn, ms), now: () => Date.now() });
	flush = runtime.flush;
	const left = lockDown(globalThis);
	if (left.length) {
		phase = 'running';
		report({ name: 'Error', message: `The sandbox could not remove ${left.join(', ')}: nothing was run.` });
		return;
	}
	phase = 'compiling';
	timeout(() => {
		const run = compile(...PARAMETERS, functionBody(code));
		phase = 'running';
		forbidCodeFromStrings(globalThis);
		run(runtime.runboard, runtime.console).then(
			() => {
				if (phase !== 'running') return;
				phase = 'over';
				runtime.flush();
				post({ type: 'done' });
			},
			(error: unknown) => report(error)
		);
	}, 0);
};
