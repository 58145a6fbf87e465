// The TensorBoard importer against TensorBoard's own reader, value for value: the JSON files of
// tests/fixtures/tensorboard/ hold what EventAccumulator (purge on, nothing sampled) read from the event files
// written by the real writers (tensorboardX, tensorboard's EventFileWriter: tests/interop/tensorboard/) and from
// the public event files. Every scalar point's step, wall time (ms) and value, the hparams and the image counts
// must be the same. PyTorch-style add_hparams folders are joined to their parent run, so their points are
// expected there.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ReadyItem } from '../../workers/import/prepare';
import { importFiles } from './importer-golden';
import { fromNodeDir } from './node-files';

type ReadyRun = Extract<ReadyItem, { kind: 'run' }>['run'];

const FIXTURES = fileURLToPath(new URL('../fixtures/tensorboard/', import.meta.url));
const PUBLIC = fileURLToPath(new URL('../fixtures/public/tensorboard/', import.meta.url));

type Point = [number, number, number | string];
interface ExpectedRun {
	scalars: Record<string, Point[]>;
	images: Record<string, number>;
	params: Record<string, number | string | boolean>;
}

const spelled = (v: number): number | string =>
	Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v;

function pointsOf(run: ReadyRun): Record<string, Point[]> {
	const out: Record<string, Point[]> = {};
	const m = run.metrics;
	for (let i = 0; i < m.values.length; i++) {
		const key = m.keys[m.keyIndex[i] as number] as string;
		(out[key] ??= []).push([m.steps[i] as number, m.timestamps[i] as number, spelled(m.values[i] as number)]);
	}
	return out;
}

/** The expected runs with each add_hparams folder (a timestamp name) folded into its parent, as the importer does. */
function folded(expected: Record<string, ExpectedRun>): Record<string, ExpectedRun> {
	const out: Record<string, ExpectedRun> = {};
	const names = Object.keys(expected).sort();
	for (const name of names) {
		const parent = name.slice(0, name.lastIndexOf('/'));
		const isHparams = /\/\d{9,11}(\.\d+)?$/.test(name) && parent in expected;
		const target = isHparams ? parent : name;
		const run = expected[name] as ExpectedRun;
		const into = (out[target] ??= { scalars: {}, images: {}, params: {} });
		for (const [tag, points] of Object.entries(run.scalars)) (into.scalars[tag] ??= []).push(...points);
		Object.assign(into.images, run.images);
		Object.assign(into.params, run.params);
	}
	return out;
}

async function compare(dir: string, expectedFile: string): Promise<number> {
	const expected = folded(JSON.parse(readFileSync(`${FIXTURES}${expectedFile}`, 'utf8')));
	const result = await importFiles(fromNodeDir(dir));
	expect(result.format).toBe('tensorboard');
	const runs = result.items.flatMap((i) => (i.kind === 'run' ? [i.run] : []));
	const root = dir.replace(/\/$/, '').split('/').at(-1) as string;
	const byName = new Map(runs.map((r) => [r.runName === root ? '' : r.runName, r]));
	expect([...byName.keys()].sort()).toEqual(Object.keys(expected).sort());
	let points = 0;
	for (const [name, want] of Object.entries(expected)) {
		const run = byName.get(name) as ReadyRun;
		const got = pointsOf(run);
		expect(Object.keys(got).sort(), name).toEqual(Object.keys(want.scalars).sort());
		for (const [tag, wantPoints] of Object.entries(want.scalars)) {
			expect(got[tag], `${name} ${tag}`).toEqual(wantPoints);
			points += wantPoints.length;
		}
		const params = Object.fromEntries(run.params.map((p) => [p.key, p.value]));
		expect(params, name).toEqual(
			Object.fromEntries(Object.entries(want.params).map(([k, v]) => [k, String(v)]))
		);
		for (const [tag, count] of Object.entries(want.images)) {
			const prefix = `tensorboard/images/${tag.replace(/[^A-Za-z0-9._/-]/g, '_')}/`;
			expect(run.artifacts.filter((a) => a.path.startsWith(prefix)).length, `${name} images ${tag}`).toBe(
				count
			);
		}
	}
	return points;
}

describe('TensorBoard importer reads what EventAccumulator reads', () => {
	it('event files of the real writers: float32/float64/int64/half tensors, float_val, NaN/±Infinity, restart, old version, hparams, images', async () => {
		expect(await compare(`${FIXTURES}logs`, 'expected-logs.json')).toBe(173);
	});

	for (const source of [
		'janosh-tensorboard-reducer',
		'HumanCompatibleAI-imitation',
		'dfalbel-tfevents-js',
		'guildai-guildai'
	]) {
		it(`public event files: ${source}`, async () => {
			expect(await compare(`${PUBLIC}${source}`, `expected-public-${source}.json`)).toBeGreaterThan(0);
		});
	}
});
