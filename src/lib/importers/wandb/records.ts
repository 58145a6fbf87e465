// The parts of W&B's protobuf `Record` (wandb/proto/wandb_internal.proto) a run import needs, read with the
// wire reader the TensorBoard importer uses. Field numbers are the proto's; everything else is skipped by wire
// type. docs/formats.md §6.8.
import { fields, float64, text, toSigned64, WIRE, type Field } from '../tensorboard/protobuf';

/** One key of a history row, a config or a summary: W&B gives `key`, or a path of `nested_key`s. */
export interface Item {
	key: string;
	/** The value as JSON text (Python's json: bare NaN/Infinity), or already a number (newer typed items). */
	json: string | null;
	number: number | null;
}

export interface RunFields {
	runId: string;
	entity: string;
	project: string;
	displayName: string;
	notes: string;
	group: string;
	jobType: string;
	host: string;
	tags: string[];
	startTime: number | null;
	config: Item[];
	summary: Item[];
	git: { remote: string; commit: string };
}

export interface Environment {
	os: string;
	python: string;
	program: string;
	codePath: string;
	host: string;
	username: string;
	git: { remote: string; commit: string };
	startedAt: number | null;
}

export type WandbRecord =
	| { kind: 'history'; items: Item[]; step: number | null }
	| { kind: 'summary'; update: Item[]; remove: Item[] }
	| { kind: 'config'; update: Item[]; remove: Item[] }
	| { kind: 'run'; run: RunFields }
	| { kind: 'exit'; exitCode: number; runtime: number }
	| { kind: 'environment'; env: Environment }
	| { kind: 'telemetry'; cliVersion: string; pythonVersion: string }
	| { kind: 'other' };

const RECORD = {
	history: 2,
	summary: 3,
	config: 5,
	telemetry: 11,
	run: 17,
	exit: 18,
	environment: 26
} as const;
/** Nested keys beyond this are not a metric name anyone reads; the rest are joined as they come. */
const MAX_KEY_PARTS = 16;

const int32 = (f: Field) => {
	const v = toSigned64(f.int);
	return v >= 2 ** 31 && v < 2 ** 32 ? v - 2 ** 32 : v;
};
const zigzag = (v: number) => (v % 2 === 0 ? v / 2 : -(v + 1) / 2);

function item(bytes: Uint8Array): Item {
	let key = '';
	const nested: string[] = [];
	let json: string | null = null;
	let number: number | null = null;
	for (const f of fields(bytes)) {
		if (f.wire === WIRE.bytes && f.number === 1) key = text(f);
		else if (f.wire === WIRE.bytes && f.number === 2 && nested.length < MAX_KEY_PARTS) nested.push(text(f));
		else if (f.wire === WIRE.bytes && f.number === 16) json = text(f);
		// HistoryItem's typed values (newer SDKs): boolean 4, integer 5 (sint64), number 6 (double).
		else if (f.wire === WIRE.varint && f.number === 4) number = f.int ? 1 : 0;
		else if (f.wire === WIRE.varint && f.number === 5) number = zigzag(f.int);
		else if (f.wire === WIRE.fixed64 && f.number === 6) number = float64(f);
	}
	return { key: key || nested.join('.'), json, number };
}

function updates(bytes: Uint8Array): { update: Item[]; remove: Item[] } {
	const out = { update: [] as Item[], remove: [] as Item[] };
	for (const f of fields(bytes)) {
		if (f.wire !== WIRE.bytes) continue;
		if (f.number === 1) out.update.push(item(f.bytes));
		else if (f.number === 2) out.remove.push(item(f.bytes));
	}
	return out;
}

/** google.protobuf.Timestamp as epoch ms. */
function timestamp(bytes: Uint8Array): number | null {
	let seconds = 0;
	let nanos = 0;
	for (const f of fields(bytes)) {
		if (f.wire !== WIRE.varint) continue;
		if (f.number === 1) seconds = toSigned64(f.int);
		else if (f.number === 2) nanos = int32(f);
	}
	const ms = seconds * 1000 + Math.floor(nanos / 1e6);
	return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function git(bytes: Uint8Array) {
	const out = { remote: '', commit: '' };
	for (const f of fields(bytes)) {
		if (f.wire !== WIRE.bytes) continue;
		if (f.number === 1) out.remote = text(f);
		else if (f.number === 2) out.commit = text(f);
	}
	return out;
}

function run(bytes: Uint8Array): RunFields {
	const r: RunFields = {
		...{ runId: '', entity: '', project: '', displayName: '', notes: '', group: '', jobType: '', host: '' },
		tags: [],
		startTime: null,
		config: [],
		summary: [],
		git: { remote: '', commit: '' }
	};
	const strings: Partial<Record<number, keyof RunFields>> = {
		1: 'runId',
		2: 'entity',
		3: 'project',
		6: 'group',
		7: 'jobType',
		8: 'displayName',
		9: 'notes',
		13: 'host'
	};
	for (const f of fields(bytes)) {
		if (f.wire !== WIRE.bytes) continue;
		const name = strings[f.number];
		if (name) (r as unknown as Record<string, string>)[name] = text(f);
		else if (f.number === 10) r.tags.push(text(f));
		else if (f.number === 4) r.config = updates(f.bytes).update;
		else if (f.number === 5) r.summary = updates(f.bytes).update;
		else if (f.number === 17) r.startTime = timestamp(f.bytes);
		else if (f.number === 21) r.git = git(f.bytes);
	}
	return r;
}

function environment(bytes: Uint8Array): Environment {
	const e: Environment = {
		...{ os: '', python: '', program: '', codePath: '', host: '', username: '' },
		git: { remote: '', commit: '' },
		startedAt: null
	};
	const strings: Partial<Record<number, 'os' | 'python' | 'program' | 'codePath' | 'host' | 'username'>> = {
		1: 'os',
		2: 'python',
		6: 'program',
		7: 'codePath',
		12: 'host',
		13: 'username'
	};
	for (const f of fields(bytes)) {
		if (f.wire !== WIRE.bytes) continue;
		const name = strings[f.number];
		if (name) e[name] = text(f);
		else if (f.number === 3) e.startedAt = timestamp(f.bytes);
		else if (f.number === 9) e.git = git(f.bytes);
	}
	return e;
}

/** One message of the log as a record; throws WireError when it is not a protobuf message. */
export function decodeRecord(message: Uint8Array): WandbRecord {
	let out: WandbRecord = { kind: 'other' };
	for (const f of fields(message)) {
		if (f.wire !== WIRE.bytes) continue;
		switch (f.number) {
			case RECORD.history: {
				const items: Item[] = [];
				let step: number | null = null;
				for (const h of fields(f.bytes)) {
					if (h.wire !== WIRE.bytes) continue;
					if (h.number === 1) items.push(item(h.bytes));
					else if (h.number === 2) {
						step = 0;
						for (const s of fields(h.bytes))
							if (s.number === 1 && s.wire === WIRE.varint) step = toSigned64(s.int);
					}
				}
				out = { kind: 'history', items, step };
				break;
			}
			case RECORD.summary:
				out = { kind: 'summary', ...updates(f.bytes) };
				break;
			case RECORD.config:
				out = { kind: 'config', ...updates(f.bytes) };
				break;
			case RECORD.run:
				out = { kind: 'run', run: run(f.bytes) };
				break;
			case RECORD.exit: {
				let exitCode = 0;
				let runtime = 0;
				for (const x of fields(f.bytes)) {
					if (x.wire !== WIRE.varint) continue;
					if (x.number === 1) exitCode = int32(x);
					else if (x.number === 2) runtime = int32(x);
				}
				out = { kind: 'exit', exitCode, runtime };
				break;
			}
			case RECORD.telemetry: {
				const t = { kind: 'telemetry' as const, cliVersion: '', pythonVersion: '' };
				for (const x of fields(f.bytes)) {
					if (x.wire !== WIRE.bytes) continue;
					if (x.number === 4) t.pythonVersion = text(x);
					else if (x.number === 5) t.cliVersion = text(x);
				}
				out = t;
				break;
			}
			case RECORD.environment:
				out = { kind: 'environment', env: environment(f.bytes) };
				break;
		}
	}
	return out;
}
