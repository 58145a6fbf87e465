// The owning tab's database worker dies (a crash, out of memory: here the test build's hook terminates it) with
// calls in flight in its own tab and in a guest tab: every such call fails with DB_BUSY instead of staying pending,
// the database is reopened (by the next tab in line, or by the same tab when it is alone), nothing already
// committed is lost, and the tab whose worker died says what happened and offers a reload.
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from './fixtures';

const role = (page: Page) => page.evaluate(() => window.__runboardRole?.() ?? 'unknown');
const experimentNames = (page: Page) =>
	page.evaluate(async () => (await window.runboard.searchExperiments()).map((e) => e.name).sort());

/** Starts a call that keeps the worker busy for seconds; resolves to 'finished' or the error's code and reason. */
function longCall(page: Page): Promise<string> {
	return page.evaluate(() =>
		window.__runboardBench!.rawInsertFloor(3_000_000).then(
			() => 'finished',
			(e: { code: string; details?: { reason?: string } }) => `${e.code}:${e.details?.reason}`
		)
	);
}

const kill = (page: Page) => page.evaluate(() => window.__runboardKill!.terminateDbWorker());

test('a lone tab whose database worker dies mid-call: the call fails with DB_BUSY and the tab reopens the database', async ({
	page
}) => {
	await openApp(page);
	await page.evaluate(() => window.runboard.createExperiment('kept'));
	// Timed in the page, from the kill to the call's rejection (printed, never asserted).
	const inFlight = page.evaluate(() => {
		const hooks = window as unknown as { __killedAt?: number };
		return window.__runboardBench!.rawInsertFloor(3_000_000).then(
			() => 'finished',
			(e: { code: string; details?: { reason?: string } }) => {
				console.log(
					`call failed ${Math.round(performance.now() - (hooks.__killedAt ?? 0))} ms after the kill`
				);
				return `${e.code}:${e.details?.reason}`;
			}
		);
	});
	await page.waitForTimeout(300);
	const printed = page.waitForEvent('console', (m) => m.text().startsWith('call failed'));
	await page.evaluate(() => {
		(window as unknown as { __killedAt?: number }).__killedAt = performance.now();
		window.__runboardKill!.terminateDbWorker();
	});
	expect(await inFlight).toBe('DB_BUSY:worker-stopped');
	console.log((await printed).text());

	const notice = page.getByTestId('connection-notice');
	await expect(notice).toContainText('The database worker stopped');
	await expect(notice.getByRole('button', { name: 'Reload the page' })).toBeVisible();
	await idle(page);
	expect(await role(page)).toBe('owner');
	await page.evaluate(() => window.runboard.createExperiment('after'));
	expect(await experimentNames(page)).toEqual(['after', 'kept']);
	expect(await page.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});

test('the owner’s worker dies with calls in flight in two tabs: both fail with DB_BUSY, a guest takes over', async ({
	context,
	page
}) => {
	await openApp(page);
	await page.evaluate(() => window.runboard.createExperiment('kept'));
	const guest = await context.newPage();
	await openApp(guest);
	expect([await role(page), await role(guest)]).toEqual(['owner', 'guest']);

	const ownersCall = longCall(page);
	const guestsCall = longCall(guest);
	await page.waitForTimeout(300);
	await kill(page);
	expect(await ownersCall).toBe('DB_BUSY:worker-stopped');
	expect(await guestsCall).toMatch(/^DB_BUSY:/);

	// The guest was first in line for the database: it owns it now, and the first tab is its guest.
	await expect.poll(async () => [await role(page), await role(guest)].sort()).toEqual(['guest', 'owner']);
	await expect(page.getByTestId('connection-notice')).toBeVisible();
	await page.evaluate(() => window.runboard.createExperiment('from-first'));
	await guest.evaluate(() => window.runboard.createExperiment('from-guest'));
	for (const t of [page, guest])
		expect(await experimentNames(t)).toEqual(['from-first', 'from-guest', 'kept']);
	for (const t of [page, guest]) await idle(t);
	expect(await guest.evaluate(() => window.runboard.integrityCheck())).toBe('ok');
});

test('a database worker that keeps dying is not restarted for ever: the tab asks for a reload', async ({
	page
}) => {
	await openApp(page);
	for (let death = 1; death < 3; death++) {
		// Each new worker brings a new kill hook: wait for the next worker to be ready before killing it.
		await page.evaluate(() => {
			(window as unknown as { __previousKill?: unknown }).__previousKill = window.__runboardKill;
			window.__runboardKill!.terminateDbWorker();
		});
		await page.waitForFunction(
			() =>
				window.__runboardKill !== (window as unknown as { __previousKill?: unknown }).__previousKill &&
				window.__runboardRole?.() === 'owner'
		);
	}
	await kill(page);
	const blocker = page.getByRole('alert').filter({ hasText: 'The database worker stopped 3 times' });
	await expect(blocker).toBeVisible();
	await blocker.getByRole('button', { name: 'Reload the page' }).click();
	await idle(page);
	expect(await role(page)).toBe('owner');
});
