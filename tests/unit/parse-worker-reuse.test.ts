// The parse worker is started once and kept from one import to the next; only a worker whose WASM heap grew past
// PARSER_HEAP_LIMIT (after reading a large mlflow.db) is replaced, and only once no import uses it. Fake workers
// stand in for the real one (a module worker cannot start in Node): what is under test is the page's rule.
import { describe, expect, it } from 'vitest';
import { Connection } from '$lib/client/connection';
import { PARSER_HEAP_LIMIT } from '$lib/client/tabs/workers';

class FakeParser extends EventTarget {
	terminated = false;
	posted = 0;
	constructor() {
		super();
		queueMicrotask(() => this.send({ type: 'runboard:ready' }));
	}
	postMessage(): void {
		this.posted++;
	}
	terminate(): void {
		this.terminated = true;
	}
	/** What parse.worker.ts posts after an import. */
	reportHeap(bytes: number): void {
		this.send({ type: 'runboard:heap', bytes });
	}
	private send(data: unknown): void {
		this.dispatchEvent(new MessageEvent('message', { data }));
	}
}

function connectionWithFakeParsers() {
	const parsers: FakeParser[] = [];
	const connection = new Connection(
		() => {
			throw new Error('no database worker in this test');
		},
		() => {
			const parser = new FakeParser();
			parsers.push(parser);
			return parser as unknown as Worker;
		}
	);
	return { connection, parsers };
}

async function importOnce(connection: Connection): Promise<void> {
	const { port2 } = new MessageChannel();
	expect(await connection.parse(port2, [])).toBe(true);
	port2.close();
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the parse worker', () => {
	it('is started once and reused by import after import while its heap stays small', async () => {
		const { connection, parsers } = connectionWithFakeParsers();
		for (let i = 0; i < 3; i++) {
			await importOnce(connection);
			parsers[0]?.reportHeap(8 * 1024 * 1024);
			connection.parseDone();
			await settle();
		}
		expect(parsers).toHaveLength(1);
		expect(parsers[0]?.terminated).toBe(false);
		expect(parsers[0]?.posted).toBe(3);
	});

	it('is replaced once its heap grew past the limit, whichever comes last: the report or the end', async () => {
		const { connection, parsers } = connectionWithFakeParsers();
		await importOnce(connection);
		connection.parseDone();
		parsers[0]?.reportHeap(PARSER_HEAP_LIMIT + 1);
		await settle();
		expect(parsers[0]?.terminated).toBe(true);
		expect(parsers).toHaveLength(2);

		await importOnce(connection);
		parsers[1]?.reportHeap(PARSER_HEAP_LIMIT + 1);
		await settle();
		expect(parsers[1]?.terminated).toBe(false);
		connection.parseDone();
		await settle();
		expect(parsers[1]?.terminated).toBe(true);
		expect(parsers).toHaveLength(3);
		expect(parsers[2]?.posted).toBe(0);
	});

	it('is not replaced while another import still uses it', async () => {
		const { connection, parsers } = connectionWithFakeParsers();
		await importOnce(connection);
		await importOnce(connection);
		parsers[0]?.reportHeap(PARSER_HEAP_LIMIT * 2);
		connection.parseDone();
		await settle();
		expect(parsers[0]?.terminated).toBe(false);
		connection.parseDone();
		await settle();
		expect(parsers[0]?.terminated).toBe(true);
		expect(parsers).toHaveLength(2);
	});
});
