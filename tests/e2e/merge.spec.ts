// The instructor's merge: three participants each log runs in their own browser profile, in an experiment of the
// same name, and export a bundle; a fourth profile drops the three files on the Import page at once and sees
// every run exactly once in that one experiment, each tagged with the file it came from, and one report that
// lists the three files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, idle, launch, openApp, test } from './fixtures';

/** Logs `runs` runs in "workshop" in a fresh profile and returns their ids and the exported bundle's bytes. */
async function participant(dir: string, name: string, runs: number) {
	const context = await launch(join(dir, name));
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await openApp(page);
		return await page.evaluate(
			async ({ name, runs }) => {
				const rb = window.runboard;
				const experimentId = await rb.createExperiment('workshop');
				const runIds: string[] = [];
				for (let i = 0; i < runs; i++) {
					const run = await rb.createRun({ experimentId, runName: `${name}-${i}` });
					await rb.logBatch(run.info.runId, {
						metrics: [{ key: 'loss', value: 1 / (i + 1), step: 0 }],
						params: [{ key: 'lr', value: String(0.1 * (i + 1)) }]
					});
					runIds.push(run.info.runId);
				}
				const bytes = new Uint8Array(await (await rb.exportBundle()).arrayBuffer());
				return { runIds, bytes: Array.from(bytes) };
			},
			{ name, runs }
		);
	} finally {
		await context.close();
	}
}

test('three participants’ bundles dropped at once: every run once, tagged with its file', async () => {
	test.setTimeout(120_000);
	const dir = mkdtempSync(join(tmpdir(), 'runboard-merge-'));
	try {
		const people = [
			{ file: 'ana.runboard.zip', ...(await participant(dir, 'ana', 2)) },
			{ file: 'ben.runboard.zip', ...(await participant(dir, 'ben', 3)) },
			{ file: 'cy.runboard.zip', ...(await participant(dir, 'cy', 2)) }
		];
		const instructor = await launch(join(dir, 'instructor'));
		try {
			const page = instructor.pages()[0] ?? (await instructor.newPage());
			await openApp(page, 'import/');
			const files = people.map((p) => ({ name: p.file, bytes: p.bytes }));
			// A real drop of three files: a DataTransfer holding them, dropped on the drop zone.
			const data = await page.evaluateHandle((files) => {
				const transfer = new DataTransfer();
				for (const f of files) transfer.items.add(new File([new Uint8Array(f.bytes)], f.name));
				return transfer;
			}, files);
			await page.locator('section.drop').dispatchEvent('drop', { dataTransfer: data });
			const report = page.getByTestId('import-report');
			await expect(report).toContainText('Import finished');
			await expect(page.getByTestId('runs-written')).toHaveText('7');
			await expect(page.getByTestId('run-changes')).toHaveText('7 runs added, 0 updated, 0 unchanged.');
			const lines = page.getByTestId('import-sources').locator(':scope > li');
			await expect(lines).toHaveCount(3);
			for (const [i, p] of people.entries()) {
				await expect(lines.nth(i)).toContainText(p.file);
				await expect(lines.nth(i)).toContainText(`${p.runIds.length} run`);
			}
			await idle(page);
			const seen = await page.evaluate(async () => {
				const rb = window.runboard;
				const experiments = await rb.searchExperiments();
				const workshop = experiments.filter((e) => e.name === 'workshop');
				const { runs } = await rb.searchRuns({ experimentIds: workshop.map((e) => e.experimentId) });
				return {
					experiments: workshop.length,
					runs: runs.map((r) => [
						r.info.runId,
						r.data.tags.find((t) => t.key === 'runboard.source')?.value ?? null
					])
				};
			});
			expect(seen.experiments).toBe(1);
			const expected = people.flatMap((p) => p.runIds.map((id) => [id, p.file]));
			expect([...seen.runs].sort()).toEqual([...expected].sort());
			// The experiment page shows them all, ready to compare.
			await page.getByTestId('import-report').getByRole('link', { name: 'workshop' }).click();
			await idle(page);
			for (const name of ['ana-0', 'ana-1', 'ben-0', 'ben-1', 'ben-2', 'cy-0', 'cy-1'])
				await expect(page.getByTestId('runs-table')).toContainText(name);
		} finally {
			await instructor.close();
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
