// The database worker's end of an import's channel: the parse worker's messages in arrival order, taken one at a
// time (the start) or as many as are there (the runs), so runs that are ready together are written as one group.
import { isRecord, type ParsedMessage } from '../../import/port-protocol';

/** A group smaller than this is worth a short wait for more runs: the statements per group are paid fewer times. */
export const GATHER_RUNS = 8;
/** The longest such wait. The reader is never held up by it (it may be 32 runs ahead), only the writer. */
export const GATHER_MS = 20;

export class Inbox {
	private readonly queue: ParsedMessage[] = [];
	private wake: (() => void) | undefined;
	private readonly ticks = new MessageChannel();

	constructor(port: MessagePort, signal: AbortSignal) {
		port.onmessage = (event: MessageEvent<ParsedMessage>) => {
			this.queue.push(event.data);
			this.wake?.();
		};
		signal.addEventListener('abort', () => this.wake?.(), { once: true });
	}

	/** The next message; undefined once `signal` aborts (if given). */
	async next(signal?: AbortSignal): Promise<ParsedMessage | undefined> {
		await this.wait(signal);
		return this.queue.shift();
	}

	/**
	 * The messages for one chunk: every message that has arrived (waiting for one if none has), and, while they
	 * hold fewer than GATHER_RUNS runs and the reader has not finished, whatever arrives within `waitMs`. Empty
	 * once `signal` aborts.
	 */
	async gather(signal: AbortSignal, waitMs = GATHER_MS): Promise<ParsedMessage[]> {
		const out = await this.drain(signal);
		const deadline = performance.now() + waitMs;
		while (!signal.aborted && !out.some((m) => m.type !== 'items') && records(out) < GATHER_RUNS) {
			await this.wait(signal, deadline);
			if (this.queue.length === 0) break;
			out.push(...(await this.drain(signal)));
		}
		return out;
	}

	close(): void {
		this.ticks.port1.close();
		this.ticks.port2.close();
	}

	/**
	 * Each message is its own task: the writer, resumed by the first, would otherwise take the runs one at a time
	 * while the others wait behind it. One round through the task queue lets every message already there arrive.
	 */
	private async drain(signal: AbortSignal): Promise<ParsedMessage[]> {
		await this.wait(signal);
		await new Promise<void>((resolve) => {
			this.ticks.port1.onmessage = () => resolve();
			this.ticks.port2.postMessage(null);
		});
		return this.queue.splice(0);
	}

	/** Until a message is there, `signal` aborts or `deadline` (performance.now()) passes. */
	private async wait(signal?: AbortSignal, deadline = Infinity): Promise<void> {
		while (this.queue.length === 0 && !signal?.aborted) {
			const left = deadline - performance.now();
			if (left <= 0) return;
			let timer: ReturnType<typeof setTimeout> | undefined;
			await new Promise<void>((resolve) => {
				this.wake = resolve;
				if (Number.isFinite(left)) timer = setTimeout(resolve, left);
			});
			clearTimeout(timer);
			this.wake = undefined;
		}
	}
}

function records(messages: ParsedMessage[]): number {
	let n = 0;
	for (const m of messages) if (m.type === 'items') for (const item of m.items) if (isRecord(item)) n++;
	return n;
}
