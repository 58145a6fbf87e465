// "Connect to MLflow server" against the real MLflow: log runs with the real client, import them through the UI,
// compare every point; and the CORS failure message for a page origin the server does not allow.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect, idle, launch, openApp, test } from '../e2e/fixtures';

/** The preview server's port (playwright.config.ts): the origin MLflow must allow. */
const E2E_PORT = Number(process.env.E2E_PORT ?? 4174);
const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;

const PYTHON = 'tests/interop/.venv/bin/python';

interface LiveServer {
	url: string;
	experiment_name: string;
	run_ids: string[];
	process: ChildProcess;
}

async function startServer(corsOrigin?: string): Promise<LiveServer> {
	const args = [
		'tests/interop/live_server.py',
		...(corsOrigin ? ['--cors-allowed-origins', corsOrigin] : [])
	];
	const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	const line = await new Promise<string>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`live_server.py exited with ${code}`)));
		createInterface({ input: child.stdout! }).once('line', resolve);
	});
	return { ...(JSON.parse(line) as Omit<LiveServer, 'process'>), process: child };
}

function stop(server: LiveServer): Promise<void> {
	return new Promise((resolve) => {
		server.process.once('exit', () => resolve());
		server.process.kill('SIGTERM');
	});
}

test('connect imports every run and every metric point of a live MLflow server', async ({ page }) => {
	const server = await startServer(E2E_ORIGIN);
	try {
		await openApp(page, 'import/');
		await page.getByTestId('server-url').fill(server.url);
		await page.getByRole('button', { name: 'Connect and import' }).click();
		await expect(page.getByTestId('import-report')).toContainText('Import finished', { timeout: 60_000 });
		await idle(page);
		const imported = await page.evaluate(async (runIds) => {
			const out: Record<string, { params: unknown; history: Record<string, [number, number, string][]> }> =
				{};
			for (const id of runIds) {
				const run = await window.runboard.getRun(id);
				const history: Record<string, [number, number, string][]> = {};
				for (const m of run.data.metrics) {
					history[m.key] = (await window.runboard.getMetricHistory(id, m.key)).map((p) => [
						p.step,
						p.timestamp,
						String(p.value)
					]);
				}
				out[id] = { params: run.data.params, history };
			}
			return out;
		}, server.run_ids);
		// The same runs, read back by the real MLflow client through REST.
		const expected = await new Promise<string>((resolve, reject) => {
			const py = spawn(PYTHON, ['tests/interop/dump_server.py', server.url, ...server.run_ids], {
				stdio: ['ignore', 'pipe', 'inherit']
			});
			let out = '';
			py.stdout.on('data', (d: Buffer) => (out += d.toString()));
			py.once('exit', (code) =>
				code === 0 ? resolve(out) : reject(new Error(`dump_server.py exited ${code}`))
			);
		});
		expect(imported).toEqual(JSON.parse(expected));
	} finally {
		await stop(server);
	}
});

test('a server that does not allow this origin gets an actionable CORS message', async ({ profileDir }) => {
	const server = await startServer();
	const context = await launch(`${profileDir}-cors`, ['--host-resolver-rules=MAP runboard.test 127.0.0.1']);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(`http://runboard.test:${E2E_PORT}/runboard/import/`);
		await idle(page);
		await page.getByTestId('server-url').fill(server.url);
		await page.getByRole('button', { name: 'Connect and import' }).click();
		const error = page.getByTestId('import-error');
		await expect(error).toContainText(`--cors-allowed-origins "http://runboard.test:${E2E_PORT}"`);
		await expect(error).toContainText('FETCH_CORS');
	} finally {
		await context.close();
		await stop(server);
	}
});
