// The app as the kill sweeps drive it: waiting for the database after a reopen, the probe runs that receive the
// sweeps' logBatch calls, and "Delete all data" on the storage page (to interrupt imports into an empty database).
import { expect, type Page } from '@playwright/test';
import { idle } from '../../e2e/fixtures';

/** The experiment holding the probe runs; every other experiment comes from the imports. */
export const PROBE_EXPERIMENT = 'kills-probe';

/**
 * Waits until the database is open (a tab still closing may hold it for a moment) and returns where it lives:
 * 'opfs', or 'memory' when the browser refused the stored profile, which the sweeps count as a failed reopen.
 */
export async function databaseMode(page: Page): Promise<string> {
	const mode = await page.waitForFunction(
		async () => {
			try {
				return (await window.runboard.ready()).mode;
			} catch {
				return false; // not mounted yet, or the previous tab still owns the database
			}
		},
		undefined,
		{ timeout: 30_000, polling: 100 }
	);
	return String(await mode.jsonValue());
}

/** A new run in the probe experiment (created if needed); its creation is acknowledged before any kill. */
export async function newProbeRun(page: Page): Promise<string> {
	return page.evaluate(async (name) => {
		const rb = window.runboard;
		const experiment = await rb.getExperimentByName(name);
		const experimentId = experiment?.experimentId ?? (await rb.createExperiment(name));
		return (await rb.createRun({ experimentId })).info.runId;
	}, PROBE_EXPERIMENT);
}

/** After a kill: a new write to the probe run succeeds and reads back. */
export async function writeSucceeds(page: Page, runId: string): Promise<boolean> {
	return page.evaluate(async (id) => {
		await window.runboard.logBatch(id, {
			params: { 'after-kill': '1' },
			metrics: [{ key: 'after-kill', value: 1 }]
		});
		const run = await window.runboard.getRun(id);
		return run.data.params.some((p) => p.key === 'after-kill');
	}, runId);
}

/**
 * Empties the database the way a user does, from the storage page, and comes back to the import page. Through
 * the app's own links: a page load would start the database worker again, the costliest step of a kill cycle.
 */
export async function deleteAllData(page: Page): Promise<void> {
	const nav = page.getByRole('navigation', { name: 'Main' });
	await nav.getByRole('link', { name: 'Storage' }).click();
	await page.getByRole('button', { name: 'Delete all data…' }).click();
	await page.getByRole('dialog').getByRole('textbox').fill('delete');
	await page.getByRole('button', { name: 'Delete everything' }).click();
	await expect(page.getByRole('status')).toHaveText('All data was deleted.');
	await nav.getByRole('link', { name: 'Import' }).click();
	await expect(page.getByTestId('file-input')).toBeAttached();
	await idle(page);
}
