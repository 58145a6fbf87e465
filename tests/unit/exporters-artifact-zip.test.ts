// The artifact folder zip (src/lib/exporters/artifact-zip.ts): what fflate unzips is what was read, under the
// folder's own name, and the database file's name and bytes (src/lib/exporters/database-file.ts).
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { artifactZipName, zipArtifacts } from '$lib/exporters/artifact-zip';
import { databaseFile, databaseFileName } from '$lib/exporters/database-file';
import { safeFileName } from '$lib/exporters/file-name';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

const STORED: Record<string, Uint8Array> = {
	'outputs/model/MLmodel': new TextEncoder().encode('flavors: {}\n'),
	'outputs/model/data/weights.bin': bytes(300_000, 7),
	'outputs/model/empty.txt': new Uint8Array(0),
	'outputs/model/ünïcode name.json': new TextEncoder().encode('{"a": 1}')
};

async function unzipped(blob: Blob): Promise<Record<string, Uint8Array>> {
	return unzipSync(new Uint8Array(await blob.arrayBuffer()));
}

describe('zipArtifacts', () => {
	const read = (path: string) => Promise.resolve(new Blob([STORED[path] as BlobPart]));
	const files = Object.keys(STORED).map((path) => ({ path }));

	it('round-trips a folder: entries named from the folder itself, bytes unchanged', async () => {
		const zip = await zipArtifacts(files, 'outputs/model', read);
		expect(zip.type).toBe('application/zip');
		const entries = await unzipped(zip);
		expect(Object.keys(entries).sort()).toEqual(
			['model/MLmodel', 'model/data/weights.bin', 'model/empty.txt', 'model/ünïcode name.json'].sort()
		);
		for (const [path, content] of Object.entries(STORED)) {
			expect(entries[path.replace('outputs/', '')], path).toEqual(content);
		}
	});

	it('keeps full paths for the root folder, and reads each file by its full path once', async () => {
		const asked: string[] = [];
		const zip = await zipArtifacts(files, '', (path) => {
			asked.push(path);
			return read(path);
		});
		expect(asked).toEqual(Object.keys(STORED));
		expect(Object.keys(await unzipped(zip)).sort()).toEqual(Object.keys(STORED).sort());
	});

	it('an empty folder is an empty zip; a failed read fails the zip', async () => {
		expect(Object.keys(await unzipped(await zipArtifacts([], 'x', read)))).toEqual([]);
		await expect(
			zipArtifacts([{ path: 'x/a' }], 'x', () => Promise.reject(new Error('gone')))
		).rejects.toThrow('gone');
	});

	it('names the zip after the folder', () => {
		expect(artifactZipName('outputs/model')).toBe('model.zip');
		expect(artifactZipName('plots')).toBe('plots.zip');
	});
});

describe('databaseFile', () => {
	it('is the bytes as they are, untyped, named by the UTC date', async () => {
		const now = new Date('2026-03-04T23:59:59.999Z');
		const { fileName, blob } = databaseFile(Uint8Array.of(83, 81, 76, 0, 255), now);
		expect(fileName).toBe('runboard-2026-03-04.sqlite');
		expect(databaseFileName(now)).toBe(fileName);
		expect(blob.type).toBe('');
		expect(new Uint8Array(await blob.arrayBuffer())).toEqual(Uint8Array.of(83, 81, 76, 0, 255));
	});
});

describe('safeFileName', () => {
	it('replaces separators and control characters, keeps other text, never empty', () => {
		expect(safeFileName('val/loss', 'csv')).toBe('val_loss.csv');
		expect(safeFileName('a\\b:c*d?"e"<f>|g\u0000\u001f\u007fh', 'png')).toBe('a_b_c_d_e_f_g_h.png');
		expect(safeFileName('accuracy (top-1) é', 'svg')).toBe('accuracy (top-1) é.svg');
		expect(safeFileName('', 'csv')).toBe('chart.csv');
		expect(safeFileName('x'.repeat(200), 'csv')).toBe(`${'x'.repeat(120)}.csv`);
	});
});
