// The hparams plugin's summaries (docs/formats.md §5.8): `_hparams_/session_start_info` holds the run's
// hyperparameters (imported as params), `_hparams_/session_end_info` its status, `_hparams_/experiment` the
// metrics the hyperparameters were judged by (kept as a tag).
import type { RunStatus } from '../../model/types';
import { fields, float64, text, WIRE } from './protobuf';

export type HparamsData =
	| { kind: 'start'; params: [string, string][]; groupName?: string }
	| { kind: 'end'; status?: RunStatus }
	| { kind: 'experiment'; metricTags: string[] };

/** Struct and list values nest; past this depth the rest is left out of the JSON. */
const MAX_DEPTH = 16;

export function decodeHparams(content: Uint8Array): HparamsData | undefined {
	for (const f of fields(content)) {
		if (f.wire !== WIRE.bytes) continue;
		if (f.number === 3) return sessionStart(f.bytes);
		if (f.number === 4) return sessionEnd(f.bytes);
		if (f.number === 2) return experiment(f.bytes);
	}
	return undefined;
}

function sessionStart(bytes: Uint8Array): HparamsData {
	const params: [string, string][] = [];
	let groupName: string | undefined;
	for (const f of fields(bytes)) {
		if (f.number === 1 && f.wire === WIRE.bytes) {
			let key = '';
			let value: unknown = null;
			for (const e of fields(f.bytes)) {
				if (e.number === 1 && e.wire === WIRE.bytes) key = text(e);
				else if (e.number === 2 && e.wire === WIRE.bytes) value = protoValue(e.bytes, 0);
			}
			params.push([key, paramText(value)]);
		} else if (f.number === 4 && f.wire === WIRE.bytes) groupName = text(f);
	}
	return { kind: 'start', params, ...(groupName ? { groupName } : {}) };
}

/** Params are text: numbers in their shortest exact form (TensorBoard shows 1.0 as 1), bools as true/false. */
function paramText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** google.protobuf.Value: null 1, number 2, string 3, bool 4, struct 5, list 6. */
function protoValue(bytes: Uint8Array, depth: number): unknown {
	for (const f of fields(bytes)) {
		if (f.number === 1) return null;
		if (f.number === 2 && f.wire === WIRE.fixed64) return float64(f);
		if (f.number === 3 && f.wire === WIRE.bytes) return text(f);
		if (f.number === 4 && f.wire === WIRE.varint) return f.int !== 0;
		if (depth >= MAX_DEPTH) return null;
		if (f.number === 5 && f.wire === WIRE.bytes) {
			const out: Record<string, unknown> = {};
			for (const entry of fields(f.bytes)) {
				if (entry.number !== 1 || entry.wire !== WIRE.bytes) continue;
				let key = '';
				let value: unknown = null;
				for (const e of fields(entry.bytes)) {
					if (e.number === 1 && e.wire === WIRE.bytes) key = text(e);
					else if (e.number === 2 && e.wire === WIRE.bytes) value = protoValue(e.bytes, depth + 1);
				}
				out[key] = value;
			}
			return out;
		}
		if (f.number === 6 && f.wire === WIRE.bytes) {
			const list: unknown[] = [];
			for (const v of fields(f.bytes))
				if (v.number === 1 && v.wire === WIRE.bytes) list.push(protoValue(v.bytes, depth + 1));
			return list;
		}
	}
	return null;
}

const END_STATUS: Record<number, RunStatus> = { 1: 'FINISHED', 2: 'FAILED', 3: 'RUNNING' };

function sessionEnd(bytes: Uint8Array): HparamsData {
	for (const f of fields(bytes)) {
		if (f.number === 1 && f.wire === WIRE.varint) {
			const status = END_STATUS[f.int];
			return status ? { kind: 'end', status } : { kind: 'end' };
		}
	}
	return { kind: 'end' };
}

/** Experiment.metric_infos (field 5) → MetricInfo.name (1) → MetricName.tag (2). */
function experiment(bytes: Uint8Array): HparamsData {
	const metricTags: string[] = [];
	for (const f of fields(bytes)) {
		if (f.number !== 5 || f.wire !== WIRE.bytes) continue;
		for (const m of fields(f.bytes)) {
			if (m.number !== 1 || m.wire !== WIRE.bytes) continue;
			let group = '';
			let tag = '';
			for (const n of fields(m.bytes)) {
				if (n.number === 1 && n.wire === WIRE.bytes) group = text(n);
				else if (n.number === 2 && n.wire === WIRE.bytes) tag = text(n);
			}
			if (tag) metricTags.push(group ? `${group}/${tag}` : tag);
		}
	}
	return { kind: 'experiment', metricTags };
}
