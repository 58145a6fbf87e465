// The code cell's worker runtime (the `runboard` and `console` given to user code) and the page's metric buffer:
// calls are checked where they are made, batched into few messages, and every point arrives in order.
import { describe, expect, it } from 'vitest';
import { FLUSH_POINTS, MetricBuffer } from '$lib/code-cell/metric-buffer';
import { CELL_LIMITS, checkMessage, type CellCall, type CellMessage } from '$lib/code-cell/protocol';
import { createRuntime, FLUSH_MS, formatValue } from '$lib/code-cell/runtime';

function host() {
	const messages: CellMessage[] = [];
	const timers: (() => void)[] = [];
	let now = 1_700_000_000_000;
	return {
		messages,
		timers,
		advance: (ms: number) => (now += ms),
		host: {
			post: (m: CellMessage) => messages.push(structuredClone(m)),
			schedule: (fn: () => void) => void timers.push(fn),
			now: () => now
		}
	};
}
const calls = (messages: CellMessage[]): CellCall[] =>
	messages.flatMap((m) => (m.type === 'calls' ? m.calls : []));

describe('code cell runtime', () => {
	it('batches 10,000 points into ten messages the page accepts, every point in order', () => {
		const h = host();
		const { runboard, flush } = createRuntime(h.host);
		runboard.startRun({ runName: 'ten' });
		for (let step = 0; step < 10_000; step++) runboard.logMetric('signal', step / 2, step);
		flush();
		const metricMessages = h.messages.filter(
			(m) => m.type === 'calls' && m.calls.some((c) => c.op === 'metrics')
		);
		expect(metricMessages.length).toBe(10);
		for (const message of h.messages) expect(() => checkMessage(message)).not.toThrow();
		const points = calls(h.messages).flatMap((c) => (c.op === 'metrics' ? c.metrics : []));
		expect(points.map((p) => p.step)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
		expect(calls(h.messages)[0]).toEqual({
			op: 'startRun',
			runName: 'ten',
			experimentName: undefined,
			tags: undefined
		});
	});

	it('sends any other call at once with the points before it, and waiting points after a pause', () => {
		const h = host();
		const { runboard, console } = createRuntime(h.host);
		runboard.startRun();
		expect(h.messages).toHaveLength(1); // a run started just before `while (true) {}` still reaches the page
		runboard.logMetric('m', 1);
		runboard.logMetric('m', 2, 1);
		expect(h.messages).toHaveLength(1);
		console.log('epoch', 1, { loss: 0.5 });
		expect(calls(h.messages).slice(1)).toEqual([
			{
				op: 'metrics',
				metrics: [
					{ key: 'm', value: 1, step: 0, timestamp: expect.any(Number) },
					{ key: 'm', value: 2, step: 1, timestamp: expect.any(Number) }
				]
			},
			{ op: 'log', level: 'log', text: 'epoch 1 {"loss":0.5}' }
		]);
		runboard.logMetric('m', 3, 2);
		h.advance(FLUSH_MS);
		runboard.logMetric('m', 4, 3); // the pause is noticed on the next point, even with no timer firing
		expect(calls(h.messages).at(-1)).toMatchObject({ op: 'metrics', metrics: [{ value: 3 }, { value: 4 }] });
		runboard.logMetric('m', 5, 4);
		h.timers.forEach((fire) => fire()); // or by the timer, when the code awaits
		expect(calls(h.messages).at(-1)).toMatchObject({ op: 'metrics', metrics: [{ value: 5 }] });
	});

	it('throws at the call for mistakes, as MLflow would', () => {
		const h = host();
		const { runboard } = createRuntime(h.host);
		expect(() => runboard.logMetric('m', '1' as unknown as number)).toThrow(/must be a number/);
		expect(h.messages).toHaveLength(0); // a refused call starts no run
		runboard.logMetric('m', 1); // a call without a run starts one, as mlflow does
		expect(() => runboard.startRun()).toThrow(/already active/);
		runboard.logParam('lr', 0.1);
		runboard.logParam('lr', '0.1');
		expect(() => runboard.logParam('lr', 0.2)).toThrow(/cannot change/);
		expect(() => runboard.endRun('RUNNING')).toThrow(/endRun takes/);
		runboard.endRun();
		runboard.startRun({ experimentName: 'x' });
		expect(() => runboard.logArtifact('../up.txt', 'x')).toThrow(/'\.\.' segments/);
	});

	it('stops a flood at the limits with a clear error', () => {
		const { runboard, console } = createRuntime(host().host);
		for (let i = 0; i < CELL_LIMITS.logLines; i++) console.log(i);
		expect(() => console.log('one more')).toThrow(
			`Limit reached: at most ${CELL_LIMITS.logLines.toLocaleString('en')} console lines.`
		);
		runboard.startRun();
		expect(() => {
			for (let i = 0; i <= CELL_LIMITS.metricPoints; i++) runboard.logMetric('m', i, i);
		}).toThrow(/Limit reached: at most 200,000 metric points/);
	});

	it('formats console values as text', () => {
		expect(formatValue(new RangeError('r'))).toBe('RangeError: r');
		const cyclic: { self?: unknown } = {};
		cyclic.self = cyclic;
		expect(formatValue(cyclic)).toBe('[object Object]');
		expect(formatValue(undefined)).toBe('undefined');
		expect(formatValue('<b>x</b>')).toBe('<b>x</b>');
	});
});

describe('code cell metric buffer', () => {
	const point = (step: number, key = 'loss') => ({ key, value: step, step, timestamp: 1 });

	it('hands out batches of at most FLUSH_POINTS, oldest first, and names keys the first time', () => {
		const buffer = new MetricBuffer();
		expect(buffer.push([point(0), point(1, 'acc')])).toEqual(['loss', 'acc']);
		expect(buffer.push(Array.from({ length: 2_500 }, (_, i) => point(i + 2)))).toEqual([]);
		expect(buffer.full).toBe(true);
		const batches: number[][] = [];
		while (buffer.size) batches.push(buffer.take().map((p) => p.step));
		expect(batches.map((b) => b.length)).toEqual([FLUSH_POINTS, FLUSH_POINTS, 502]);
		expect(batches.flat()).toEqual([0, 1, ...Array.from({ length: 2_500 }, (_, i) => i + 2)]);
		buffer.reset();
		expect(buffer.push([point(0)])).toEqual(['loss']);
	});
});
