// Many tabs on one database (src/lib/client/connection.ts): one tab's worker owns the OPFS pool, the others reach
// it through the tab broker; every tab reads and writes, sees the others' changes, and survives the owner closing.
// Where SharedWorker is missing (Android Chrome), tabs fall back to one owner at a time with "Use it here".
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

const role = (page: Page) =>
	page.evaluate(() => window.__runboardRole?.() ?? 'unknown') as Promise<'owner' | 'guest' | 'unknown'>;

const experimentNames = (page: Page) =>
	page.evaluate(async () => (await window.runboard.searchExperiments()).map((e) => e.name).sort());

test('every tab reads and writes the one database, and sees the others’ changes without reloading', async ({
	context,
	page
}) => {
	await openApp(page);
	await page.evaluate(() => window.runboard.createExperiment('tab-one'));
	const second = await context.newPage();
	await openApp(second);
	await expect(second.getByTestId('other-tab')).toHaveCount(0);
	expect([await role(page), await role(second)]).toEqual(['owner', 'guest']);
	await expect(second.getByRole('link', { name: 'tab-one' })).toBeVisible();

	// A write in the guest tab reaches the owner's list live, and the other way round.
	await second.evaluate(() => window.runboard.createExperiment('tab-two'));
	await expect(page.getByRole('link', { name: 'tab-two' })).toBeVisible();
	await page.evaluate(() => window.runboard.createExperiment('tab-three'));
	await expect(second.getByRole('link', { name: 'tab-three' })).toBeVisible();

	// Ctrl+click on a run opens it beside the table: the new tab shows the run, not a blocker.
	const runId = await second.evaluate(async () => {
		const experiment = await window.runboard.getExperimentByName('tab-two');
		const run = await window.runboard.createRun({ experimentId: experiment!.experimentId, runName: 'side' });
		await window.runboard.logMetric(run.info.runId, 'loss', 0.5, { step: 1 });
		return run.info.runId;
	});
	const third = await context.newPage();
	await openApp(third, `runs/${runId}`);
	await expect(third.getByRole('heading', { name: 'side' })).toBeVisible();
	expect(await experimentNames(third)).toEqual(['tab-one', 'tab-three', 'tab-two']);
	expect(await third.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});

test('when the owner tab closes another takes over: calls in flight fail with DB_BUSY, none stays pending', async ({
	context,
	page
}) => {
	await openApp(page);
	await page.evaluate(() => window.runboard.createExperiment('kept'));
	let tabs = [await context.newPage(), await context.newPage(), await context.newPage()];
	for (const t of tabs) await openApp(t);
	expect(await Promise.all(tabs.map(role))).toEqual(['guest', 'guest', 'guest']);

	/** Closes `owner` and waits until one of `tabs` owns the database; prints the time it took (never asserted). */
	const takeOver = async (owner: Page, what: string) => {
		const closedAt = Date.now();
		await owner.close();
		tabs = tabs.filter((t) => t !== owner);
		await Promise.race(
			tabs.map((t) => t.waitForFunction(() => window.__runboardRole?.() === 'owner', null, { polling: 20 }))
		);
		console.log(`takeover after ${what}: ${Date.now() - closedAt} ms`);
		await expect
			.poll(async () => (await Promise.all(tabs.map(role))).filter((r) => r === 'owner'))
			.toHaveLength(1);
		const roles = await Promise.all(tabs.map(role));
		return tabs[roles.indexOf('owner')]!;
	};

	// An idle owner closes: a guest opens the database at once.
	const next = await takeOver(page, 'an idle owner closed');

	// The owner closes while a call from a guest runs in its worker for seconds: the call fails with DB_BUSY (it may
	// or may not have been applied, and says so) instead of staying pending. The closed tab's worker keeps its files
	// until the browser stops it, so this takeover takes longer.
	const guest = tabs.find((t) => t !== next)!;
	const inFlight = guest.evaluate(() =>
		window.__runboardBench!.rawInsertFloor(3_000_000).then(
			() => 'finished',
			(e: { code: string; details?: { reason?: string } }) => `${e.code}:${e.details?.reason}`
		)
	);
	await guest.waitForTimeout(300);
	await takeOver(next, 'the owner closed during a long call');
	expect(await inFlight).toBe('DB_BUSY:owner-closed');

	// Both remaining tabs keep working on the same data.
	await tabs[0]!.evaluate(() => window.runboard.createExperiment('after-0'));
	await tabs[1]!.evaluate(() => window.runboard.createExperiment('after-1'));
	for (const t of tabs) expect(await experimentNames(t)).toEqual(['after-0', 'after-1', 'kept']);
	for (const t of tabs) await idle(t);
	expect(await tabs[1]!.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});

test('without SharedWorker, a second tab says the app is open elsewhere, and "Use it here" moves the database', async ({
	context,
	page
}) => {
	await context.addInitScript(() => {
		// As on Android Chrome.
		delete (window as { SharedWorker?: unknown }).SharedWorker;
	});
	await openApp(page);
	await page.evaluate(async () => {
		const id = await window.runboard.createExperiment('tab-one');
		const run = await window.runboard.createRun({ experimentId: id, runName: 'before-handover' });
		await window.runboard.logMetric(run.info.runId, 'm', 1);
	});

	const second = await context.newPage();
	await second.goto('');
	await expect(second.getByTestId('other-tab')).toBeVisible();
	const refused = await second.evaluate(() =>
		window.runboard.createExperiment('should-not-exist').then(
			() => 'written',
			(e: { code: string }) => e.code
		)
	);
	expect(refused).toBe('DB_BUSY');

	await second.getByRole('button', { name: 'Use it here' }).click();
	await expect(second.getByTestId('other-tab')).toHaveCount(0);
	await idle(second);
	await expect(second.getByRole('link', { name: 'tab-one' })).toBeVisible();
	await expect(page.getByTestId('other-tab')).toBeVisible();

	// The second tab now writes; the first one refuses instead of writing to a database it no longer owns.
	await second.evaluate(() => window.runboard.createExperiment('tab-two'));
	const firstRefused = await page.evaluate(() =>
		window.runboard.createExperiment('x').then(
			() => 'written',
			(e: { code: string }) => e.code
		)
	);
	expect(firstRefused).toBe('DB_BUSY');

	// Closing the owner hands the database back to the waiting tab on its own.
	await second.close();
	await expect(page.getByTestId('other-tab')).toHaveCount(0);
	await idle(page);
	expect(await experimentNames(page)).toEqual(['tab-one', 'tab-two']);
	expect(await page.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});

test('a tab that cannot share holds the database (another version of the app): a new tab offers "Use it here"', async ({
	context,
	page
}) => {
	// The first tab has no SharedWorker, as a tab of an older version has no broker this version's tabs reach.
	await page.addInitScript(() => {
		delete (window as { SharedWorker?: unknown }).SharedWorker;
	});
	await openApp(page);
	await page.evaluate(() => window.runboard.createExperiment('old-version'));
	const second = await context.newPage();
	await second.goto('');
	// No owner is introduced to it: after a few seconds it says so and offers to take the database over.
	await expect(second.getByTestId('other-tab')).toBeVisible({ timeout: 10_000 });
	await second.getByRole('button', { name: 'Use it here' }).click();
	await expect(second.getByTestId('other-tab')).toHaveCount(0);
	await idle(second);
	expect(await role(second)).toBe('owner');
	await expect(second.getByRole('link', { name: 'old-version' })).toBeVisible();
	await expect(page.getByTestId('other-tab')).toBeVisible();
});
