// A full disk, for real: Chromium's quota for the app's origin lowered to what it uses plus a few MiB (DevTools'
// Storage.overrideQuotaForOrigin), then a 50,000-point logBatch, a 30 MB artifact and an mlruns import. Each must
// end STORAGE_FULL saying how much is used and left, leave the database whole (integrity_check ok) with the failed
// write wholly absent and the earlier data intact, report only runs that are stored — and, once the quota is
// lifted, the same write must succeed.
import type { CDPSession, Page } from '@playwright/test';
import { expect, openApp, test } from '../../e2e/fixtures';
import {
	batchPresence,
	earlierDigest,
	importZip,
	integrity,
	logPoints,
	mlrunsZip,
	storedRuns,
	writeEarlierData,
	type Outcome
} from './pages';

const HEADROOM = 2 * 1024 * 1024;
/** Added to the fixture mlruns (30 runs, about 1 MB stored) so that the import cannot fit in HEADROOM. */
const IMPORT_EXTRA = 6 * 1024 * 1024;

/** Lowers the origin's quota to its usage plus `headroom`; returns a function that lifts it again. */
async function lowerQuota(page: Page, headroom: number): Promise<() => Promise<void>> {
	const cdp: CDPSession = await page.context().newCDPSession(page);
	const origin = new URL(page.url()).origin;
	const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + headroom });
	return async () => {
		await cdp.send('Storage.overrideQuotaForOrigin', { origin });
		await cdp.detach();
	};
}

function expectStorageFull(outcome: Outcome): void {
	expect(outcome.ok, JSON.stringify(outcome)).toBe(false);
	expect(outcome.code, outcome.message).toBe('STORAGE_FULL');
	// The space used and left, in the words a person reads, and what to do.
	expect(outcome.message).toMatch(/\d+(\.\d)? [KMG]?B used, (\d+(\.\d)? [KMG]?B|no more space) left/);
	expect(outcome.details?.usage).toEqual(expect.any(Number));
	expect(outcome.message).toMatch(/delete runs or experiments you no longer need/);
	expect(outcome.message).toMatch(/remove deleted runs for good/);
	expect(outcome.message).not.toMatch(/cannot rollback|no transaction is active/);
}

test('a 50,000-point logBatch on a full disk: STORAGE_FULL, nothing of it stored, then it succeeds', async ({
	page
}) => {
	await openApp(page);
	const earlier = await writeEarlierData(page);
	const before = await earlierDigest(page, earlier);
	const target = await page.evaluate(async (id) => {
		const run = await window.runboard.getRun(id);
		return (await window.runboard.createRun({ experimentId: run.info.experimentId, runName: 'big' })).info
			.runId;
	}, earlier);
	const lift = await lowerQuota(page, HEADROOM);

	const failed = await logPoints(page, target, 'big', 50_000);
	expectStorageFull(failed);
	expect(await integrity(page)).toBe('ok');
	expect(await batchPresence(page, target, 'big')).toEqual({ points: 0, param: false });
	expect(await earlierDigest(page, earlier)).toBe(before);

	await lift();
	expect(await logPoints(page, target, 'big', 50_000)).toEqual({ ok: true });
	expect(await batchPresence(page, target, 'big')).toEqual({ points: 50_000, param: true });
	expect(await integrity(page)).toBe('ok');
});

test('a 30 MB logArtifact on a full disk: STORAGE_FULL, the file absent, then it succeeds', async ({
	page
}) => {
	await openApp(page);
	const earlier = await writeEarlierData(page);
	const before = await earlierDigest(page, earlier);
	const lift = await lowerQuota(page, HEADROOM);
	const logBig = () =>
		page.evaluate(async (id) => {
			const bytes = new Uint8Array(30 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
			try {
				await window.runboard.logArtifact(id, 'big/weights.bin', new Blob([bytes]));
				return { ok: true };
			} catch (error) {
				const e = error as { code?: string; message?: string; details?: Record<string, unknown> };
				return { ok: false, code: e.code, message: e.message, details: e.details };
			}
		}, earlier);
	const listed = () =>
		page.evaluate(
			async (id) =>
				(await window.runboard.listArtifactFilesOf({ runId: id })).filter((a) => a.path.startsWith('big/')),
			earlier
		);

	expectStorageFull(await logBig());
	expect(await integrity(page)).toBe('ok');
	expect(await listed()).toEqual([]);
	expect(await earlierDigest(page, earlier)).toBe(before);

	await lift();
	expect(await logBig()).toEqual({ ok: true });
	expect(await listed()).toEqual([{ path: 'big/weights.bin', isDir: false, size: 30 * 1024 * 1024 }]);
	expect(await integrity(page)).toBe('ok');
});

test('an mlruns import on a full disk: STORAGE_FULL, the report counts only stored runs, then it succeeds', async ({
	page
}) => {
	const zip = mlrunsZip(undefined, IMPORT_EXTRA);
	await openApp(page);
	const earlier = await writeEarlierData(page);
	const before = await earlierDigest(page, earlier);
	const lift = await lowerQuota(page, HEADROOM);

	const failed = await importZip(page, zip.base64);
	expectStorageFull(failed);
	const stored = await storedRuns(page, zip.runIds);
	expect(failed.details?.runsWritten).toBe(stored);
	expect(failed.message).toContain(
		stored ? `${stored} run${stored === 1 ? ' was' : 's were'} imported completely` : 'Nothing was imported'
	);
	expect(await integrity(page)).toBe('ok');
	expect(await earlierDigest(page, earlier)).toBe(before);

	await lift();
	const done = await importZip(page, zip.base64);
	expect(done.ok, JSON.stringify(done)).toBe(true);
	expect(await storedRuns(page, zip.runIds)).toBe(zip.runIds.length);
	expect(done.value).toBe(zip.runIds.length);
	expect(await integrity(page)).toBe('ok');
});

test('on a full disk, deleting a run and removing it for good on the Storage page makes room: the refused write then succeeds', async ({
	page
}) => {
	await openApp(page);
	const earlier = await writeEarlierData(page);
	const before = await earlierDigest(page, earlier);
	// An old run holding more than the write needs (60,000 points), which the person decides to delete.
	const [old, target] = await page.evaluate(async (id) => {
		const run = await window.runboard.getRun(id);
		const experimentId = run.info.experimentId;
		const ids: string[] = [];
		for (const runName of ['old', 'new'])
			ids.push((await window.runboard.createRun({ experimentId, runName })).info.runId);
		return ids as [string, string];
	}, earlier);
	expect(await logPoints(page, old, 'old', 60_000)).toEqual({ ok: true });
	const lift = await lowerQuota(page, HEADROOM);

	expectStorageFull(await logPoints(page, target, 'big', 50_000));
	await page.evaluate((id) => window.runboard.deleteRun(id), old);
	// Deleting alone only marks the run: the write is still refused.
	expectStorageFull(await logPoints(page, target, 'big', 50_000));

	await openApp(page, 'storage/');
	await expect(page.getByTestId('deleted-stored')).toContainText('1 deleted run and 0 deleted experiments');
	await page.getByTestId('purge-deleted').click();
	await page.getByTestId('purge-confirm').click();
	await expect(page.getByRole('status')).toContainText('Removed 1 deleted run and 0 deleted experiments');
	await expect(page.getByTestId('purge-deleted')).toBeDisabled();

	expect(await logPoints(page, target, 'big', 50_000)).toEqual({ ok: true });
	expect(await batchPresence(page, target, 'big')).toEqual({ points: 50_000, param: true });
	expect(await earlierDigest(page, earlier)).toBe(before);
	expect(await integrity(page)).toBe('ok');
	await lift();
});
