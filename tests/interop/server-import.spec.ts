// "Connect to MLflow server" brings what dropping the same store as a zip brings: the real MLflow 3.18 serves a copy
// of the quickstart fixture (tests/interop/serve_store.py), one profile imports it through the server, another
// imports the zip of that very copy, and every run, param, metric point, artifact file and logged model (with its
// files, byte for byte) is the same; for the file store (mlruns) and the SQLite store (mlflow.db + mlartifacts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { expect, idle, launch, openApp, test } from '../e2e/fixtures';
import { census, counts } from './store-census';

const E2E_PORT = Number(process.env.E2E_PORT ?? 4174);
const PYTHON = 'tests/interop/.venv/bin/python';

interface ServedStore {
	url: string;
	zip: string;
	process: ChildProcess;
}

async function serveStore(store: string[], corsOrigin: string): Promise<ServedStore> {
	const args = ['tests/interop/serve_store.py', ...store, '--cors-allowed-origins', corsOrigin];
	const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	const line = await new Promise<string>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`serve_store.py exited with ${code}`)));
		createInterface({ input: child.stdout! }).once('line', resolve);
	});
	return { ...(JSON.parse(line) as Omit<ServedStore, 'process'>), process: child };
}

function stop(served: ServedStore): Promise<void> {
	return new Promise((resolve) => {
		served.process.once('exit', () => resolve());
		served.process.kill('SIGTERM');
	});
}

async function finished(page: Page): Promise<void> {
	await expect(page.getByTestId('import-report')).toContainText('Import finished', { timeout: 150_000 });
	await idle(page);
}

/** The quickstart fixture in both of MLflow's stores (tests/fixtures/mlflow/README.md). */
const STORES = [
	{ kind: 'a file store', store: ['--store', 'tests/fixtures/mlflow/mlruns'] },
	{
		kind: 'a SQLite store',
		store: ['--store', 'tests/fixtures/mlflow/mlflow.db', '--artifacts', 'tests/fixtures/mlflow/mlartifacts']
	}
];

for (const { kind, store } of STORES)
	test(`a live server import of ${kind} brings every artifact and logged model the zip of the same store brings`, async ({
		page,
		profileDir
	}) => {
		test.setTimeout(420_000);
		const served = await serveStore(store, `http://127.0.0.1:${E2E_PORT}`);
		const other = await launch(`${profileDir}-zip`);
		try {
			await openApp(page, 'import/');
			await page.getByTestId('server-url').fill(served.url);
			await page.getByRole('button', { name: 'Connect and import' }).click();
			await finished(page);
			const fromServer = await census(page);

			const zipPage = other.pages()[0] ?? (await other.newPage());
			await openApp(zipPage, 'import/');
			await zipPage.getByTestId('file-input').setInputFiles(served.zip);
			await finished(zipPage);
			const fromZip = await census(zipPage);

			console.log(`${kind}, server import:`, JSON.stringify(counts(fromServer)));
			console.log(`${kind}, zip import:   `, JSON.stringify(counts(fromZip)));
			expect(counts(fromServer)).toEqual(counts(fromZip));
			// The quickstart's logged models are there with their files (13 models of 7 files in this fixture).
			expect(Object.keys(fromServer.models).length).toBeGreaterThanOrEqual(13);
			expect(Object.keys(fromServer.modelFiles).length).toBeGreaterThanOrEqual(91);
			expect(fromServer.runFiles).toEqual(fromZip.runFiles);
			expect(fromServer.models).toEqual(fromZip.models);
			expect(fromServer.modelFiles).toEqual(fromZip.modelFiles);
		} finally {
			await other.close();
			await stop(served);
		}
	});
