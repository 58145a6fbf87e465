// Many files dropped at once (src/lib/client/merge-import.ts): three participants' bundles land in one
// experiment by name, every run once, tagged runboard.source = its file name, with one report of three lines.
// Through the real client and DbApi on sqlite-wasm.
import { describe, expect, it } from 'vitest';
import type { RunboardClient } from '$lib/client/runboard';
import { createTestDb } from './harness';

/** A participant's profile: `runs` runs in the experiment "workshop", exported as a bundle. */
async function participant(name: string, runs: number): Promise<{ runIds: string[]; bundle: Blob }> {
	const { client } = await createTestDb();
	const experimentId = await client.createExperiment('workshop');
	const runIds: string[] = [];
	for (let i = 0; i < runs; i++) {
		const run = await client.createRun({ experimentId, runName: `${name}-${i}` });
		await client.logParam(run.info.runId, 'lr', 0.1 * (i + 1));
		await client.logMetric(run.info.runId, 'loss', 1 / (i + 1), { step: 0 });
		runIds.push(run.info.runId);
	}
	return { runIds, bundle: await client.exportBundle() };
}

async function workshopRuns(client: RunboardClient) {
	const experiments = await client.searchExperiments({});
	const workshop = experiments.filter((e) => e.name === 'workshop');
	expect(workshop).toHaveLength(1);
	const { runs } = await client.searchRuns({ experimentIds: [workshop[0]!.experimentId], maxResults: 100 });
	return runs;
}

const sourceOf = (run: { data: { tags: { key: string; value: string }[] } }) =>
	run.data.tags.find((t) => t.key === 'runboard.source')?.value;

describe('importing many files at once', () => {
	it('imports each file as its own source: every run once, tagged with its file, one combined report', async () => {
		const people = [await participant('ana', 2), await participant('ben', 3), await participant('cy', 2)];
		const files = ['ana.zip', 'ben.zip', 'cy.zip'];
		const { client } = await createTestDb();
		const entries = people.map((p, i) => ({ path: files[i] as string, file: p.bundle }));
		const report = await client.importFiles(entries);
		expect(report).toMatchObject({ format: 'merge', runsWritten: 7, runsAdded: 7, runsUnchanged: 0 });
		expect(report.experiments.map((e) => e.name)).toEqual(['workshop']);
		expect(report.sources?.map((s) => ('error' in s ? s.error : [s.file, s.runsAdded]))).toEqual([
			['ana.zip', 2],
			['ben.zip', 3],
			['cy.zip', 2]
		]);
		const runs = await workshopRuns(client);
		expect(runs.map((r) => r.info.runId).sort()).toEqual(people.flatMap((p) => p.runIds).sort());
		for (const [i, p] of people.entries())
			for (const id of p.runIds) expect(sourceOf(runs.find((r) => r.info.runId === id)!)).toBe(files[i]);

		// Dropped again: nothing new, nothing duplicated.
		const again = await client.importFiles(entries);
		expect(again).toMatchObject({ runsAdded: 0, runsUpdated: 0, runsUnchanged: 7 });
		expect(await workshopRuns(client)).toHaveLength(7);
	});

	it('reports a file it cannot read on its own line and imports the others', async () => {
		const ana = await participant('ana', 2);
		const { client } = await createTestDb();
		const report = await client.importFiles([
			{ path: 'ana.zip', file: ana.bundle },
			{ path: 'notes.txt', file: new Blob(['not runs']) }
		]);
		expect(report.runsWritten).toBe(2);
		const line = report.sources?.find((s) => s.file === 'notes.txt');
		expect(line && 'error' in line ? line.error : '').toMatch(/\S/);
		expect(await workshopRuns(client)).toHaveLength(2);
	});

	it('tags nothing when one file is dropped, as before', async () => {
		const ana = await participant('ana', 2);
		const { client } = await createTestDb();
		const report = await client.importFiles([{ path: 'ana.zip', file: ana.bundle }]);
		expect(report.sources).toBeUndefined();
		expect((await workshopRuns(client)).map(sourceOf)).toEqual([undefined, undefined]);
	});
});
