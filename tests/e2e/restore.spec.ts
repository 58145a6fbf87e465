// Backup → restore: the Storage page's .sqlite download, chosen on the Import page of a fresh browser profile,
// brings back the experiments, runs, metric points and artifact bytes; choosing it again adds no copies.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, idle, launch, openApp, test } from './fixtures';

const PUBLIC = 'tests/fixtures/public/mlflow-mlruns/justinpontalba-MLOps/mlruns';
const ARTIFACT_RUN = '99460355783e44d39dfefdaf394a8ad2';

/** What a person would check: experiments, runs, a few metric values, an artifact's bytes. */
async function contents(page: Page) {
	return page.evaluate(
		async ({ artifactRun }) => {
			const rb = window.runboard;
			const experiments = await rb.searchExperiments({ viewType: 'ALL' });
			const { runs } = await rb.searchRuns({
				experimentIds: experiments.map((e) => e.experimentId),
				runViewType: 'ALL',
				maxResults: 1000
			});
			const logged = runs.find((r) => r.info.runName === 'logged');
			const history = logged ? await rb.getMetricHistory(logged.info.runId, 'loss') : [];
			const odd = logged ? await rb.getMetricHistory(logged.info.runId, 'odd') : [];
			const artifact = await rb.getArtifact(artifactRun, 'test.txt').then((b) => b.text());
			const own = logged ? await rb.getArtifact(logged.info.runId, 'data/bytes.bin') : null;
			return {
				experiments: experiments.map((e) => e.name).sort(),
				description: experiments
					.find((e) => e.name === 'restore-e2e')
					?.tags.find((t) => t.key === 'mlflow.note.content')?.value,
				runs: runs.map((r) => r.info.runId).sort(),
				points: history.length,
				last: history.at(-1)?.value,
				odd: odd.map((p) => String(p.value)),
				artifact,
				own: own ? [...new Uint8Array(await own.arrayBuffer())] : null
			};
		},
		{ artifactRun: ARTIFACT_RUN }
	);
}

test('the Storage page download restores in a fresh profile, and restoring again adds no copies', async ({
	page
}) => {
	test.setTimeout(120_000);
	const dir = mkdtempSync(join(tmpdir(), 'runboard-restore-'));
	cpSync(PUBLIC, join(dir, 'mlruns'), { recursive: true });
	await openApp(page);
	await page.evaluate(async () => {
		const rb = window.runboard;
		const id = await rb.createExperiment('restore-e2e', { 'mlflow.note.content': 'backed up' });
		const run = await rb.createRun({ experimentId: id, runName: 'logged' });
		const loss = Array.from({ length: 500 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), step }));
		const odd = [NaN, Infinity, -Infinity].map((value, step) => ({ key: 'odd', value, step }));
		await rb.logBatch(run.info.runId, { params: { lr: '0.01' }, metrics: [...loss, ...odd] });
		await rb.logArtifact(run.info.runId, 'data/bytes.bin', new Blob([new Uint8Array([0, 1, 2, 254, 255])]));
	});
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'mlruns'));
	await expect(page.getByTestId('runs-written')).toHaveText('8');
	await idle(page);
	const before = await contents(page);
	expect(before.runs).toHaveLength(9);

	await openApp(page, 'storage/');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download database (.sqlite)' }).click()
	]);
	const backup = join(dir, download.suggestedFilename());
	await download.saveAs(backup);

	const freshDir = mkdtempSync(join(tmpdir(), 'runboard-e2e-fresh-'));
	const fresh = await launch(freshDir);
	try {
		const other = fresh.pages()[0] ?? (await fresh.newPage());
		await openApp(other, 'import/');
		await other.getByTestId('file-input').setInputFiles(backup);
		const report = other.getByTestId('import-report');
		await expect(report).toContainText('Import finished');
		await expect(report).toContainText('Runboard database');
		await expect(other.getByTestId('runs-written')).toHaveText('9');
		await idle(other);
		const after = await contents(other);
		expect(after).toEqual(before);
		expect(after).toMatchObject({
			description: 'backed up',
			points: 500,
			last: 1 / 500,
			odd: ['NaN', 'Infinity', '-Infinity'],
			artifact: 'hello world!',
			own: [0, 1, 2, 254, 255]
		});

		// The same backup again: the report counts the 9 runs it wrote over the stored ones; nothing is added.
		await other.getByTestId('file-input').setInputFiles(backup);
		await expect(report).toContainText('Import finished');
		await expect(other.getByTestId('runs-written')).toHaveText('9');
		await idle(other);
		expect(await contents(other)).toEqual(before);
	} finally {
		await fresh.close();
		rmSync(freshDir, { recursive: true, force: true });
		rmSync(dir, { recursive: true, force: true });
	}
});
