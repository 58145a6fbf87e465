// Makes the API safe to expose through comlink: errors become plain {code, message, details} objects (comlink
// would keep only an Error's message; a failed write to storage says whether the disk is full, see
// storage-errors.ts) and returned byte arrays are transferred, not copied.
import { transfer } from 'comlink';
import { storageAwareError, storageMark } from './storage-errors';

/** Every method of `api` (DbApi, or a test build's hooks) wrapped for the boundary. */
export function forTransfer<T extends object>(api: T): T {
	const wrapped: Record<string, unknown> = {};
	for (const [name, method] of Object.entries(api) as [string, (...args: unknown[]) => Promise<unknown>][]) {
		wrapped[name] = async (...args: unknown[]) => {
			const mark = storageMark();
			try {
				const result = await method(...args);
				if (result instanceof Uint8Array) return transfer(result, [result.buffer]);
				// Typed arrays in a result object (chart series) move to the page instead of being copied.
				if (result && typeof result === 'object' && !Array.isArray(result)) {
					const buffers = Object.values(result)
						.filter((v): v is Float64Array => v instanceof Float64Array)
						.map((v) => v.buffer as ArrayBuffer);
					if (buffers.length) return transfer(result, buffers);
				}
				return result;
			} catch (error) {
				throw (await storageAwareError(error, mark)).toJSON();
			}
		};
	}
	return wrapped as T;
}
