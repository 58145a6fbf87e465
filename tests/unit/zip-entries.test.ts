// Zips read from their central directory and inflated entry by entry (src/lib/importers/zip*.ts): what is read
// when, and what a damaged or lying archive gives. The pipeline-level rules (traversal, bombs) are in
// import-pipeline.test.ts.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { RunboardError } from '$lib/api/errors';
import { fromBlob, fromBytes } from '$lib/importers/source-files';
import { expandZip } from '$lib/importers/zip';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A zip as a Blob whose reads are recorded, the way a dropped file is read in the browser. */
function recordedBlob(bytes: Uint8Array<ArrayBuffer>): { blob: Blob; reads: [number, number][] } {
	const reads: [number, number][] = [];
	const wrap = (blob: Blob, offset: number): Blob =>
		new Proxy(blob, {
			get(target, prop) {
				if (prop === 'slice')
					return (start = 0, end = target.size) => {
						reads.push([offset + start, offset + end]);
						return target.slice(start, end);
					};
				if (prop === 'arrayBuffer' || prop === 'stream') {
					reads.push([offset, offset + target.size]);
				}
				const value = Reflect.get(target, prop, target) as unknown;
				return typeof value === 'function' ? value.bind(target) : value;
			}
		});
	return { blob: wrap(new Blob([bytes]), 0), reads };
}

/** Patches a central-directory field (by offset within the record) of the entry called name. */
function patchDirectory(zip: Uint8Array, name: string, field: number, value: number): void {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	for (let i = zip.length - 22; i >= 0; i--) {
		if (view.getUint32(i, true) !== 0x02014b50) continue;
		const length = view.getUint16(i + 28, true);
		if (dec.decode(zip.subarray(i + 46, i + 46 + length)) === name) view.setUint32(i + field, value, true);
	}
}

describe('zip entries on demand', () => {
	it('lists entries from the directory alone and inflates only what is read', async () => {
		const big = enc.encode(Array.from({ length: 50_000 }, (_, i) => `${i} ${Math.sin(i)}`).join('\n'));
		const zip = zipSync({ 'a/meta.yaml': enc.encode('name: x\n'), 'a/big.txt': big }, { level: 6 });
		const { blob, reads } = recordedBlob(zip);
		const { files, warnings } = await expandZip(fromBlob('drop.zip', blob));
		expect(warnings).toEqual([]);
		expect(files.map((f) => [f.path, f.size])).toEqual([
			['drop/a/meta.yaml', 8],
			['drop/a/big.txt', big.length]
		]);
		// Listing read the end of the archive only, in slices: never the whole file.
		expect(zip.length).toBeGreaterThan(70_000);
		expect(reads.length).toBeGreaterThan(0);
		expect(reads.some(([start, end]) => start === 0 && end === zip.length)).toBe(false);
		expect(dec.decode(await files[0]?.bytes())).toBe('name: x\n');
		expect(dec.decode(await files[1]?.bytes())).toBe(dec.decode(big));
	});

	it('streams an entry in pieces that add up to it', async () => {
		const lines = Array.from(
			{ length: 450_000 },
			(_, i) => `${1_700_000_000_000 + i} ${Math.sin(i)} ${i}`
		).join('\n');
		const zip = zipSync({ 'metrics/loss': enc.encode(lines) }, { level: 1 });
		const { files } = await expandZip(fromBytes('m.zip', zip));
		const file = files[0];
		expect(file?.size).toBeGreaterThan(16 * 1024 * 1024); // past the size that is inflated whole
		let pieces = 0;
		let text = '';
		const decoder = new TextDecoder();
		for await (const chunk of file?.stream() as unknown as AsyncIterable<Uint8Array>) {
			pieces++;
			text += decoder.decode(chunk, { stream: true });
		}
		expect(pieces).toBeGreaterThan(1);
		expect(text).toBe(lines);
	});

	it('says which entry is damaged, and the others still read', async () => {
		const zip = zipSync(
			{ 'ok.txt': enc.encode('fine'), 'bad.txt': enc.encode('x'.repeat(5000)) },
			{ level: 6 }
		);
		// The directory claims more than the data inflates to: a damaged entry, found when it is read.
		patchDirectory(zip, 'bad.txt', 24, 6000);
		const { files } = await expandZip(fromBytes('d.zip', zip));
		const bad = files.find((f) => f.path.endsWith('bad.txt'));
		await expect(bad?.bytes()).rejects.toThrow(/bad\.txt: damaged in the zip/);
		expect(dec.decode(await files.find((f) => f.path.endsWith('ok.txt'))?.bytes())).toBe('fine');
	});

	it('never inflates past the size the directory declares', async () => {
		const zip = zipSync({ 'small.txt': enc.encode('y'.repeat(5000)) }, { level: 6 });
		patchDirectory(zip, 'small.txt', 24, 100); // claims 100 bytes; the data holds 5,000
		const { files } = await expandZip(fromBytes('l.zip', zip));
		const bytes = await files[0]?.bytes();
		expect(bytes?.length).toBe(100);
	});

	it('refuses archives whose directory is missing or points outside the file', async () => {
		const zip = zipSync({ 'runs.txt': enc.encode('1') });
		const cut = fromBytes('cut.zip', zip.slice(0, zip.length - 30));
		const error = (await expandZip(cut).catch((e: unknown) => e)) as RunboardError;
		expect(error.code).toBe('IMPORT_CORRUPT');
		expect(error.message).toMatch(/cut\.zip is not a readable zip/);
		const moved = zip.slice();
		const view = new DataView(moved.buffer);
		view.setUint32(moved.length - 22 + 16, moved.length * 4, true); // directory offset past the end
		const outside = (await expandZip(fromBytes('o.zip', moved)).catch((e: unknown) => e)) as RunboardError;
		expect(outside.code).toBe('IMPORT_CORRUPT');
		expect(outside.message).toContain('past the end');
	});

	it('reads UTF-8 names that are not flagged as UTF-8', async () => {
		const zip = zipSync({ 'expé/métriques': enc.encode('1') });
		// fflate flags non-ASCII names; clear the flag as many zip tools leave it.
		const view = new DataView(zip.buffer);
		for (let i = zip.length - 22; i >= 0; i--)
			if (view.getUint32(i, true) === 0x02014b50)
				view.setUint16(i + 8, view.getUint16(i + 8, true) & ~0x800, true);
		const { files } = await expandZip(fromBytes('n.zip', zip));
		expect(files[0]?.path).toBe('n/expé/métriques');
	});
});
