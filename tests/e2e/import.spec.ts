import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';
import { expect, idle, openApp, test } from './fixtures';

const PUBLIC = 'tests/fixtures/public/mlflow-mlruns/justinpontalba-MLOps/mlruns';

test('a dropped mlruns folder (folder picker) imports every run with a report; importing again adds nothing', async ({
	page
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-import-'));
	cpSync(PUBLIC, join(dir, 'mlruns'), { recursive: true });
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(join(dir, 'mlruns'));
	const report = page.getByTestId('import-report');
	await expect(report).toContainText('Import finished');
	const written = Number(await page.getByTestId('runs-written').textContent());
	expect(written).toBe(8);
	await idle(page);
	const counts = await page.evaluate(async () => {
		const exps = await window.runboard.searchExperiments();
		const { runs } = await window.runboard.searchRuns({ experimentIds: exps.map((e) => e.experimentId) });
		return { experiments: exps.length, runs: runs.length };
	});
	expect(counts).toEqual({ experiments: 1, runs: 8 });

	await page.getByTestId('folder-input').setInputFiles(join(dir, 'mlruns'));
	await expect(page.getByTestId('runs-written')).toHaveText('8');
	await idle(page);
	const again = await page.evaluate(async () => {
		const exps = await window.runboard.searchExperiments();
		return (await window.runboard.searchRuns({ experimentIds: exps.map((e) => e.experimentId) })).runs.length;
	});
	expect(again).toBe(8);
	await report.getByRole('link').first().click();
	await idle(page);
	await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(8);
});

test('a zipped mlruns folder imports the same runs, every metric point read from the zip on demand', async ({
	page
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-import-zip-'));
	const entries: Record<string, Uint8Array> = {};
	let metricLines = 0;
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const full = join(d, name);
			if (statSync(full).isDirectory()) walk(full);
			else {
				const path = relative(PUBLIC, full).split(sep).join('/');
				entries[`mlruns/${path}`] = readFileSync(full);
				if (/^[^/]+\/[0-9a-f]{32}\/metrics\//.test(path))
					metricLines += readFileSync(full, 'utf8')
						.split('\n')
						.filter((l) => l.trim() !== '').length;
			}
		}
	};
	walk(PUBLIC);
	// A traversal entry rides along: it is refused and reported, the rest imports.
	entries['../outside.txt'] = new TextEncoder().encode('x');
	const zip = join(dir, 'mlruns.zip');
	writeFileSync(zip, zipSync(entries, { level: 6 }));
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles(zip);
	const report = page.getByTestId('import-report');
	await expect(report).toContainText('Import finished');
	await expect(page.getByTestId('runs-written')).toHaveText('8');
	await expect(report).toContainText('leaves the archive');
	await idle(page);
	const points = await page.evaluate(async () => {
		const exps = await window.runboard.searchExperiments();
		const { runs } = await window.runboard.searchRuns({ experimentIds: exps.map((e) => e.experimentId) });
		let total = 0;
		for (const r of runs)
			for (const m of r.data.metrics)
				total += (await window.runboard.getMetricHistory(r.info.runId, m.key)).length;
		return { runs: runs.length, total };
	});
	expect(metricLines).toBeGreaterThan(0);
	expect(points).toEqual({ runs: 8, total: metricLines });
});

test('an unrecognised file gets a clear error listing the supported formats, and nothing is written', async ({
	page
}) => {
	await openApp(page, 'import/');
	await page
		.getByTestId('file-input')
		.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
	await expect(page.getByTestId('import-error')).toContainText('does not recognise notes.txt');
	await expect(page.getByTestId('import-error')).toContainText('MLflow mlruns folder');
	expect(await page.evaluate(async () => (await window.runboard.searchExperiments()).length)).toBe(0);
});

test('an mlflow.db dropped with its artifacts folder imports every run as the real MLflow reads it', async ({
	page
}) => {
	const expected = JSON.parse(readFileSync('tests/fixtures/mlflow/expected-db.json', 'utf8')) as {
		counts: { runs: number; metric_points: number };
		experiments: {
			name: string;
			runs: { info: { run_id: string; run_name: string }; params: Record<string, string> }[];
		}[];
	};
	const dir = join(mkdtempSync(join(tmpdir(), 'runboard-db-')), 'tracking');
	cpSync('tests/fixtures/mlflow/mlflow.db', join(dir, 'mlflow.db'));
	cpSync('tests/fixtures/mlflow/mlartifacts', join(dir, 'mlartifacts'), { recursive: true });
	await openApp(page, 'import/');
	await page.getByTestId('folder-input').setInputFiles(dir);
	await expect(page.getByTestId('import-report')).toContainText('Import finished');
	await expect(page.getByTestId('import-report')).toContainText(/[1-9]\d* artifact files/);
	await expect(page.getByTestId('runs-written')).toHaveText(String(expected.counts.runs));
	await idle(page);
	const quickstart = expected.experiments.find((e) => e.name === 'diabetes-quickstart')!;
	const sample = quickstart.runs[0]!;
	const seen = await page.evaluate(async (runId) => {
		const run = await window.runboard.getRun(runId);
		return {
			name: run.info.runName,
			params: Object.fromEntries(run.data.params.map((p) => [p.key, p.value]))
		};
	}, sample.info.run_id);
	expect(seen).toEqual({ name: sample.info.run_name, params: sample.params });
	const points = await page.evaluate(async () => {
		const exps = await window.runboard.searchExperiments({ viewType: 'ALL' });
		const { runs } = await window.runboard.searchRuns({
			experimentIds: exps.map((e) => e.experimentId),
			runViewType: 'ALL'
		});
		let n = 0;
		for (const r of runs)
			for (const m of r.data.metrics)
				n += (await window.runboard.getMetricHistory(r.info.runId, m.key)).length;
		return n;
	});
	expect(points).toBe(expected.counts.metric_points);
});

test('a corrupt mlflow.db gets a specific error, writes nothing, and the app stays usable', async ({
	page
}) => {
	const db = readFileSync('tests/fixtures/mlflow/mlflow.db');
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles({
		name: 'mlflow.db',
		mimeType: 'application/octet-stream',
		buffer: db.subarray(0, Math.floor(db.length / 2))
	});
	await expect(page.getByTestId('import-error')).toContainText('IMPORT_CORRUPT');
	await expect(page.getByTestId('import-error')).toContainText('Nothing was imported');
	await page.getByRole('link', { name: 'Experiments' }).click();
	await idle(page);
	await expect(page.getByTestId('empty-state')).toBeVisible();
	expect(await page.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});
