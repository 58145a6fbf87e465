// The first check of a bundle (verify.ts): every part the manifest lists is a safe path, listed once, present,
// of its size and SHA-256. Parts are hashed by crypto.subtle where it can (src/lib/importers/digest.ts), several
// at a time (a window bounded in parts and bytes), while the next ones are read; the verdicts are still given in
// the manifest's order, so a bundle with one defect is refused with the same words as when each part was hashed
// in turn. A run's metrics part is read once here: its point count is kept for the later check of run.json.
import { canDigestWhole, digestHex } from '../digest';
import { Sha256, toHex } from '../sha256';
import type { SourceFile } from '../types';
import { safeEntryPath } from '../zip';
import { readMetricCount } from './columns';
import type { BundleManifest } from './format';
import { BundleError } from './records';

/** Parts being hashed at once, and their bytes: enough to keep the hashing busy, little enough to hold. */
const WINDOW_PARTS = 32;
const WINDOW_BYTES = 128 * 1024 * 1024;
const METRICS_PART = /^runs\/\d+\/metrics\.bin$/;

interface Pending {
	path: string;
	size: number;
	expected: string;
	sha256: Promise<string>;
}

/**
 * Checks every listed part (adding its path to `listed`); returns the point counts of the runs' metrics parts
 * (or why a header is wrong, for verify.ts to report when it reaches that run).
 */
export async function checkParts(
	manifest: BundleManifest,
	part: (path: string) => SourceFile,
	listed: Set<string>,
	signal?: AbortSignal
): Promise<Map<string, number | Error>> {
	const pointCounts = new Map<string, number | Error>();
	const pending: Pending[] = [];
	let pendingBytes = 0;
	const settle = async (keep: number, keepBytes: number) => {
		while (pending.length > keep || (pending.length > 0 && pendingBytes > keepBytes)) {
			const oldest = pending.shift() as Pending;
			pendingBytes -= oldest.size;
			if ((await oldest.sha256) !== oldest.expected) throw mismatch(oldest.path);
		}
	};
	// A part's own defect is reported only after the parts before it have passed their hash check.
	const refuse = async (why: string): Promise<never> => {
		await settle(0, 0);
		throw new BundleError(why);
	};
	/** Runs `step`; if it fails (a missing or damaged part), the parts before still get their say first. */
	const inTurn = async <T>(step: () => T | Promise<T>): Promise<T> => {
		try {
			return await step();
		} catch (error) {
			await settle(0, 0);
			throw error;
		}
	};
	for (const p of manifest.parts) {
		signal?.throwIfAborted();
		if (safeEntryPath(p.path) !== p.path) await refuse(`the part "${p.path}" leaves the bundle`);
		if (listed.has(p.path)) await refuse(`the manifest lists ${p.path} twice`);
		listed.add(p.path);
		const file = await inTurn(() => part(p.path));
		if (file.size !== p.size)
			await refuse(`${p.path} holds ${file.size} bytes, the manifest says ${p.size} (truncated?)`);
		if (!canDigestWhole(file.size)) {
			await settle(0, 0);
			if ((await streamedHash(file)) !== p.sha256) throw mismatch(p.path);
			continue;
		}
		const bytes = await inTurn(() => file.bytes());
		if (METRICS_PART.test(p.path)) pointCounts.set(p.path, countOf(bytes));
		const sha256 = digestHex(bytes);
		sha256.catch(() => undefined); // awaited in settle()
		pending.push({ path: p.path, size: file.size, expected: p.sha256, sha256 });
		pendingBytes += file.size;
		await settle(WINDOW_PARTS, WINDOW_BYTES);
	}
	await settle(0, 0);
	return pointCounts;
}

function countOf(bytes: Uint8Array): number | Error {
	try {
		return readMetricCount(bytes);
	} catch (error) {
		return error as Error;
	}
}

function mismatch(path: string): BundleError {
	return new BundleError(`${path} does not match its SHA-256 in the manifest (altered or damaged)`);
}

async function streamedHash(file: SourceFile): Promise<string> {
	const hash = new Sha256();
	const reader = file.stream().getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		hash.update(value);
	}
	return toHex(hash.digest());
}
