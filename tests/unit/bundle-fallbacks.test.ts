// The bundle's fast paths and their fallbacks give the same bundle content: without crypto.subtle (a plain-http
// page) and without CompressionStream (an older browser) the writer uses fflate and the JS SHA-256, the reader the
// JS SHA-256, and the parts, their hashes and what imports are the same. Files that look compressed are stored,
// others deflated.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromBlob, rangeReader } from '$lib/importers/source-files';
import { readDirectory } from '$lib/importers/zip-directory';
import { createTestDb } from './harness';
import { bundleOf, databaseContent, logRandomRuns } from './bundle-helpers';

/** Only the browser-native paths' absence: no secure context (so no crypto.subtle) and no CompressionStream. */
function withoutNativeCode(): void {
	vi.stubGlobal('isSecureContext', false);
	vi.stubGlobal('CompressionStream', undefined);
}

async function entriesOf(bundle: Blob) {
	const file = fromBlob('b.zip', bundle);
	const entries = await readDirectory(rangeReader(file), file.size);
	return new Map(entries.map((e) => [e.name, e]));
}

async function manifestOf(bundle: Blob): Promise<unknown> {
	const { unzipSync, strFromU8 } = await import('fflate');
	const files = unzipSync(new Uint8Array(await bundle.arrayBuffer()), {
		filter: (f) => f.name === 'manifest.json'
	});
	const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)) as {
		parts: unknown;
		writer: unknown;
	};
	return manifest.parts;
}

describe('bundle fast paths and fallbacks', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('writes the same parts and hashes without crypto.subtle and CompressionStream', async () => {
		const source = await createTestDb();
		await logRandomRuns(source.client, 7);
		const native = await bundleOf(source.api);
		withoutNativeCode();
		const fallback = await bundleOf(source.api);
		// fflate's deflate is not zlib's: different bytes (so the fallback did run), the same parts and hashes.
		expect(new Uint8Array(await fallback.arrayBuffer())).not.toEqual(
			new Uint8Array(await native.arrayBuffer())
		);
		expect(await manifestOf(fallback)).toEqual(await manifestOf(native));
		// Each imports, natively and not, to the same content.
		const before = await databaseContent(source.api);
		for (const bundle of [native, fallback]) {
			const target = await createTestDb();
			const report = await target.client.importFiles([{ path: 'b.zip', file: bundle }]);
			expect(report.runsWritten).toBe(6);
			expect(await databaseContent(target.api)).toEqual(before);
		}
	});

	it('refuses an altered part without crypto.subtle too', async () => {
		const source = await createTestDb();
		await logRandomRuns(source.client, 8);
		const bytes = new Uint8Array(await (await bundleOf(source.api)).arrayBuffer());
		const entries = await entriesOf(new Blob([bytes]));
		// A stored (not deflated) artifact: flip one byte of its data, keeping the zip readable.
		const stored = [...entries.values()].find((e) => e.compression === 0 && e.name.endsWith('weights.bin'));
		expect(stored).toBeDefined();
		const at = (stored?.headerOffset ?? 0) + 30 + (stored?.name.length ?? 0) + 100;
		bytes[at] = (bytes[at] as number) ^ 0xff;
		withoutNativeCode();
		const target = await createTestDb();
		await expect(target.client.importFiles([{ path: 'b.zip', file: new Blob([bytes]) }])).rejects.toThrow(
			/weights\.bin does not match its SHA-256/
		);
	});

	it('stores files that look compressed and deflates the others', async () => {
		const source = await createTestDb();
		await logRandomRuns(source.client, 9);
		const entries = await entriesOf(await bundleOf(source.api));
		const method = (suffix: string) =>
			[...entries.values()].filter((e) => e.name.endsWith(suffix)).map((e) => e.compression);
		expect(method('weights.bin')).toEqual([0]); // random bytes: stored
		expect(new Set(method('notes.txt'))).toEqual(new Set([8])); // text: deflated
		expect(new Set(method('metrics.bin'))).toEqual(new Set([8]));
	});
});
