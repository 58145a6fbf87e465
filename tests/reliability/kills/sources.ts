// The two import sources the kill sweeps interrupt, both real MLflow output from tests/fixtures/mlflow: the file
// store zipped (mlruns/, 30 runs with artifacts and logged models) and the SQLite store (mlflow.db with its
// mlartifacts/ folder). They are made once per sweep in a temporary folder and imported through the import page.
import {
	cpSync,
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { expect, type Page } from '@playwright/test';

const FIXTURES = 'tests/fixtures/mlflow';

export type ImportSource = 'import zip' | 'mlflow.db';

export interface SourceFiles {
	/** The temporary folder holding both. */
	dir: string;
	/** mlruns.zip: the file store, zipped as a user would zip it. */
	zip: string;
	/** A folder holding mlflow.db and mlartifacts/, picked as one folder. */
	dbFolder: string;
}

function need(path: string): string {
	if (!existsSync(path)) throw new Error(`the kill sweeps need ${path} (the MLflow interop fixtures)`);
	return path;
}

function zipFolder(root: string, prefix: string): Uint8Array {
	const files: Zippable = {};
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = join(dir, name);
			if (statSync(full).isDirectory()) walk(full);
			else files[`${prefix}/${relative(root, full).split(sep).join('/')}`] = readFileSync(full);
		}
	};
	walk(root);
	return zipSync(files, { level: 6 });
}

export function makeSources(): SourceFiles {
	const dir = mkdtempSync(join(tmpdir(), 'runboard-kills-src-'));
	const zip = join(dir, 'mlruns.zip');
	writeFileSync(zip, zipFolder(need(join(FIXTURES, 'mlruns')), 'mlruns'));
	const dbFolder = join(dir, 'tracking');
	cpSync(need(join(FIXTURES, 'mlflow.db')), join(dbFolder, 'mlflow.db'));
	cpSync(need(join(FIXTURES, 'mlartifacts')), join(dbFolder, 'mlartifacts'), { recursive: true });
	return { dir, zip, dbFolder };
}

export function removeSources(files: SourceFiles | undefined): void {
	if (files) rmSync(files.dir, { recursive: true, force: true });
}

/** Starts an import the way a user does, on the import page (which must be open); does not wait for it. */
export async function startImport(page: Page, source: ImportSource, files: SourceFiles): Promise<void> {
	if (source === 'import zip') await page.getByTestId('file-input').setInputFiles(files.zip);
	else await page.getByTestId('folder-input').setInputFiles(files.dbFolder);
}

/** Waits for the import started on this page to finish, and checks that it did. */
export async function importFinished(page: Page): Promise<void> {
	await expect(page.getByTestId('import-report')).toContainText('Import finished', { timeout: 60_000 });
}
