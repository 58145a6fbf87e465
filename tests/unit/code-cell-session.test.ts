// The page's side of the code cell (CellSession) against the real client on sqlite-wasm (tests/unit/harness.ts).
// The worker is stood in for by an object that either runs the real runtime in-process (what the sandbox does,
// minus the sweep) or sends crafted messages: what a worker whose runtime was subverted could send.
import { describe, expect, it } from 'vitest';
import { CELL_LIMITS, type CellMessage } from '$lib/code-cell/protocol';
import { createRuntime } from '$lib/code-cell/runtime';
import { functionBody, PARAMETERS, type Compile } from '$lib/code-cell/line-map';
import { CellSession, type CellRun, type OutputLine } from '$lib/code-cell/session';
import type { CellStatus } from '$lib/code-cell/protocol';
import { createTestDb } from './harness';

class StandInWorker {
	onmessage: ((event: { data: unknown }) => void) | null = null;
	onerror: unknown = null;
	onmessageerror: unknown = null;
	terminated = false;
	constructor(private readonly behave: (worker: StandInWorker, code: string) => void) {}
	postMessage(data: { code: string }): void {
		queueMicrotask(() => this.behave(this, data.code));
	}
	send(message: unknown): void {
		if (!this.terminated) this.onmessage?.({ data: structuredClone(message) });
	}
	terminate(): void {
		this.terminated = true;
	}
}

/** Runs the code with the real runtime, as the sandbox worker does (without the sweep). */
const realRuntime = (worker: StandInWorker, code: string) => {
	const post = (m: CellMessage) => worker.send(m);
	const runtime = createRuntime({
		post,
		schedule: (fn, ms) => void setTimeout(fn, ms),
		now: () => Date.now()
	});
	const run = (Function as unknown as Compile)(...PARAMETERS, functionBody(code));
	run(runtime.runboard, runtime.console).then(
		() => (runtime.flush(), post({ type: 'done' })),
		(e: Error) => (runtime.flush(), post({ type: 'error', name: e.name, message: e.message }))
	);
};

async function session(behave: (worker: StandInWorker, code: string) => void, code = '') {
	const { client } = await createTestDb();
	const worker = new StandInWorker(behave);
	const lines: OutputLine[] = [];
	const runs: CellRun[] = [];
	let resolveEnd: (value: { status: CellStatus; note?: OutputLine }) => void = () => {};
	const ended = new Promise<{ status: CellStatus; note?: OutputLine }>((r) => (resolveEnd = r));
	const cell = new CellSession(worker as unknown as Worker, client, {
		line: (line) => lines.push(line),
		run: (run) => runs.push(run),
		metricKey: () => {},
		end: (status, note) => resolveEnd({ status, note })
	});
	cell.start(code);
	return { client, worker, lines, runs, ended, cell };
}

describe('code cell session', () => {
	it('writes 10,000 points from the real runtime in batches, and ends the open run FINISHED', async () => {
		const s = await session(
			realRuntime,
			"runboard.startRun({ runName: 'ten', experimentName: 'cells' });\nrunboard.logParam('lr', 0.1);\n" +
				"for (let i = 0; i < 10000; i++) runboard.logMetric('m', i, i);\nconsole.log('done');"
		);
		expect((await s.ended).status).toBe('FINISHED');
		expect(s.worker.terminated).toBe(true);
		const runId = s.runs[0]!.runId;
		const run = await s.client.getRun(runId);
		expect(run.info.status).toBe('FINISHED');
		expect(run.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
		expect((await s.client.getExperiment(run.info.experimentId)).name).toBe('cells');
		const history = await s.client.getMetricHistory(runId, 'm');
		expect(history.map((p) => p.step)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
		expect(s.lines).toEqual([{ kind: 'log', text: 'done' }]);
	});

	it('stops a worker that floods past the point limit, and keeps what came before it', async () => {
		const batch = (from: number) => ({
			type: 'calls',
			calls: [
				{
					op: 'metrics',
					metrics: Array.from({ length: 1_000 }, (_, i) => ({
						key: 'm',
						value: 1,
						step: from + i,
						timestamp: 1
					}))
				}
			]
		});
		const s = await session((worker) => {
			worker.send({ type: 'calls', calls: [{ op: 'startRun', runName: 'flood' }] });
			for (let i = 0; i <= CELL_LIMITS.metricPoints / 1_000; i++) worker.send(batch(i * 1_000));
		});
		const { status, note } = await s.ended;
		expect(status).toBe('FAILED');
		expect(note?.text).toBe('CellError: Limit reached: at most 200,000 metric points.');
		expect(s.worker.terminated).toBe(true);
		const runId = s.runs[0]!.runId;
		expect((await s.client.getRun(runId)).info.status).toBe('FAILED');
		expect((await s.client.getMetricHistory(runId, 'm')).length).toBe(CELL_LIMITS.metricPoints);
	});

	it('refuses a message of a shape it does not know, writing nothing of it', async () => {
		const s = await session((worker) => {
			worker.send({ type: 'calls', calls: [{ op: 'startRun' }] });
			worker.send({ type: 'calls', calls: [{ op: 'deleteExperiment', experimentId: '0' }] });
		});
		const { status, note } = await s.ended;
		expect(status).toBe('FAILED');
		expect(note?.text).toMatch(/Unknown call/);
		expect((await s.client.getRun(s.runs[0]!.runId)).info.status).toBe('FAILED');
	});

	it('Stop terminates a worker that never ends and marks its run KILLED; an error keeps its line', async () => {
		const s = await session((worker) => worker.send({ type: 'calls', calls: [{ op: 'startRun' }] }));
		while (!s.runs.length) await new Promise((r) => setTimeout(r, 5));
		s.cell.stop();
		expect(s.worker.terminated).toBe(true);
		expect((await s.ended).status).toBe('KILLED');
		expect((await s.client.getRun(s.runs[0]!.runId)).info.status).toBe('KILLED');

		const failing = await session((worker) => {
			worker.send({ type: 'calls', calls: [{ op: 'startRun' }] });
			worker.send({ type: 'error', name: 'RangeError', message: 'bad', line: 3 });
		});
		const { status, note } = await failing.ended;
		expect(status).toBe('FAILED');
		expect(note).toEqual({ kind: 'error', text: 'RangeError: bad', line: 3 });
		expect((await failing.client.getRun(failing.runs[0]!.runId)).info.status).toBe('FAILED');
	});
});
