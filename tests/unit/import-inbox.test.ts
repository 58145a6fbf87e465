// The writer's end of an import channel (workers/db/import/inbox.ts): runs that are ready together come out
// together, so they can be written as one group, without ever holding the writer once the reader has finished.
import { describe, expect, it } from 'vitest';
import { GATHER_RUNS, Inbox } from '../../workers/db/import/inbox';
import type { ParsedMessage } from '../../workers/import/port-protocol';
import { importedRun } from './harness';

function channel() {
	const { port1, port2 } = new MessageChannel();
	const controller = new AbortController();
	const inbox = new Inbox(port1, controller.signal);
	const post = (message: ParsedMessage) => port2.postMessage(message);
	const close = () => {
		inbox.close();
		port1.close();
		port2.close();
	};
	return { inbox, post, controller, close };
}

const runs = (from: number, n: number): ParsedMessage => ({
	type: 'items',
	items: Array.from({ length: n }, (_, i) => ({
		kind: 'run' as const,
		run: { ...importedRun(from + i), artifacts: [] }
	}))
});

const runIds = (messages: ParsedMessage[]) =>
	messages.flatMap((m) =>
		m.type === 'items' ? m.items.map((i) => (i.kind === 'run' ? i.run.runId : '')) : []
	);

describe('import inbox', () => {
	it('hands over every message that has arrived at once, in order', async () => {
		const { inbox, post, controller, close } = channel();
		for (let i = 0; i < GATHER_RUNS + 2; i++) post(runs(i, 1));
		const got = await inbox.gather(controller.signal);
		expect(runIds(got)).toEqual(Array.from({ length: GATHER_RUNS + 2 }, (_, i) => importedRun(i).runId));
		close();
	});

	it('waits briefly for more runs when few have arrived, then hands over what it has', async () => {
		const { inbox, post, controller, close } = channel();
		post(runs(0, 2));
		setTimeout(() => post(runs(2, GATHER_RUNS)), 5);
		const signal = controller.signal;
		// A long wait here, so a slow test machine cannot make the late runs miss it.
		expect(runIds(await inbox.gather(signal, 5_000))).toHaveLength(GATHER_RUNS + 2);
		post(runs(20, 1));
		// Nothing more comes: the single run is handed over once the wait ends.
		expect(runIds(await inbox.gather(signal, 10))).toEqual([importedRun(20).runId]);
		close();
	});

	it('does not wait once the reader has ended, and returns nothing after a cancel', async () => {
		const { inbox, post, controller, close } = channel();
		post(runs(0, 1));
		post({ type: 'end' });
		const got = await inbox.gather(controller.signal);
		expect(got.map((m) => m.type)).toEqual(['items', 'end']);
		const pending = inbox.gather(controller.signal);
		controller.abort();
		expect(await pending).toEqual([]);
		close();
	});
});
