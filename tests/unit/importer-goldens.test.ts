// Goldens of what the importers read from real files (tests/unit/importer-golden.ts): every record and warning,
// compared with tests/goldens/importers/. Each source is imported a second time under neutral names (another
// dropped folder, a zip without its .zip name, a database without its usual name): the same format must be detected
// and the same records read, which shows that detection and reading go by content.
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { describe, it } from 'vitest';
import { fromBytes } from '$lib/importers/source-files';
import type { SourceFile } from '$lib/importers/types';
import { expectGolden, expectGoldenRenamed, goldenDump, importFiles, renamed } from './importer-golden';
import { fromNodeDir, nodeFile } from './node-files';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const INTEROP = fixture('mlflow/');
const PUBLIC_MLRUNS = fixture('public/mlflow-mlruns/');

/** Replaces the first segment of every path: the folder a user dropped. */
const rerooted = (from: string, to: string) => (path: string) =>
	path.startsWith(`${from}/`) ? `${to}${path.slice(from.length)}` : path;

/** The files zipped, each under its path, as one dropped file. */
async function zipped(name: string, files: SourceFile[]): Promise<SourceFile> {
	const entries: Record<string, Uint8Array> = {};
	for (const file of files) entries[file.path] = await file.bytes();
	return fromBytes(name, zipSync(entries));
}

describe('importer goldens: mlruns folders', () => {
	it('MLflow 3 interop mlruns (4 experiments, 30 runs, NaN/±Infinity, logged models, artifacts)', async () => {
		const files = fromNodeDir(`${INTEROP}mlruns`);
		expectGolden('mlruns-interop', goldenDump(await importFiles(files), { '<root>': 'mlruns' }));
		await expectGoldenRenamed('mlruns-interop', renamed(files, rerooted('mlruns', 'export-2')), {
			'<root>': 'export-2'
		});
	});

	it('MLflow 2.3 mlruns from a public repository (justinpontalba/MLOps)', async () => {
		const files = fromNodeDir(`${PUBLIC_MLRUNS}justinpontalba-MLOps/mlruns`);
		expectGolden('mlruns-public-mlops', goldenDump(await importFiles(files), { '<root>': 'mlruns' }));
		await expectGoldenRenamed('mlruns-public-mlops', renamed(files, rerooted('mlruns', 'data')), {
			'<root>': 'data'
		});
	});

	it('the same mlruns zipped, as mlruns.zip and as a file whose name says nothing', async () => {
		const files = fromNodeDir(`${PUBLIC_MLRUNS}justinpontalba-MLOps/mlruns`);
		const names = { '<root>': 'mlruns' };
		await expectGoldenRenamed('mlruns-public-mlops', [await zipped('mlruns.zip', files)], names);
		await expectGoldenRenamed('mlruns-public-mlops', [await zipped('upload', files)], names);
	});
});

describe('importer goldens: mlflow.db', () => {
	const db = () => nodeFile(`${INTEROP}mlflow.db`, 'mlflow.db');

	it('MLflow 3 interop mlflow.db with its mlartifacts/ folder', async () => {
		const files = [db(), ...fromNodeDir(`${INTEROP}mlartifacts`)];
		const names = { '<db>': 'mlflow.db', '<artifacts>': 'mlartifacts' };
		expectGolden('mlflow-db-interop', goldenDump(await importFiles(files), names));
		const rename = (path: string) =>
			path === 'mlflow.db' ? 'tracking.sqlite' : rerooted('mlartifacts', 'artefacts-copy')(path);
		await expectGoldenRenamed('mlflow-db-interop', renamed(files, rename), {
			'<db>': 'tracking.sqlite',
			'<artifacts>': 'artefacts-copy'
		});
	});

	it('MLflow 3 interop mlflow.db alone, and under a name that does not say database', async () => {
		expectGolden('mlflow-db-interop-alone', goldenDump(await importFiles([db()]), { '<db>': 'mlflow.db' }));
		await expectGoldenRenamed(
			'mlflow-db-interop-alone',
			renamed([db()], () => 'upload'),
			{ '<db>': 'upload' },
			['name-content-mismatch']
		);
	});
});
