// "Watch a folder" (src/lib/state/watch.svelte.ts): a folder of the origin's own file system stands in for a
// picked one (the same FileSystemDirectoryHandle type; an e2e test cannot drive the picker) and is handed to the
// watcher through the test build's hook. A training run then writes to it while other tabs show its run and its
// experiment: the new points and the new run appear there without a reload; a deleted file is a warning; a reload
// offers to resume; Stop stops and forgets the folder.
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';

const EXP = '7';
const RUN_A = 'a'.repeat(32);
const RUN_B = 'b'.repeat(32);

const experimentMeta = `artifact_location: file:///x/${EXP}\ncreation_time: 1\nexperiment_id: '${EXP}'\nlast_update_time: 1\nlifecycle_stage: active\nname: live-training\n`;
const runMeta = (runId: string, name: string) =>
	`artifact_uri: file:///x/${EXP}/${runId}/artifacts\nend_time: null\nexperiment_id: '${EXP}'\nlifecycle_stage: active\nrun_id: ${runId}\nrun_name: ${name}\nsource_type: 4\nstart_time: 1700000000000\nstatus: 1\ntags: []\nuser_id: u\n`;
const lines = (points: [number, number][]) =>
	points.map(([step, value]) => `${1700000000000 + step} ${value} ${step}\n`).join('');

/** Writes (or appends to) a file below `watched/mlruns/` in the origin's file system, as a training run would. */
async function write(page: Page, path: string, text: string, append = false): Promise<void> {
	await page.evaluate(
		async ({ path, text, append }) => {
			let dir = await navigator.storage.getDirectory();
			const parts = `watched/mlruns/${path}`.split('/');
			for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
			const file = await dir.getFileHandle(parts.at(-1)!, { create: true });
			const size = (await file.getFile()).size;
			const writable = await file.createWritable({ keepExistingData: append });
			if (append) await writable.seek(size);
			await writable.write(text);
			await writable.close();
		},
		{ path, text, append }
	);
}

async function remove(page: Page, path: string): Promise<void> {
	await page.evaluate(async (path) => {
		let dir = await navigator.storage.getDirectory();
		const parts = `watched/mlruns/${path}`.split('/');
		for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
		await dir.removeEntry(parts.at(-1)!);
	}, path);
}

/** Starts watching `watched/mlruns` through the path a picked folder takes (test builds only). */
async function watch(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const root = await navigator.storage.getDirectory();
		const folder = await (await root.getDirectoryHandle('watched')).getDirectoryHandle('mlruns');
		const hook = (window as unknown as { __runboardWatch: (h: FileSystemDirectoryHandle) => Promise<void> })
			.__runboardWatch;
		await hook(folder);
	});
}

test('a watched folder is followed: appended metric lines and new runs reach open pages without a reload', async ({
	context,
	page
}) => {
	test.setTimeout(90_000);
	await openApp(page, 'import/');
	await write(page, `${EXP}/meta.yaml`, experimentMeta);
	await write(page, `${EXP}/${RUN_A}/meta.yaml`, runMeta(RUN_A, 'first'));
	await write(
		page,
		`${EXP}/${RUN_A}/metrics/loss`,
		lines([
			[0, 1],
			[1, 0.5]
		])
	);
	await watch(page);
	const status = page.getByTestId('watch-status');
	await expect(status).toContainText('Watching mlruns');
	await expect(status).toContainText('1 runs added or updated');

	// The run page, open in another tab, gets the appended points.
	const runTab = await context.newPage();
	await openApp(runTab, `runs/${RUN_A}`);
	const chart = runTab.getByTestId('line-chart').first();
	await expect(chart).toHaveAttribute('data-points', '2');
	await write(
		page,
		`${EXP}/${RUN_A}/metrics/loss`,
		lines([
			[2, 0.25],
			[3, 0.125]
		]),
		true
	);
	await expect(chart).toHaveAttribute('data-points', '4');
	// Only the appended lines were read: 2 imported at first + 2 appended (importing the run again would count 6).
	await expect(status).toContainText('4 metric points read');
	await expect(runTab.getByTestId('metrics').locator('tbody tr')).toContainText(['loss0.1253']);

	// The experiment's table, open in a third tab, gets a new run folder.
	const experimentTab = await context.newPage();
	await openApp(experimentTab);
	const experimentId = await experimentTab.evaluate(
		async () => (await window.runboard.getExperimentByName('live-training'))?.experimentId
	);
	await openApp(experimentTab, `experiments/${experimentId}`);
	await expect(experimentTab.getByRole('link', { name: 'first', exact: true })).toBeVisible();
	await write(page, `${EXP}/${RUN_B}/meta.yaml`, runMeta(RUN_B, 'second'));
	await write(page, `${EXP}/${RUN_B}/metrics/loss`, lines([[0, 3]]));
	await expect(experimentTab.getByRole('link', { name: 'second', exact: true })).toBeVisible();

	// A file deleted under the watcher: a warning, what it brought stays, watching goes on.
	await remove(page, `${EXP}/${RUN_B}/metrics/loss`);
	await expect(page.getByTestId('watch-warnings')).toContainText(
		`mlruns/${EXP}/${RUN_B}/metrics/loss is gone; what was imported from it stays.`
	);
	await write(page, `${EXP}/${RUN_A}/metrics/loss`, lines([[4, 0.0625]]), true);
	await expect(chart).toHaveAttribute('data-points', '5');

	// A reload offers to resume the remembered folder; resuming follows it again.
	await openApp(page, 'import/');
	await page.getByRole('button', { name: 'Resume watching mlruns' }).click();
	await expect(status).toContainText('Watching mlruns');
	await write(page, `${EXP}/${RUN_A}/metrics/loss`, lines([[5, 0.03125]]), true);
	await expect(chart).toHaveAttribute('data-points', '6');

	// Stop: no status, and the folder is forgotten (a reload offers nothing to resume).
	await page.getByRole('button', { name: 'Stop watching' }).click();
	await expect(status).toHaveCount(0);
	await openApp(page, 'import/');
	await expect(page.getByRole('button', { name: 'Watch a folder…' })).toBeVisible();
	await expect(page.getByRole('button', { name: /Resume watching/ })).toHaveCount(0);
	expect(await runTab.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});
