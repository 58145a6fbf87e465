// logBatch calls made from the page, and the check that each one is wholly stored or wholly absent.
// Batch b of series s holds `points` points of metric s (steps b*points …), param "s/b" and tag "s/b": a whole
// batch has all three, an absent one none. Each batch is acknowledged to the test once logBatch resolved: an
// acknowledged batch must survive any kill (it was committed).
import type { BrowserContext, Page } from '@playwright/test';

export interface Series {
	name: string;
	/** How many batches at most (a trickle runs until the kill). */
	count: number;
	points: number;
	/** Pause between batches, so a trickle commits the import's open batch at many moments. */
	pauseMs: number;
}

/** Names of the batches whose logBatch resolved, as the page reported them. */
export class Acks {
	private names = new Set<string>();
	async listen(context: BrowserContext): Promise<void> {
		await context.exposeBinding('__killAck', (_source, name: string) => void this.names.add(name));
	}
	reset(): void {
		this.names.clear();
	}
	get all(): ReadonlySet<string> {
		return this.names;
	}
}

/** Starts a series of logBatch calls on the page; does not wait (the kill interrupts it). */
export function startSeries(page: Page, runId: string, series: Series): Promise<void> {
	return page
		.evaluate(
			async ({ runId, series }) => {
				const ack = (window as unknown as { __killAck(name: string): Promise<void> }).__killAck;
				for (let b = 0; b < series.count; b++) {
					const name = `${series.name}/${b}`;
					const metrics = Array.from({ length: series.points }, (_, i) => ({
						key: series.name,
						value: b,
						step: b * series.points + i,
						timestamp: 1
					}));
					const mark = { [name]: String(series.points) };
					await window.runboard.logBatch(runId, { metrics, params: mark, tags: mark });
					await ack(name);
					if (series.pauseMs) await new Promise((resolve) => setTimeout(resolve, series.pauseMs));
				}
			},
			{ runId, series }
		)
		.catch(() => undefined); // the page, its worker or the browser was killed under it
}

export interface BatchCheck {
	whole: number;
	/** Each batch found with some of its parts only. */
	partial: string[];
	/** Acknowledged batches not (wholly) found. */
	lost: string[];
}

/** Reads the probe run and checks every batch of the given series on it. */
export async function checkBatches(
	page: Page,
	runId: string,
	series: Series[],
	acked: ReadonlySet<string>
): Promise<BatchCheck> {
	const stored = await page.evaluate(
		async ({ runId, names }) => {
			const run = await window.runboard.getRun(runId);
			const steps: Record<string, number[]> = {};
			for (const name of names)
				steps[name] = run.data.metrics.some((m) => m.key === name)
					? (await window.runboard.getMetricHistory(runId, name)).map((p) => p.step)
					: [];
			return {
				params: run.data.params.map((p) => p.key),
				tags: run.data.tags.map((t) => t.key),
				steps
			};
		},
		{ runId, names: series.map((s) => s.name) }
	);
	// Each batch found by any of its parts: name → [param, tag, points].
	const found = new Map<string, [boolean, boolean, number]>();
	const entry = (name: string) => found.get(name) ?? found.set(name, [false, false, 0]).get(name)!;
	const ours = (key: string) => series.some((s) => key.startsWith(`${s.name}/`));
	for (const key of stored.params.filter(ours)) entry(key)[0] = true;
	for (const key of stored.tags.filter(ours)) entry(key)[1] = true;
	for (const s of series)
		for (const step of stored.steps[s.name] ?? []) entry(`${s.name}/${Math.floor(step / s.points)}`)[2]++;
	const pointsOf = (name: string) => series.find((s) => name.startsWith(`${s.name}/`))!.points;
	const partial: string[] = [];
	let whole = 0;
	for (const [name, [param, tag, points]] of found) {
		if (param && tag && points === pointsOf(name)) whole++;
		else partial.push(`${name}: param ${param}, tag ${tag}, ${points}/${pointsOf(name)} points`);
	}
	const lost = [...acked].filter((name) => {
		const parts = found.get(name);
		return !parts || !parts[0] || !parts[1] || parts[2] !== pointsOf(name);
	});
	return { whole, partial, lost };
}
