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
				if (Array.isArray(result) && result.length > 0 && result.every((r) => r instanceof Uint8Array))
					return transfer(result, [...new Set(result.map((r: Uint8Array) => r.buffer as ArrayBuffer))]);
				// Typed arrays in a result object (chart series, a run record's points one level down, a list of run
				// records) move to the page instead of being copied.
				if (result && typeof result === 'object') {
					const buffers = columnBuffers(result);
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

function isColumn(v: unknown): v is Float64Array | Uint32Array {
	return v instanceof Float64Array || v instanceof Uint32Array;
}

/** The buffers of the columns of a result and of its plain-object members (e.g. RunRecord.metrics). */
function columnBuffers(result: object): ArrayBuffer[] {
	// A list of results with columns (getRunRecords): the buffers of each. Other lists (a metric's history, a
	// million plain objects) are judged by their first element, so they are not walked.
	if (Array.isArray(result)) {
		const first: unknown = result[0];
		if (!first || typeof first !== 'object' || columnBuffers(first).length === 0) return [];
		return [...new Set(result.flatMap((r: unknown) => (r && typeof r === 'object' ? columnBuffers(r) : [])))];
	}
	const values = Object.values(result);
	const nested = values.filter((v) => v && typeof v === 'object' && !Array.isArray(v) && !isColumn(v));
	const columns = [...values, ...nested.flatMap((v) => Object.values(v as object))].filter(isColumn);
	// A buffer listed twice would make the transfer fail.
	return [...new Set(columns.map((v) => v.buffer as ArrayBuffer))];
}
