// The shipped demo names no machine: MLflow logged it in a neutral folder (tests/interop/demo.sh), so no file holds
// the generating machine's paths, user or repository, and its runs are the quickstart MLflow logged.
import { describe, expect, it } from 'vitest';
import { demoEntries, demoRuns } from './demo-zip';

const entries = demoEntries();
const runs = demoRuns(entries);
const MACHINE_PATHS = ['/work/', '/home/', '/tmp/', '/Users/', '/var/folders/', '/root/', 'C:\\', 'C:/'];

describe('the shipped demo', () => {
	it('holds no absolute path of a machine in any file or file name', () => {
		expect(Object.keys(entries).length).toBeGreaterThan(100);
		const found: string[] = [];
		for (const [path, bytes] of Object.entries(entries)) {
			// latin1 keeps every byte, so a path inside a binary file (model.pkl) is seen too.
			const text = `${path}\n${new TextDecoder('latin1').decode(bytes)}`;
			for (const machine of MACHINE_PATHS) if (text.includes(machine)) found.push(`${path}: ${machine}`);
		}
		expect(found).toEqual([]);
	});

	it('points its artifact locations at the neutral folder, not the one MLflow ran in', () => {
		const locations = Object.entries(entries)
			.filter(([path]) => path.endsWith('/meta.yaml') || path.endsWith('/MLmodel'))
			.flatMap(([, bytes]) => [
				...new TextDecoder()
					.decode(bytes)
					.matchAll(/^(?:artifact_location|artifact_uri|artifact_path): (file:.*)$/gm)
			])
			.map((m) => m[1]!);
		// The experiment, 15 runs, 13 logged models (meta.yaml and MLmodel each).
		expect(locations.length).toBe(1 + 15 + 13 * 2);
		for (const location of locations)
			expect(location).toMatch(/^file:\/\/\/diabetes-quickstart\/mlruns\/\d+(\/|$)/);
	});

	it('names the script relatively, a neutral user and no repository in its tags', () => {
		expect(runs).toHaveLength(15);
		for (const { tags } of runs) {
			expect(tags['mlflow.source.name']).toBe('quickstart.py');
			expect(tags['mlflow.user']).toBe('demo');
			expect(Object.keys(tags).filter((key) => key.startsWith('mlflow.source.git'))).toEqual([]);
		}
		const modelTags = Object.keys(entries).filter((p) => /\/models\/m-[0-9a-f]+\/tags\//.test(p));
		const modelSources = modelTags.filter((p) => p.endsWith('/mlflow.source.name'));
		expect(modelSources).toHaveLength(13);
		for (const p of modelSources) expect(new TextDecoder().decode(entries[p])).toBe('quickstart.py');
		for (const p of modelTags) expect(p).not.toContain('mlflow.source.git');
	});

	it('is the quickstart: an ElasticNet grid and an SGD history, with metrics and logged models', () => {
		const names = runs.map((r) => r.tags['mlflow.runName']).sort();
		// As Python prints the floats of quickstart.py's ALPHAS x L1_RATIOS.
		const grid = ['0.01', '0.1', '0.5', '1.0'].flatMap((a) =>
			['0.1', '0.5', '0.9'].map((l) => `elasticnet-a${a}-l${l}`)
		);
		expect(names).toEqual(
			[...grid, 'sgd-iterative', 'best-elasticnet-registered', 'evaluate-logged-model'].sort()
		);
		for (const run of runs.filter((r) => r.tags['model_family'])) {
			for (const metric of ['rmse', 'r2', 'mae'])
				expect(entries[`${run.folder}metrics/${metric}`]).toBeDefined();
		}
		const sgd = runs.find((r) => r.tags['mlflow.runName'] === 'sgd-iterative')!;
		const valLines = new TextDecoder().decode(entries[`${sgd.folder}metrics/val/rmse`]).trim().split('\n');
		expect(valLines).toHaveLength(30);
		const models = Object.keys(entries).filter((p) => /\/models\/m-[0-9a-f]+\/artifacts\/MLmodel$/.test(p));
		expect(models).toHaveLength(13);
		for (const mlmodel of models) {
			const requirements = entries[mlmodel.replace(/MLmodel$/, 'requirements.txt')];
			expect(new TextDecoder().decode(requirements)).toMatch(/^mlflow==3\.18\./m);
		}
	});
});
