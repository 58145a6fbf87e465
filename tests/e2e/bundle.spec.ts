// Run bundles between two browser profiles: runs logged in one are exported with the experiment page's button,
// the file is imported through the Import page of a fresh profile, and the runs, their values (NaN, ±Infinity)
// and an artifact arrive; importing the file again adds no duplicate. The Storage page exports everything.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { expect, idle, launch, openApp, test } from './fixtures';

test('a bundle exported in one profile imports in another, once', async ({ page }) => {
	await openApp(page);
	const experimentId = await page.evaluate(async () => {
		const rb = window.runboard;
		const id = await rb.createExperiment('shared <b>α</b>');
		const parent = await rb.createRun({ experimentId: id, runName: 'parent' });
		await rb.logBatch(parent.info.runId, {
			metrics: [
				{ key: 'loss', value: 0.5, step: 0 },
				{ key: 'loss', value: NaN, step: 1 },
				{ key: 'loss', value: Infinity, step: 2 },
				{ key: 'loss', value: -Infinity, step: 3 }
			],
			params: [{ key: 'lr', value: '0.01' }]
		});
		await rb.logArtifact(parent.info.runId, 'notes/readme.txt', 'hello from profile A ✓');
		const child = await rb.createRun({
			experimentId: id,
			runName: 'child',
			tags: { 'mlflow.parentRunId': parent.info.runId }
		});
		await rb.logMetric(child.info.runId, 'acc', 0.75, { step: 4 });
		return id;
	});
	await openApp(page, `experiments/${experimentId}/`);
	await expect(page.getByTestId('runs-table')).toContainText('child');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-bundle').click()
	]);
	expect(download.suggestedFilename()).toBe('shared _b_α_b_.runboard.zip');
	const dir = mkdtempSync(join(tmpdir(), 'runboard-bundle-'));
	const file = join(dir, download.suggestedFilename());
	await download.saveAs(file);
	const manifest = JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(file))['manifest.json'])) as {
		counts: { runs: number; metricPoints: number; artifacts: number };
	};
	expect(manifest.counts).toMatchObject({ runs: 2, metricPoints: 5, artifacts: 1 });

	const fresh = await launch(join(dir, 'profile-b'));
	try {
		const other = fresh.pages()[0] ?? (await fresh.newPage());
		for (const round of [1, 2]) {
			await openApp(other, 'import/');
			await other.getByTestId('file-input').setInputFiles(file);
			await expect(other.getByTestId('import-report')).toContainText('Import finished');
			await expect(other.getByTestId('import-report')).toContainText('Runboard run bundle');
			await expect(other.getByTestId('runs-written'), `import ${round}`).toHaveText('2');
			await idle(other);
		}
		const seen = await other.evaluate(async () => {
			const rb = window.runboard;
			const experiments = await rb.searchExperiments();
			const { runs } = await rb.searchRuns({ experimentIds: experiments.map((e) => e.experimentId) });
			const parent = runs.find((r) => r.info.runName === 'parent');
			const child = runs.find((r) => r.info.runName === 'child');
			const loss = await rb.getMetricHistory(parent?.info.runId ?? '', 'loss');
			return {
				experiments: experiments.map((e) => e.name),
				runs: runs.length,
				loss: loss.map((m) => String(m.value)),
				lr: parent?.data.params.find((p) => p.key === 'lr')?.value,
				childOf: child?.data.tags.find((t) => t.key === 'mlflow.parentRunId')?.value === parent?.info.runId,
				artifact: await (await rb.getArtifact(parent?.info.runId ?? '', 'notes/readme.txt')).text()
			};
		});
		expect(seen).toEqual({
			experiments: ['shared <b>α</b>'],
			runs: 2,
			loss: ['0.5', 'NaN', 'Infinity', '-Infinity'],
			lr: '0.01',
			childOf: true,
			artifact: 'hello from profile A ✓'
		});
	} finally {
		await fresh.close();
		rmSync(dir, { recursive: true, force: true });
	}
});

test('the Storage page exports everything as one bundle', async ({ page }) => {
	await openApp(page);
	await page.evaluate(async () => {
		const id = await window.runboard.createExperiment('everything');
		await window.runboard.createRun({ experimentId: id, runName: 'only' });
	});
	await openApp(page, 'storage/');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-everything').click()
	]);
	expect(download.suggestedFilename()).toBe('runboard-everything.runboard.zip');
	const entries = unzipSync(readFileSync(await download.path()));
	const experiments = JSON.parse(new TextDecoder().decode(entries['experiments.json'])) as { name: string }[];
	expect(experiments.map((e) => e.name)).toContain('everything');
	expect(Object.keys(entries)).toEqual(expect.arrayContaining(['manifest.json', 'runs/0/run.json']));
});
