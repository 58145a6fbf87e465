// TEST BUILD ONLY. Makes the OPFS access handles of the database worker fail at the k-th write, flush or truncate,
// so the reliability suite can check that every failed write ends in a clear message and leaves the database whole.
// db.worker.ts imports this only when VITE_RUNBOARD_TEST_HOOKS is '1', which scripts/build-e2e.mjs alone sets:
// `npm run build` drops the import (a statically false branch) and this file with it.
import { accessHandlePrototype, WRITING_METHODS } from './storage-errors';
import type { FaultOp, FaultPlan, StorageFaultApi, StorageFaultCounts } from '$lib/api/storage-faults';

const counts: StorageFaultCounts = { write: 0, flush: 0, truncate: 0 };
let plan: FaultPlan | null = null;
let fired = false;

/** The failure `plan.mode` stands for; `short` writes half the bytes and says so, as a full disk may. */
function fail(
	op: FaultOp,
	original: (...args: unknown[]) => unknown,
	self: unknown,
	args: unknown[]
): unknown {
	fired = true;
	const mode = plan?.mode;
	if (mode === 'quota') throw new DOMException('Injected fault: quota exceeded', 'QuotaExceededError');
	if (mode === 'short' && op === 'write') {
		const buffer = args[0] as Uint8Array;
		return original.apply(self, [buffer.subarray(0, buffer.byteLength >> 1), ...args.slice(1)]);
	}
	throw new DOMException(`Injected fault: ${op} failed`, 'InvalidStateError');
}

/** Wraps the access handle's writing methods: counted always, failed once when the plan's k-th call comes. */
export function installStorageFaults(): void {
	const proto = accessHandlePrototype();
	if (!proto) return;
	for (const op of WRITING_METHODS) {
		const original = proto[op] as (...args: unknown[]) => unknown;
		Object.defineProperty(proto, op, {
			configurable: true,
			writable: true,
			value: function faulty(this: unknown, ...args: unknown[]) {
				counts[op]++;
				if (plan && !fired && plan.op === op && counts[op] === plan.at) return fail(op, original, this, args);
				return original.apply(this, args);
			}
		});
	}
}

/** What the worker exposes to the test build's page (see src/lib/client/test-hooks.ts). */
export function storageFaultApi(): StorageFaultApi {
	return {
		async armStorageFault(next) {
			counts.write = counts.flush = counts.truncate = 0;
			plan = next;
			fired = false;
		},
		async storageFaultState() {
			return { counts: { ...counts }, fired, armed: plan !== null && !fired };
		}
	};
}
