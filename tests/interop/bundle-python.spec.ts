// Run bundles between Runboard and Python (scripts/python/runboard_bundle.py, standard library only): a bundle
// written in Python imports through the Import page and reads back equal, value bits and file bytes included; a
// bundle Runboard exports reads in Python equal to what Runboard holds; the Python reader refuses altered bundles;
// the example of docs/bundle-format.md runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, idle, openApp, test } from '../e2e/fixtures';
import { type BundleDump, dumpRunboardBits, sortPoints } from './bundle-compare';

const PYTHON = 'tests/interop/.venv/bin/python';

function python(...args: string[]): string {
	// No __pycache__ folders left in the checkout.
	const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
	return execFileSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
}

const pythonDump = (command: 'write' | 'read', file: string) =>
	sortPoints(JSON.parse(python('tests/interop/bundle_python.py', command, file)) as BundleDump);

async function importBundle(page: Page, file: string): Promise<void> {
	await openApp(page, 'import/');
	await page.getByTestId('file-input').setInputFiles(file);
	await expect(page.getByTestId('import-report')).toContainText('Import finished', { timeout: 60_000 });
	await expect(page.getByTestId('import-report')).toContainText('Runboard run bundle');
	await idle(page);
}

/** runboard.exportBundle of the named experiments, saved to a file. */
async function exportToFile(page: Page, names: string[]): Promise<string> {
	const base64 = await page.evaluate(async (names) => {
		const rb = window.runboard;
		const ids = await Promise.all(names.map(async (n) => (await rb.getExperimentByName(n))!.experimentId));
		const blob = await rb.exportBundle({ experimentIds: ids });
		let text = '';
		for (const b of new Uint8Array(await blob.arrayBuffer())) text += String.fromCharCode(b);
		return btoa(text);
	}, names);
	const file = join(mkdtempSync(join(tmpdir(), 'runboard-pybundle-')), 'exported.runboard.zip');
	writeFileSync(file, Buffer.from(base64, 'base64'));
	return file;
}

test('a bundle written in Python imports into Runboard equal: NaN, ±Infinity, −0, unicode, files, nesting', async ({
	page
}) => {
	const file = join(mkdtempSync(join(tmpdir(), 'runboard-pybundle-')), 'from-python.runboard.zip');
	const written = pythonDump('write', file);
	const names = Object.keys(written);
	expect(names).toEqual(['from-python ✓', 'second <b>bold</b>']);
	const parent = written['from-python ✓']!.runs['a'.repeat(32)]!;
	expect(parent.history['odd']!.map((p) => p[2])).toContain('8000000000000000'); // −0 went in
	expect(Object.keys(parent.files)).toEqual(['data/bytes.bin', 'notes/hello ✓.txt']);

	// Runboard's database keeps a −0 as 0 (docs/formats.md): every value else arrives bit for bit.
	const expected = sortPoints(
		JSON.parse(JSON.stringify(written).replaceAll('"8000000000000000"', '"0000000000000000"'))
	);
	await openApp(page);
	for (const round of [1, 2]) {
		await importBundle(page, file);
		// A second import replaces the runs by id: the same content, no copies.
		expect(sortPoints(await dumpRunboardBits(page, names)), `import ${round}`).toEqual(expected);
	}
	// The script param stayed text: shown on the run page, and nothing of the bundle ran.
	const dialogs: string[] = [];
	page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
	await openApp(page, `runs/${'a'.repeat(32)}/`);
	await expect(page.getByText('<script>alert(1)</script>')).toBeVisible();
	expect(dialogs).toEqual([]);
	// And back out: Runboard's export of them reads in Python as what Python wrote.
	expect(pythonDump('read', await exportToFile(page, names))).toEqual(expected);
});

test('a bundle Runboard exports reads in Python equal to what Runboard holds; altered copies are refused', async ({
	page
}) => {
	await openApp(page);
	await page.evaluate(async () => {
		const rb = window.runboard;
		const experimentId = await rb.createExperiment('exported ✓', {
			'mlflow.note.content': '# From Runboard'
		});
		const run = await rb.createRun({ experimentId, runName: 'trained', startTime: 1_700_000_000_000 });
		const id = run.info.runId;
		await rb.logBatch(id, {
			params: { lr: 0.001, 'ünïcode key': 'välue' },
			metrics: [
				...Array.from({ length: 3000 }, (_, i) => ({
					key: 'loss',
					value: Math.sin(i) / (i + 1),
					step: i,
					timestamp: 1_700_000_000_000 + i
				})),
				...[NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE].map((value, step) => ({
					key: 'odd ✓',
					value,
					step,
					timestamp: 1_700_000_000_500
				}))
			]
		});
		await rb.logArtifact(id, 'notes/hello.txt', 'hello from Runboard ✓\n');
		await rb.logArtifact(id, 'data/bytes.bin', new Blob([new Uint8Array([0, 1, 2, 255, 254])]));
		await rb.setTerminated(id, 'FINISHED', 1_700_000_009_000);
		const child = await rb.createRun({ experimentId, runName: 'child', tags: { 'mlflow.parentRunId': id } });
		await rb.logMetric(child.info.runId, 'acc', 0.5, { step: 1, timestamp: 1_700_000_000_001 });
		await rb.setTerminated(child.info.runId, 'KILLED', 1_700_000_000_002);
		const gone = await rb.createRun({ experimentId, runName: 'gone', startTime: 1_700_000_000_003 });
		await rb.deleteRun(gone.info.runId);
	});
	const held = sortPoints(await dumpRunboardBits(page, ['exported ✓']));
	const file = await exportToFile(page, ['exported ✓']);
	const read = pythonDump('read', file);
	expect(Object.keys(read['exported ✓']!.runs)).toHaveLength(3);
	expect(read).toEqual(held);

	const refused = JSON.parse(python('tests/interop/bundle_python.py', 'refuse', file)) as Record<
		string,
		string
	>;
	expect(refused).toEqual({
		altered: expect.stringMatching(/metrics\.bin does not match its SHA-256/),
		truncated: expect.stringMatching(/metrics\.bin holds \d+ bytes, the manifest says \d+/),
		unlisted: 'extra.txt is not listed in the manifest',
		version: 'it is format version 2; this reader reads 1',
		counts: 'the manifest counts 99 runs, the bundle holds 3',
		write: expect.stringMatching(/^runs\/0: artifact '\.\.\/x': .*'\.\.'.*; file left: False$/)
	});
});

test("docs/bundle-format.md's Python example is scripts/python/example_bundle.py, and it runs", () => {
	const example = readFileSync('scripts/python/example_bundle.py', 'utf8');
	expect(readFileSync('docs/bundle-format.md', 'utf8')).toContain('```python\n' + example + '```\n');
	const file = join(mkdtempSync(join(tmpdir(), 'runboard-pybundle-')), 'example.runboard.zip');
	expect(python('scripts/python/example_bundle.py', file)).toBe(
		"train FINISHED 6 ['notes/readme.txt']\neval FAILED 2 []\n"
	);
});
