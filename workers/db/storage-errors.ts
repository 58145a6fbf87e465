// A full disk, told apart from other storage failures, and said in words a person can act on.
//
// opfs-sahpool turns every exception of an OPFS access handle into SQLITE_IOERR (never SQLITE_FULL), so SQLite's
// code alone cannot tell "the browser's quota for this site is used up" from "the file system failed". The rule:
// an SQLite I/O failure (SQLITE_IOERR*, SQLITE_FULL, SQLITE_CANTOPEN, or their texts) is STORAGE_FULL when
//   1. SQLite itself says SQLITE_FULL, or
//   2. an access handle of this worker threw a QuotaExceededError since the call began (watchAccessHandles() sees
//      every write, flush and truncate the VFS makes), or
//   3. navigator.storage.estimate() leaves less than FULL_MARGIN_BYTES free afterwards (a browser that reports a
//      full disk under another name; Chromium's estimate never does: it reports usage + 10 GiB as the quota);
// any other I/O failure is STORAGE_IO. Either way SQLite rolled the write back: nothing of it is stored.
import { RunboardError, toRunboardError } from '$lib/api/errors';
import { formatBytes } from '$lib/artifacts/bytes';

/** Less than this left after an I/O failure counts as full: SQLite grows its files a few pages at a time. */
export const FULL_MARGIN_BYTES = 1024 * 1024;

// SQLITE_CANTOPEN: the VFS could not set up the journal file (its header write failed).
const SQLITE_IO =
	/SQLITE_IOERR|SQLITE_FULL|SQLITE_CANTOPEN|disk I\/O error|database or disk is full|unable to open database file/;

let quotaErrors = 0;

/** The handle methods that write: their failures are what a full disk looks like. */
export const WRITING_METHODS = ['write', 'flush', 'truncate'] as const;

interface AccessHandlePrototype {
	write(...args: unknown[]): number;
	flush(): void;
	truncate(size: number): void;
}

/** The prototype of OPFS sync access handles in this worker, or undefined where there is none (Node). */
export function accessHandlePrototype(): AccessHandlePrototype | undefined {
	const ctor = (globalThis as { FileSystemSyncAccessHandle?: { prototype: AccessHandlePrototype } })
		.FileSystemSyncAccessHandle;
	return ctor?.prototype;
}

/**
 * Counts the QuotaExceededErrors that OPFS access handles throw in this worker, before the VFS turns them into
 * SQLITE_IOERR. The errors themselves pass through unchanged. Installed once, before the database opens.
 */
export function watchAccessHandles(): void {
	const proto = accessHandlePrototype();
	if (!proto) return;
	for (const name of WRITING_METHODS) {
		const original = proto[name] as (...args: unknown[]) => unknown;
		Object.defineProperty(proto, name, {
			configurable: true,
			writable: true,
			value: function watched(this: unknown, ...args: unknown[]) {
				try {
					return original.apply(this, args);
				} catch (error) {
					if ((error as { name?: string })?.name === 'QuotaExceededError') quotaErrors++;
					throw error;
				}
			}
		});
	}
}

/** A mark to pass to storageAwareError: quota errors after it belong to the call that took it. */
export function storageMark(): number {
	return quotaErrors;
}

/** Whether an error (thrown by SQLite, or already coded) is a failed write to storage. */
export function isStorageFailure(error: unknown): boolean {
	// Already told apart (an import's error passes through the API's boundary too).
	if (error instanceof RunboardError && error.details?.sqliteMessage !== undefined) return false;
	const e = toRunboardError(error);
	return (e.code === 'INTERNAL' || e.code === 'STORAGE_FULL') && SQLITE_IO.test(e.message);
}

/** toRunboardError, except that a failed write to storage becomes STORAGE_FULL or STORAGE_IO (see the rule above). */
export async function storageAwareError(error: unknown, mark: number): Promise<RunboardError> {
	if (!isStorageFailure(error)) return toRunboardError(error);
	const sqliteMessage = toRunboardError(error).message;
	const space = await estimate();
	const left = space ? Math.max(0, space.quota - space.usage) : undefined;
	const full =
		/SQLITE_FULL|database or disk is full/.test(sqliteMessage) ||
		quotaErrors > mark ||
		(left !== undefined && left < FULL_MARGIN_BYTES);
	const details = { ...space, left, sqliteMessage };
	if (!full) {
		return new RunboardError(
			'STORAGE_IO',
			"The browser could not write to this site's storage " +
				`(${sqliteMessage}), so this write was rolled back: nothing of it is stored and earlier data is as it ` +
				'was. Try again, or reload the page if it keeps failing.',
			details
		);
	}
	// Chromium's estimate() reports usage + 10 GiB as the quota whatever it really enforces (so as not to reveal
	// the disk's size): when the browser refused the write, its estimate of what is left is not what it grants.
	const refused = left !== undefined && left >= FULL_MARGIN_BYTES;
	const used = !space
		? 'the browser does not say how much is used'
		: refused
			? `${formatBytes(space.usage)} used, no more space left that the browser will grant ` +
				`(it refused this write although its estimate says ${formatBytes(left)} is free)`
			: `${formatBytes(space.usage)} used, ${formatBytes(left ?? 0)} left of ${formatBytes(space.quota)}`;
	return new RunboardError(
		'STORAGE_FULL',
		`The browser's storage for this site is full (${used}), so this write was rolled back: nothing of it is ` +
			'stored. ' +
			'Make room, then try again: delete runs or experiments you no longer need, then on the Storage page ' +
			'remove deleted runs for good (deleting alone only hides them) — download a copy first if you may want ' +
			"them back; or free space in the browser's settings (other sites' data, or a larger disk).",
		details
	);
}

async function estimate(): Promise<{ usage: number; quota: number } | undefined> {
	try {
		const e = await globalThis.navigator?.storage?.estimate?.();
		return e?.quota === undefined ? undefined : { usage: e.usage ?? 0, quota: e.quota };
	} catch {
		return undefined;
	}
}
