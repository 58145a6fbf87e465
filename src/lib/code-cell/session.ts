// One press of Run, on the page's side: starts a fresh sandbox worker with the code, checks every message it sends
// (protocol.ts), and writes through the app's runboard client in order: runs, params, tags, artifacts at once,
// metric points buffered (metric-buffer.ts). A run left open is ended when the code ends (FINISHED), fails
// (FAILED) or is stopped (KILLED: the worker is terminated, which ends even `while (true) {}`).
import type { RunboardClient } from '$lib/client';
import { toRunboardError } from '$lib/api/errors';
import { FLUSH_MS, MetricBuffer } from './metric-buffer';
import { CELL_LIMITS, CellError, checkMessage, type CellCall, type CellStatus } from './protocol';

export const DEFAULT_EXPERIMENT = 'code-cell';

export interface OutputLine {
	kind: 'log' | 'warn' | 'error' | 'info';
	text: string;
	/** The user's line an error points at. */
	line?: number;
}

export interface CellRun {
	runId: string;
	runName: string;
	experimentId: string;
	status: 'RUNNING' | CellStatus;
}

export interface SessionEvents {
	line(line: OutputLine): void;
	run(run: CellRun): void;
	metricKey(runId: string, key: string): void;
	end(status: CellStatus, error?: OutputLine): void;
}

type Client = Pick<
	RunboardClient,
	'createRun' | 'createExperiment' | 'getExperimentByName' | 'logBatch' | 'logArtifact' | 'setTerminated'
>;

export class CellSession {
	private chain: Promise<void> = Promise.resolve();
	private buffer = new MetricBuffer();
	private open: CellRun | undefined;
	private experiments = new Map<string, string>();
	private counts = { messages: 0, points: 0, other: 0, lines: 0 };
	private timer: ReturnType<typeof setTimeout> | undefined;
	private ended = false;

	constructor(
		private readonly worker: Worker,
		private readonly client: Client,
		private readonly events: SessionEvents
	) {}

	start(code: string): void {
		this.worker.onmessage = (event) => this.receive(event.data);
		this.worker.onmessageerror = () => this.fail(new CellError('A message from the code could not be read.'));
		this.worker.onerror = (event) => {
			event.preventDefault();
			this.fail(new CellError(event.message || 'The code cell could not start.'));
		};
		this.worker.postMessage({ type: 'run', code });
	}

	/** Stop: the worker is ended at once; what it had sent is still written, then the open run is KILLED. */
	stop(): void {
		if (this.ended) return;
		this.finish('KILLED', { kind: 'info', text: 'Stopped.' });
	}

	private receive(data: unknown): void {
		if (this.ended) return;
		try {
			if (++this.counts.messages > CELL_LIMITS.messages)
				throw new CellError(
					`Limit reached: at most ${CELL_LIMITS.messages} messages from one run of the code.`
				);
			const message = checkMessage(data);
			if (message.type === 'calls') {
				this.count(message.calls);
				const calls = message.calls;
				this.queue(() => this.apply(calls));
			} else if (message.type === 'done') this.finish('FINISHED');
			else
				this.finish('FAILED', {
					kind: 'error',
					text: `${message.name}: ${message.message}`,
					line: message.line
				});
		} catch (error) {
			this.fail(error);
		}
	}

	/** The page's own count of what the worker sent: its runtime counts too, but is not trusted. */
	private count(calls: CellCall[]): void {
		for (const call of calls) {
			if (call.op === 'metrics') this.counts.points += call.metrics.length;
			else if (call.op === 'log') this.counts.lines++;
			else this.counts.other++;
		}
		if (this.counts.points > CELL_LIMITS.metricPoints)
			throw new CellError(
				`Limit reached: at most ${CELL_LIMITS.metricPoints.toLocaleString('en')} metric points.`
			);
		if (this.counts.lines > CELL_LIMITS.logLines)
			throw new CellError(
				`Limit reached: at most ${CELL_LIMITS.logLines.toLocaleString('en')} console lines.`
			);
		if (this.counts.other > CELL_LIMITS.otherCalls)
			throw new CellError(`Limit reached: at most ${CELL_LIMITS.otherCalls.toLocaleString('en')} calls.`);
	}

	private fail(error: unknown): void {
		if (this.ended) return;
		const e = error instanceof CellError ? error : toRunboardError(error);
		this.finish('FAILED', { kind: 'error', text: `${e.name}: ${e.message}` });
	}

	/** Writes run one after another, so a run exists before its first param and ends after its last point. */
	private queue(step: () => Promise<void>): void {
		this.chain = this.chain.then(step).catch((error: unknown) => this.fail(error));
	}

	private async apply(calls: CellCall[]): Promise<void> {
		for (const call of calls) {
			if (call.op === 'log') {
				this.events.line({ kind: call.level, text: call.text });
				continue;
			}
			if (call.op === 'startRun') {
				await this.flush();
				await this.startRun(call);
				continue;
			}
			const run = this.open;
			if (!run) throw new CellError(`No active run for ${call.op}.`);
			if (call.op === 'metrics') {
				for (const key of this.buffer.push(call.metrics)) this.events.metricKey(run.runId, key);
				if (this.buffer.full) await this.flush();
				else this.timer ??= setTimeout(() => this.queue(() => this.flush()), FLUSH_MS);
			} else if (call.op === 'params') await this.client.logBatch(run.runId, { params: call.params });
			else if (call.op === 'tags') await this.client.logBatch(run.runId, { tags: call.tags });
			else if (call.op === 'artifact') await this.client.logArtifact(run.runId, call.path, call.text);
			else if (call.op === 'endRun') {
				await this.flush();
				await this.end(call.status);
			}
		}
	}

	private async startRun(call: Extract<CellCall, { op: 'startRun' }>): Promise<void> {
		const name = call.experimentName?.trim() || DEFAULT_EXPERIMENT;
		let experimentId = this.experiments.get(name);
		if (!experimentId) {
			experimentId =
				(await this.client.getExperimentByName(name))?.experimentId ??
				(await this.client.createExperiment(name));
			this.experiments.set(name, experimentId);
		}
		const run = await this.client.createRun({ experimentId, runName: call.runName, tags: call.tags });
		this.buffer.reset();
		this.open = { runId: run.info.runId, runName: run.info.runName, experimentId, status: 'RUNNING' };
		this.events.run({ ...this.open });
	}

	private async flush(): Promise<void> {
		clearTimeout(this.timer);
		this.timer = undefined;
		while (this.open && this.buffer.size > 0)
			await this.client.logBatch(this.open.runId, { metrics: this.buffer.take() });
	}

	private async end(status: CellStatus): Promise<void> {
		const run = this.open;
		if (!run) return;
		this.open = undefined;
		await this.client.setTerminated(run.runId, status);
		this.events.run({ ...run, status });
	}

	/** Ends the execution once: the worker goes at once, the writes already queued finish, the open run ends. */
	private finish(status: CellStatus, note?: OutputLine): void {
		if (this.ended) return;
		this.ended = true;
		this.worker.terminate();
		if (note && note.kind === 'error') this.events.line(note);
		this.chain = this.chain
			.then(() => this.flush())
			.catch((error: unknown) => {
				const e = toRunboardError(error);
				this.events.line({ kind: 'error', text: `${e.name}: ${e.message}` });
				status = 'FAILED';
			})
			.then(() => this.end(status))
			.catch(() => undefined)
			.then(() => this.events.end(status, note));
	}

	/** Resolves when every write of this execution is done (the page awaits it before the next Run). */
	settled(): Promise<void> {
		return this.chain;
	}
}
