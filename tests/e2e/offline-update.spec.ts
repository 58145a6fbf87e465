// A new deploy while tabs are open (src/lib/offline/updates.ts): the new service worker installs and waits, every
// open tab keeps its version and offers "A new version of Runboard is ready — Reload"; one click switches every
// tab at once and the old version's cache goes. The deploy is a copy of build-e2e/ whose service worker carries
// another version, served on a port of its own so the copy can change under the open tabs.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, idle, test } from './fixtures';

// The test build registers the service worker only where a test asks (src/lib/components/UpdatePrompt.svelte).
test.beforeEach(async ({ context }) => {
	await context.addInitScript(() => localStorage.setItem('runboard:test-service-worker', 'on'));
});

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() =>
				typeof address === 'object' && address ? resolve(address.port) : reject(new Error())
			);
		});
	});
}

async function serve(dir: string, port: number): Promise<ChildProcess> {
	const server = spawn(
		'node',
		['scripts/serve.mjs', '--dir', dir, '--base', '/runboard', '--port', String(port)],
		{
			stdio: 'ignore'
		}
	);
	for (;;) {
		const up = await fetch(`http://127.0.0.1:${port}/runboard/`).then(
			(r) => r.ok,
			() => false
		);
		if (up) return server;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

test('a new version waits for the user, then every tab switches to it together', async ({ context }) => {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-deploy-'));
	cpSync('build-e2e', dir, { recursive: true });
	const port = await freePort();
	const server = await serve(dir, port);
	try {
		const origin = `http://127.0.0.1:${port}/runboard/`;
		const first = context.pages()[0] ?? (await context.newPage());
		await first.goto(origin);
		await idle(first);
		await first.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
		const second = await context.newPage();
		await second.goto(origin);
		await idle(second);
		const [before] = await cacheNames(first);

		// Deploy: the service worker of the next version (a byte-different script is a new worker).
		const version = (JSON.parse(readFileSync(join(dir, '_app/version.json'), 'utf8')) as { version: string })
			.version;
		const workerFile = join(dir, 'service-worker.js');
		const script = readFileSync(workerFile, 'utf8');
		expect(script).toContain(version);
		writeFileSync(workerFile, script.replaceAll(version, `${version}1`));

		// Opening a page checks for an update; the new worker installs and waits, and both tabs offer it.
		await first.reload();
		await idle(first);
		for (const tab of [first, second])
			await expect(tab.getByText('A new version of Runboard is ready')).toBeVisible();
		// Until the user accepts, both tabs stay with the version they started with, and its cache stays.
		expect(await cacheNames(first)).toEqual(expect.arrayContaining([before, `runboard-${version}1`]));
		await second.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

		const reloads = [first, second].map((tab) => tab.waitForEvent('load'));
		await first.getByRole('button', { name: 'Reload' }).click();
		await Promise.all(reloads);
		for (const tab of [first, second]) {
			await idle(tab);
			await expect(tab.getByTestId('update-prompt')).toHaveCount(0);
		}
		expect(await second.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
		expect(await cacheNames(first)).toEqual([`runboard-${version}1`]);
	} finally {
		server.kill();
		rmSync(dir, { recursive: true, force: true });
	}
});
