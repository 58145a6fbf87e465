// Pure artifact helpers on real files from the MLflow fixtures: what a file is (bytes AND name), the MLmodel
// summary, tables, hex dumps, step images and the path rules.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedPaths } from '$lib/artifacts/compare';
import { lineDiff } from '$lib/artifacts/line-diff';
import { hexDump } from '$lib/artifacts/hex';
import { highlight, HIGHLIGHT_CAP, languageFor } from '$lib/artifacts/highlight';
import { imageAt, stepImages } from '$lib/artifacts/images';
import { fileKind, looksTruncated, mediaUrlType, SNIFF_BYTES } from '$lib/artifacts/kind';
import { summarizeMlmodel, parseYamlSafe } from '$lib/artifacts/mlmodel';
import { artifactPathProblem, normalizeDir } from '$lib/artifacts/paths';
import { storageAdvice } from '$lib/artifacts/storage-advice';
import { parseDelimited, sortRows, tableFromJson } from '$lib/artifacts/table';

const EXP = 'tests/fixtures/mlflow-artifacts/mlruns';
const expDir = join(
	EXP,
	readdirSync(EXP).find((d) => /^\d{6,}$/.test(d))!
);
const runDirs = readdirSync(expDir)
	.filter((d) => /^[0-9a-f]{32}$/.test(d))
	.map((d) => join(expDir, d, 'artifacts'));
const richRun = runDirs.find((d) => readdirSync(d).includes('hostile'))!;
const file = (path: string) => new Uint8Array(readFileSync(join(richRun, path)));
const kindOf = (path: string) => fileKind(path, file(path).subarray(0, SNIFF_BYTES));

describe('fileKind', () => {
	it('recognises every real preview type by bytes and name', () => {
		const expected: Record<string, string> = {
			'curve.png': 'image',
			'images/red.jpg': 'image',
			'images/blue.gif': 'image',
			'images/green.webp': 'image',
			'images/yellow.bmp': 'image',
			'figures/curve.svg': 'svg',
			'figures/curve.pdf': 'pdf',
			'media/tone.wav': 'audio',
			'media/clip.webm': 'video',
			'media/clip.mp4': 'video',
			'reports/table.html': 'html',
			'tables/history.csv': 'csv',
			'tables/history.tsv': 'tsv',
			'tables/predictions.json': 'json',
			'config/config.yaml': 'yaml',
			'notes.md': 'text',
			'logs/train.log': 'text',
			'data/weights.npy': 'binary'
		};
		const seen = Object.fromEntries(Object.keys(expected).map((p) => [p, kindOf(p).kind]));
		expect(seen).toEqual(expected);
		expect(kindOf('images/red.jpg').mime).toBe('image/jpeg');
	});

	it('never treats an "image" that is HTML as anything but text, and names the mismatch', () => {
		const fake = kindOf('hostile/fake.png');
		expect(fake.kind).toBe('text');
		expect(fake.mime).toBe('text/plain');
		expect(fake.note).toMatch(/Named like an image/);
		// An HTML file under another name is text, not a page.
		expect(fileKind('report.txt', new TextEncoder().encode('<html><script>x</script>')).kind).toBe('text');
		// A truncated PNG still has the PNG signature: shown as an image (the browser reports it cannot decode it).
		expect(kindOf('hostile/truncated.png').kind).toBe('image');
		const tail = (path: string) => file(path).subarray(-16);
		expect(looksTruncated('image/png', tail('hostile/truncated.png'))).toBe(true);
		expect(looksTruncated('image/png', tail('curve.png'))).toBe(false);
		expect(looksTruncated('image/jpeg', tail('images/red.jpg'))).toBe(false);
		expect(looksTruncated('image/gif', tail('images/blue.gif'))).toBe(false);
		expect(kindOf('hostile/script.svg').kind).toBe('svg');
		expect(fileKind('x.svg', new TextEncoder().encode('hello')).kind).toBe('text');
		expect(fileKind('MLmodel', new TextEncoder().encode('flavors: {}')).kind).toBe('mlmodel');
		expect(fileKind('model.pkl', new Uint8Array([0x80, 0x05, 0x95, 0, 0])).kind).toBe('binary');
	});
});

describe('summarizeMlmodel', () => {
	const modelDir = 'tests/fixtures/mlflow/mlartifacts/1/models';
	const model = readdirSync(modelDir).find((m) =>
		readdirSync(join(modelDir, m, 'artifacts')).includes('model.pkl')
	)!;
	const text = readFileSync(join(modelDir, model, 'artifacts', 'MLmodel'), 'utf8');

	it('summarises a real MLflow 3.18 sklearn model', () => {
		const s = summarizeMlmodel(text, readdirSync(join(modelDir, model, 'artifacts')));
		expect(s.flavors).toEqual([
			{ name: 'python_function', version: undefined },
			{ name: 'sklearn', version: 'sklearn 1.9.1' }
		]);
		expect(s.pythonVersion).toBe('3.11.7');
		expect(s.mlflowVersion).toBe('3.18.0');
		expect(s.modelSizeBytes).toBeGreaterThan(0);
		expect(s.modelId).toBe(model);
		expect(s.inputs.map((f) => f.name)).toEqual([
			'age',
			'sex',
			'bmi',
			'bp',
			's1',
			's2',
			's3',
			's4',
			's5',
			's6'
		]);
		expect(s.inputs[0]?.type).toBe('double');
		expect(s.outputs).toEqual([{ name: '#0', type: 'tensor float64 [-1]' }]);
		expect(s.environmentFiles).toEqual(['requirements.txt', 'conda.yaml', 'python_env.yaml']);
		expect(s.warnings).toEqual([]);
	});

	it('never resolves custom tags and keeps __proto__ as plain data', () => {
		const s = summarizeMlmodel('flavors:\n  x: !!python/object/apply:os.system ["echo"]\n');
		expect(s.flavors.map((f) => f.name)).toEqual(['x']);
		expect(s.warnings.join()).toMatch(/Unresolved tag/);
		const { value } = parseYamlSafe('__proto__: {polluted: true}\n');
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.keys(value as object)).toEqual(['__proto__']);
		expect(summarizeMlmodel('a: [unclosed').warnings.length).toBeGreaterThan(0);
	});
});

describe('tables', () => {
	it('parses the real CSV and TSV with a real parser, keeping 500 rows and counting all', () => {
		const csv = parseDelimited(new TextDecoder().decode(file('tables/history.csv')), ',');
		expect(csv.columns).toEqual(['epoch', 'loss', 'split']);
		expect(csv.totalRows).toBe(700);
		expect(csv.rows).toHaveLength(500);
		const tsv = parseDelimited(new TextDecoder().decode(file('tables/history.tsv')), '\t');
		expect(tsv.totalRows).toBe(50);
		const quoted = parseDelimited('a,b\n"x, y","multi\nline"\n');
		expect(quoted.rows).toEqual([['x, y', 'multi\nline']]);
	});

	it("reads log_table's JSON and sorts numbers as numbers", () => {
		const json: unknown = JSON.parse(new TextDecoder().decode(file('tables/predictions.json')));
		const table = tableFromJson(json)!;
		expect(table.columns).toEqual(['epoch', 'loss', 'split']);
		expect(table.totalRows).toBe(20);
		expect(sortRows(table.rows, 0, true)[0]?.[0]).toBe('20');
		expect(sortRows([['10'], ['9'], ['']], 0, false).map((r) => r[0])).toEqual(['9', '10', '']);
		expect(tableFromJson({ a: 1 })).toBeNull();
	});
});

describe('hexDump, stepImages, paths', () => {
	it('dumps bytes with offsets and printable ASCII', () => {
		const dump = hexDump(file('data/weights.npy'), 32).split('\n');
		expect(dump).toHaveLength(2);
		expect(dump[0]).toMatch(/^00000000 {2}93 4e 55 4d 50 59 .* \|.NUMPY/);
	});

	it('finds log_image step images in real runs', () => {
		const paths = readdirSync(join(richRun, 'images')).map((n) => `images/${n}`);
		const images = stepImages(paths);
		expect(images.map((i) => i.step)).toEqual([0, 1, 2, 3]);
		expect(new Set(images.map((i) => i.key))).toEqual(new Set(['sample']));
		expect(imageAt(images, 'sample', 2)?.step).toBe(2);
		expect(imageAt(images, 'sample', 99)?.step).toBe(3);
		expect(imageAt(images, 'other', 1)).toBeUndefined();
		expect(stepImages(['images/a#b+step+5+timestamp+1+abc-1.png'])[0]?.key).toBe('a/b');
	});

	it('accepts relative paths and explains the rest', () => {
		expect(artifactPathProblem('model/MLmodel')).toBeNull();
		expect(artifactPathProblem('.. /x')).toMatch(/'\.' or '\.\.'/);
		expect(artifactPathProblem('/x')).toMatch(/relative/);
		expect(normalizeDir('model/')).toBe('model');
		expect(normalizeDir(undefined)).toBe('');
		expect(normalizeDir('../x')).toBeNull();
	});
});

describe('comparing artifacts across runs', () => {
	it('finds paths shared by several real runs, leaving per-step images to the step grid', () => {
		const listing = (dir: string): string[] => {
			const out: string[] = [];
			const walk = (sub: string) => {
				for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
					const rel = sub ? `${sub}/${e.name}` : e.name;
					if (e.isDirectory()) walk(rel);
					else out.push(rel);
				}
			};
			walk('');
			return out;
		};
		const shared = sharedPaths(runDirs.map(listing));
		expect(shared.map((s) => s.path)).toEqual(['curve.png', 'summary.txt']);
		expect(shared[0]?.runs).toEqual([0, 1, 2]);
	});

	it('diffs text line by line with line numbers', () => {
		expect(lineDiff('run 0\nloss went down\nseed 0\n', 'run 1\nloss went down\nseed 7\n')).toEqual([
			{ kind: 'removed', text: 'run 0', line: 1 },
			{ kind: 'added', text: 'run 1', line: 1 },
			{ kind: 'same', text: 'loss went down', line: 2 },
			{ kind: 'removed', text: 'seed 0', line: 3 },
			{ kind: 'added', text: 'seed 7', line: 3 }
		]);
		expect(lineDiff('same\n', 'same\n')).toEqual([{ kind: 'same', text: 'same', line: 1 }]);
	});
});

describe('storage advice before a large import', () => {
	it('stays quiet for small imports and warns when the estimate says it will not fit', () => {
		expect(storageAdvice(5e6, { usage: 0, quota: 1e9 })).toBeNull();
		const fits = storageAdvice(300 * 1024 * 1024, { usage: 1024 ** 3, quota: 10 * 1024 ** 3 })!;
		expect(fits.tight).toBe(false);
		expect(fits.message).toBe(
			'This import is 300 MB; this site may store 9.0 GB more (1.0 GB of 10 GB used).'
		);
		const tight = storageAdvice(3 * 1024 ** 3, { usage: 0, quota: 2 * 1024 ** 3 })!;
		expect(tight.tight).toBe(true);
		expect(tight.message).toMatch(/It may not fit.*Artifacts past 512 MB per import are skipped/);
		expect(storageAdvice(200 * 1024 * 1024, null)?.message).toMatch(/does not say how much/);
	});
});

describe('highlighting', () => {
	it('tokenizes JSON and YAML into typed text tokens that join back to the exact text', () => {
		const json = new TextDecoder().decode(file('config/config.json'));
		const tokens = highlight(json, languageFor('config/config.json')!)!;
		expect(tokens.map((t) => t.text).join('')).toBe(json);
		expect(tokens.filter((t) => t.type === 'property').map((t) => t.text)).toContain('"__proto__"');
		expect(tokens.some((t) => t.type === 'number' && t.text === '64')).toBe(true);
		expect(languageFor('model/MLmodel')).toBe('yaml');
		expect(languageFor('logs/train.log')).toBeNull();
		const yaml = 'a: 1 # note\n';
		expect(highlight(yaml, 'yaml')!.find((t) => t.type === 'comment')?.text).toBe('# note');
		expect(highlight('x'.repeat(HIGHLIGHT_CAP + 1), 'json')).toBeNull();
	});
});

describe('mediaUrlType: which artifact bytes may get an object URL (one of the app origin)', () => {
	const bytes = (text: string) => new TextEncoder().encode(text);
	const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

	it('gives raster pictures, sound and video their sniffed type', () => {
		expect(mediaUrlType(fileKind('curve.png', png))).toBe('image/png');
		expect(mediaUrlType(fileKind('photo.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0])))).toBe('image/jpeg');
		expect(mediaUrlType(fileKind('clip.webm', new Uint8Array([0x1a, 0x45, 0xdf, 0xa3])))).toBe('video/webm');
	});

	it('never a document type, whatever the name says', () => {
		for (const [name, text] of [
			['plot.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'],
			['report.html', '<!doctype html><script>x()</script>'],
			['page.xhtml', '<html xmlns="http://www.w3.org/1999/xhtml"><script>x()</script></html>'],
			['figure.xml', '<?xml version="1.0"?><a/>'],
			['fake.png', '<svg onload="x()"/>'],
			['notes.txt', 'hello']
		] as const) {
			expect(mediaUrlType(fileKind(name, bytes(text))), name).toBeNull();
		}
		expect(mediaUrlType(fileKind('blob.bin', new Uint8Array([0, 1, 2, 3])))).toBeNull();
		expect(mediaUrlType(fileKind('doc.pdf', bytes('%PDF-1.4\n')))).toBeNull();
		expect(mediaUrlType({ kind: 'image', mime: 'image/svg+xml' })).toBeNull();
	});
});
