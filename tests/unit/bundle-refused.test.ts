// A bundle that is truncated, altered, lies in its manifest, holds '../' paths or has another format version is
// refused with a message that says what is wrong, and nothing of it is imported: the database stays empty.
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { Sha256, toHex } from '$lib/importers/sha256';
import { createTestDb, rejection } from './harness';
import { bundleOf, logRandomRuns } from './bundle-helpers';

type Entries = Record<string, Uint8Array>;
let entries: Entries;
let whole: Uint8Array;

beforeAll(async () => {
	const { api, client } = await createTestDb();
	await logRandomRuns(client, 9);
	whole = new Uint8Array(await (await bundleOf(api)).arrayBuffer());
	entries = unzipSync(whole);
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

interface Manifest {
	version: number;
	counts: Record<string, number>;
	parts: { path: string; size: number; sha256: string }[];
}

/** The bundle's entries changed by `edit`, which may also change the manifest; `reseal` recomputes its checksums. */
function edited(edit: (files: Entries, manifest: Manifest) => void, reseal = false): Uint8Array {
	const files: Entries = { ...entries };
	const manifest = JSON.parse(text(files['manifest.json'] as Uint8Array)) as Manifest;
	edit(files, manifest);
	if (reseal)
		manifest.parts = manifest.parts.map((p) => {
			const bytes = files[p.path] ?? new Uint8Array();
			return { ...p, size: bytes.length, sha256: toHex(new Sha256().update(bytes).digest()) };
		});
	files['manifest.json'] = encode(manifest);
	return zipSync(files);
}

async function expectRefused(bytes: Uint8Array, message: RegExp): Promise<void> {
	const { api, client } = await createTestDb();
	const error = await rejection(
		client.importFiles([{ path: 'shared.zip', file: new Blob([bytes as Uint8Array<ArrayBuffer>]) }])
	);
	expect(error.code).toBe('IMPORT_CORRUPT');
	expect(error.message).toMatch(message);
	// A zip whose directory is gone is refused before any format is chosen; the rest by the bundle's checks.
	if (!/readable zip/.test(error.message)) {
		expect(error.message).toMatch(/not a sound Runboard bundle/);
		expect(error.message).toMatch(/Nothing was imported\./);
	}
	expect(await api.searchExperiments({ viewType: 'ALL' })).toEqual([]);
	expect((await api.status()).databaseBytes).toBeGreaterThan(0);
}

describe('a bundle that is not sound is refused whole', () => {
	it('imports when untouched (the cases below differ from it only as they say)', async () => {
		const { client } = await createTestDb();
		const report = await client.importFiles([{ path: 'shared.zip', file: new Blob([zipSync(entries)]) }]);
		expect(report.runsWritten).toBe(6);
	});

	it('refuses a truncated file', async () => {
		await expectRefused(whole.subarray(0, Math.floor(whole.length * 0.7)), /not a readable zip/);
	});

	it('refuses a truncated part', async () => {
		const bytes = edited((files) => {
			const path = Object.keys(files).find((p) => p.endsWith('/artifacts/model/weights.bin')) as string;
			expect(files[path]?.length).toBe(1_200_000);
			files[path] = (files[path] as Uint8Array).subarray(0, 1000);
		});
		await expectRefused(bytes, /weights\.bin holds 1000 bytes, the manifest says \d+ \(truncated\?\)/);
	});

	it('refuses altered bytes', async () => {
		const bytes = edited((files) => {
			const part = (files['runs/1/metrics.bin'] as Uint8Array).slice();
			part[part.length - 1] = (part[part.length - 1] as number) ^ 1;
			files['runs/1/metrics.bin'] = part;
		});
		await expectRefused(bytes, /runs\/1\/metrics\.bin does not match its SHA-256/);
	});

	it('refuses a manifest that lies about its counts', async () => {
		const bytes = edited((_, manifest) => {
			manifest.counts.metricPoints = (manifest.counts.metricPoints as number) + 1;
		});
		await expectRefused(bytes, /the manifest counts \d+ metricPoints, the bundle holds \d+/);
	});

	it('refuses a run record whose point count lies, even with checksums to match', async () => {
		const bytes = edited((files) => {
			const run = JSON.parse(text(files['runs/2/run.json'] as Uint8Array)) as { metricPoints: number };
			run.metricPoints += 1;
			files['runs/2/run.json'] = encode(run);
		}, true);
		await expectRefused(bytes, /runs\/2\/metrics\.bin holds \d+ points, run\.json says \d+/);
	});

	it("refuses '../' in a part's path", async () => {
		const bytes = edited((files, manifest) => {
			files['../evil.txt'] = encode('x');
			manifest.parts.push({ path: '../evil.txt', size: 3, sha256: '0'.repeat(64) });
		});
		await expectRefused(bytes, /the part "\.\.\/evil\.txt" leaves the bundle/);
	});

	it("refuses '../' in an artifact path", async () => {
		const bytes = edited((files) => {
			const run = JSON.parse(text(files['runs/3/run.json'] as Uint8Array)) as {
				artifacts: { path: string }[];
			};
			(run.artifacts[0] as { path: string }).path = '../../outside.txt';
			files['runs/3/run.json'] = encode(run);
		}, true);
		await expectRefused(bytes, /runs\/3: artifact "\.\.\/\.\.\/outside\.txt": .*'\.\.' segments/);
	});

	it('refuses another format version', async () => {
		const bytes = edited((_, manifest) => {
			manifest.version = 2;
		});
		await expectRefused(bytes, /format version 2; this Runboard reads version 1/);
	});

	it('refuses a file the manifest does not list, and a listed file that is missing', async () => {
		await expectRefused(
			edited((files) => {
				files['runs/0/extra.txt'] = encode('?');
			}),
			/runs\/0\/extra\.txt is not listed in the manifest/
		);
		await expectRefused(
			edited((files) => {
				delete files['runs/4/run.json'];
			}),
			/runs\/4\/run\.json is missing/
		);
	});
});
