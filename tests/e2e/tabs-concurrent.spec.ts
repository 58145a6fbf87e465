// Many tabs writing at once through one owner, and the owner closing in the middle (src/lib/client/connection.ts):
// three tabs log runs with interleaved logBatch calls while a fourth imports a zip; the owning tab is closed
// mid-way. A call in flight at that moment fails with DB_BUSY 'owner-closed' (it may or may not have been
// applied), so each writer checks what is stored before it retries — as a script using the API would. At the end
// every run and point is present exactly once, and every tab counts the same.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { expect, openApp, test } from './fixtures';
import { logRuns } from './tab-tools';

const LOGGERS = 3;
const RUNS_PER_LOGGER = 4;
const BATCHES = 25;
const POINTS_PER_BATCH = 40;
const IMPORTED_RUNS = 60;
const IMPORTED_POINTS = 4000; // per run: 2 metrics × 2,000 steps

/** An mlruns tree of IMPORTED_RUNS runs in the experiment "imported", zipped. */
function mlrunsZip(): Uint8Array {
	const files: Record<string, Uint8Array> = {};
	const text = (s: string) => new TextEncoder().encode(s);
	files['mlruns/7/meta.yaml'] = text(
		"artifact_location: file:///x/7\nexperiment_id: '7'\nlifecycle_stage: active\nname: imported\n"
	);
	for (let r = 0; r < IMPORTED_RUNS; r++) {
		const id = (0xabc000 + r).toString(16).padStart(32, '0');
		const dir = `mlruns/7/${id}`;
		files[`${dir}/meta.yaml`] = text(
			`artifact_uri: file:///x/7/${id}/artifacts\nend_time: 2000\nexperiment_id: '7'\nlifecycle_stage: active\n` +
				`run_id: ${id}\nrun_name: imported-${r}\nrun_uuid: ${id}\nsource_type: 4\nstart_time: 1000\nstatus: 3\n` +
				`user_id: someone\n`
		);
		files[`${dir}/params/seed`] = text(String(r));
		for (const key of ['loss', 'acc']) {
			let lines = '';
			for (let step = 0; step < IMPORTED_POINTS / 2; step++)
				lines += `${1000 + step} ${(r + step) / 7} ${step}\n`;
			files[`${dir}/metrics/${key}`] = text(lines);
		}
	}
	return zipSync(files, { level: 1 });
}

test('three tabs log runs and a fourth imports a zip while the owner closes: every run and point once', async ({
	context,
	page
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-tabs-'));
	try {
		const zip = join(dir, 'runs.zip');
		writeFileSync(zip, mlrunsZip());
		await openApp(page);
		await page.evaluate(() => window.runboard.createExperiment('concurrent'));
		const loggers = [await context.newPage(), await context.newPage(), await context.newPage()];
		const importer = await context.newPage();
		for (const t of [...loggers, importer]) await openApp(t);
		await openApp(importer, 'import/');

		const size = { runs: RUNS_PER_LOGGER, batches: BATCHES, perBatch: POINTS_PER_BATCH };
		const logging = loggers.map((t, i) => logRuns(t, `tab${i}`, size));
		// The import goes through the import page, as a person's would; if the owner closes under it, the page
		// shows the error and the person imports the file again (runs already stored count as unchanged).
		// The owner closes once the loggers are under way and the import is a tenth of the way through its file.
		await loggers[0]!.waitForFunction(() => (window.__progress ?? 0) >= 10);
		await importer.getByTestId('file-input').setInputFiles(zip);
		await importer.waitForFunction(
			() => {
				const text = document.querySelector('[data-testid="import-progress"]')?.textContent ?? '';
				return Number(/(\d+)%/.exec(text)?.[1] ?? 0) >= 10;
			},
			null,
			{ polling: 10 }
		);
		const closedAt = Date.now();
		await page.close();
		console.log(`owner closed mid-way (${Date.now() - closedAt} ms)`);
		const retries = await Promise.all(logging);
		console.log(`logger retries after DB_BUSY: ${retries.join(', ')}`);
		await expect(importer.getByTestId('import-report').or(importer.getByTestId('import-error'))).toBeVisible({
			timeout: 60_000
		});
		if (!(await importer.getByTestId('import-report').isVisible())) {
			console.log(`import stopped: ${await importer.getByTestId('import-error').innerText()}`);
			await importer.getByTestId('file-input').setInputFiles(zip);
		}
		await expect(importer.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
		console.log(`import report: ${await importer.getByTestId('run-changes').innerText()}`);

		const tabs = [...loggers, importer];
		const counts = await Promise.all(
			tabs.map((t) =>
				t.evaluate(async () => {
					const rb = window.runboard;
					const out: Record<string, number> = {};
					for (const name of ['concurrent', 'imported']) {
						const experiment = await rb.getExperimentByName(name);
						const { runs } = await rb.searchRuns({
							experimentIds: [experiment!.experimentId],
							maxResults: 1000
						});
						out[`${name} runs`] = runs.length;
						out[`${name} distinct names`] = new Set(runs.map((r) => r.info.runName)).size;
						let points = 0;
						let distinct = 0;
						for (const run of runs) {
							for (const key of ['loss', 'acc']) {
								const history = await rb.getMetricHistory(run.info.runId, key);
								points += history.length;
								distinct += new Set(history.map((p) => `${p.step}/${p.timestamp}`)).size;
							}
						}
						out[`${name} points`] = points;
						out[`${name} distinct points`] = distinct;
					}
					out.experiments = (await rb.searchExperiments()).length;
					return out;
				})
			)
		);
		const logged = LOGGERS * RUNS_PER_LOGGER;
		const points = logged * BATCHES * POINTS_PER_BATCH;
		const expected = {
			'concurrent runs': logged,
			'concurrent distinct names': logged,
			'concurrent points': points,
			'concurrent distinct points': points,
			'imported runs': IMPORTED_RUNS,
			'imported distinct names': IMPORTED_RUNS,
			'imported points': IMPORTED_RUNS * IMPORTED_POINTS,
			'imported distinct points': IMPORTED_RUNS * IMPORTED_POINTS
		};
		const { experiments, ...first } = counts[0]!;
		expect(first).toEqual(expected);
		for (const c of counts) expect(c).toEqual({ ...expected, experiments });
		expect(await importer.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
