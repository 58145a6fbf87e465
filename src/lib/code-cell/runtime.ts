// The `runboard` and `console` objects the user's code is given inside the sandbox worker, shaped like MLflow's
// fluent API (mlflow.start_run, log_param, log_metric, …). Calls are checked here, so a mistake is thrown at the
// user's line, and queued in an outbox that posts them to the page in batches (one message per 1,000 calls or
// points, or after a short pause): a loop logging 10,000 points sends ten messages, not 10,000.
// Pure: `post` and `schedule` are handed in, so unit tests run it in Node.
import {
	CELL_LIMITS,
	CellError,
	callWeight,
	checkCall,
	checkEndStatus,
	checkMetric,
	checkStrings,
	cutLine,
	type CellCall,
	type CellMessage
} from './protocol';
import { checkKey } from '$lib/api/validate';

export interface RuntimeHost {
	post(message: CellMessage): void;
	/** Runs `fn` once soon (the worker's own setTimeout, kept before the sandbox removed it from the global). */
	schedule(fn: () => void, ms: number): void;
	now(): number;
}

/** Points per message, and the pause after which waiting points go. */
export const FLUSH_SIZE = CELL_LIMITS.batchCalls;
export const FLUSH_MS = 50;

/**
 * Metric points wait (up to FLUSH_SIZE, or FLUSH_MS after the first); any other call goes at once, with the points
 * before it: a run started just before `while (true) {}` still reaches the page, so Stop can mark it KILLED.
 */
export class Outbox {
	private calls: CellCall[] = [];
	private weight = 0;
	private since = 0;
	private scheduled = false;
	constructor(private readonly host: RuntimeHost) {}

	add(call: CellCall): void {
		const last = this.calls.at(-1);
		if (call.op === 'metrics' && last?.op === 'metrics') last.metrics.push(...call.metrics);
		else this.calls.push(call);
		if (this.weight === 0) this.since = this.host.now();
		this.weight += callWeight(call);
		if (call.op !== 'metrics' || this.weight >= FLUSH_SIZE || this.host.now() - this.since >= FLUSH_MS)
			this.flush();
		else if (!this.scheduled) {
			this.scheduled = true;
			this.host.schedule(() => {
				this.scheduled = false;
				this.flush();
			}, FLUSH_MS);
		}
	}

	flush(): void {
		if (this.calls.length === 0) return;
		const calls = this.calls;
		this.calls = [];
		this.weight = 0;
		this.host.post({ type: 'calls', calls });
	}
}

export function formatValue(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value instanceof Error) return `${value.name}: ${value.message}`;
	if (typeof value === 'object' && value !== null) {
		try {
			return JSON.stringify(value) ?? String(value);
		} catch {
			return Object.prototype.toString.call(value);
		}
	}
	return String(value);
}

export interface StartedRun {
	runName?: string;
	experimentName?: string;
}

export function createRuntime(host: RuntimeHost) {
	const outbox = new Outbox(host);
	const count = { points: 0, other: 0, lines: 0, runs: 0, artifactLength: 0 };
	let active: { run: StartedRun; params: Map<string, string> } | undefined;

	function limit(what: keyof typeof count, add: number, max: number, label: string): void {
		count[what] += add;
		if (count[what] > max)
			throw new CellError(`Limit reached: at most ${max.toLocaleString('en')} ${label}.`);
	}
	function send(call: CellCall): void {
		if (call.op !== 'metrics' && call.op !== 'log') limit('other', 1, CELL_LIMITS.otherCalls, 'calls');
		outbox.add(call);
	}
	function current() {
		if (!active) startRun();
		return active!;
	}

	function startRun(
		options: { runName?: unknown; experimentName?: unknown; tags?: unknown } = {}
	): StartedRun {
		if (active)
			throw new CellError('A run is already active: call runboard.endRun() before starting another.');
		if (typeof options !== 'object' || options === null) throw new CellError('startRun takes an object.');
		const call = checkCall({ op: 'startRun', ...options }) as Extract<CellCall, { op: 'startRun' }>;
		limit('runs', 1, CELL_LIMITS.runs, 'runs');
		send(call);
		active = { run: { runName: call.runName, experimentName: call.experimentName }, params: new Map() };
		return { ...active.run };
	}

	function logParams(params: unknown): void {
		const checked = checkStrings('Param', params);
		const run = current();
		for (const [key, value] of Object.entries(checked)) {
			const before = run.params.get(key);
			if (before !== undefined && before !== value)
				throw new CellError(`Param "${key}" was logged as "${before}"; a param cannot change within a run.`);
			run.params.set(key, value);
		}
		send({ op: 'params', params: checked });
	}

	function logMetrics(metrics: unknown, step: unknown = 0): void {
		if (typeof metrics !== 'object' || metrics === null) throw new CellError('logMetrics takes an object.');
		const now = host.now();
		const checked = Object.entries(metrics).map(([key, value]) =>
			checkMetric({ key, value, step, timestamp: now })
		);
		current();
		limit('points', checked.length, CELL_LIMITS.metricPoints, 'metric points');
		outbox.add({ op: 'metrics', metrics: checked });
	}

	const runboard = Object.freeze({
		startRun,
		endRun(status: unknown = 'FINISHED'): void {
			const checked = checkEndStatus(status);
			if (!active) return;
			send({ op: 'endRun', status: checked });
			active = undefined;
		},
		logParam(key: unknown, value: unknown): void {
			logParams({ [checkKey('Param', key)]: value });
		},
		logParams,
		logMetric(key: unknown, value: unknown, step: unknown = 0): void {
			logMetrics({ [checkKey('Metric', key)]: value }, step);
		},
		logMetrics,
		setTag(key: unknown, value: unknown): void {
			const tags = checkStrings('Tag', { [checkKey('Tag', key)]: value });
			current();
			send({ op: 'tags', tags });
		},
		setTags(tags: unknown): void {
			const checked = checkStrings('Tag', tags);
			current();
			send({ op: 'tags', tags: checked });
		},
		logArtifact(path: unknown, text: unknown): void {
			const call = checkCall({
				op: 'artifact',
				path,
				text: typeof text === 'string' ? text : formatValue(text)
			});
			current();
			limit(
				'artifactLength',
				(call as { text: string }).text.length,
				CELL_LIMITS.artifactTotalLength,
				'artifact characters'
			);
			send(call);
		},
		/** The run's name as given to startRun (the page shows the generated one). */
		activeRun(): StartedRun | undefined {
			return active ? { ...active.run } : undefined;
		}
	});

	function line(level: 'log' | 'warn' | 'error') {
		return (...values: unknown[]): void => {
			limit('lines', 1, CELL_LIMITS.logLines, 'console lines');
			outbox.add({ op: 'log', level, text: cutLine(values.map(formatValue).join(' ')) });
		};
	}
	const console = Object.freeze({
		log: line('log'),
		info: line('log'),
		warn: line('warn'),
		error: line('error')
	});

	return { runboard, console, flush: () => outbox.flush() };
}
