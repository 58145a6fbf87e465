// meta.yaml reading. The files are untrusted, so YAML is parsed with the failsafe schema (every scalar stays the
// exact text that was written: 18-digit ids keep their digits, `1e3` stays a string) and turned into Maps by
// hand: no tags are constructed, aliases are refused (MLflow's safe dumper never writes them, and refusing them
// makes "billion laughs" harmless), and keys like `__proto__` are plain Map keys.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node } from 'yaml';
import { RUN_STATUSES, type RunStatus } from '../../model/types';
import type { SourceFile } from '../types';
import { parseFlatMeta } from './meta-fast';

export type YamlValue = string | null | YamlValue[] | YamlMap;
export type YamlMap = Map<string, YamlValue>;

/** MLflow's meta.yaml files are a few hundred bytes; anything this big is not one. */
export const MAX_META_BYTES = 1024 * 1024;

export type MetaResult =
	| { ok: true; meta: YamlMap }
	| { ok: false; empty: true }
	| { ok: false; empty: false; message: string; line?: number };

class MetaError extends Error {
	constructor(
		message: string,
		readonly line?: number
	) {
		super(message);
	}
}

export async function readMeta(file: SourceFile): Promise<MetaResult> {
	// MLflow treats an empty meta.yaml as "being written right now": for us it is simply missing.
	if (file.size === 0) return { ok: false, empty: true };
	if (file.size > MAX_META_BYTES) {
		return {
			ok: false,
			empty: false,
			message: `${file.size} bytes is far too large for an MLflow meta.yaml`
		};
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8').decode(await file.bytes());
	} catch (error) {
		return { ok: false, empty: false, message: `cannot be read (${(error as Error)?.message ?? error})` };
	}
	if (text.trim() === '') return { ok: false, empty: true };
	try {
		return { ok: true, meta: parseMeta(text) };
	} catch (error) {
		const line = error instanceof MetaError ? error.line : undefined;
		const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
		return { ok: false, empty: false, message: message ?? 'not valid YAML', line };
	}
}

export function parseMeta(text: string): YamlMap {
	return parseFlatMeta(text) ?? parseYamlMeta(text);
}

/** Any meta.yaml, through the YAML library (failsafe schema, no aliases, unique keys). */
export function parseYamlMeta(text: string): YamlMap {
	const lines = new LineCounter();
	const doc = parseDocument(text, {
		schema: 'failsafe',
		merge: false,
		uniqueKeys: true,
		strict: true,
		lineCounter: lines
	});
	const first = doc.errors[0];
	// The YAML library composes nested collections recursively and reports a stack overflow as a parse error.
	if (first && first.message.includes('Maximum call stack size exceeded'))
		throw new MetaError('is nested too deeply for an MLflow meta.yaml', first.linePos?.[0].line);
	if (first) throw new MetaError(first.message, first.linePos?.[0].line);
	if (!isMap(doc.contents)) throw new MetaError('is YAML but not a mapping of keys to values', 1);
	const lineOf = (node: Node) => (node.range ? lines.linePos(node.range[0]).line : undefined);
	const toValue = (node: Node | null, depth: number): YamlValue => {
		if (node === null) return null;
		if (depth > 32) throw new MetaError('is nested too deeply for an MLflow meta.yaml', lineOf(node));
		if (isAlias(node)) {
			throw new MetaError(`uses a YAML alias (*${node.source}), which MLflow never writes`, lineOf(node));
		}
		if (isScalar(node)) return scalarText(node);
		if (isSeq(node)) return node.items.map((item) => toValue(item as Node, depth + 1));
		if (!isMap(node)) return null;
		const map: YamlMap = new Map();
		for (const pair of node.items) {
			const key = isScalar(pair.key) ? scalarText(pair.key) : null;
			if (key !== null) map.set(key, toValue(pair.value as Node | null, depth + 1));
		}
		return map;
	};
	return toValue(doc.contents as Node, 0) as YamlMap;
}

/** A plain `null`, `~` or nothing is YAML's null; everything else is the written text. */
function scalarText(node: Scalar): string | null {
	const value = node.value === null || node.value === undefined ? '' : String(node.value);
	if (
		node.type === Scalar.PLAIN &&
		(value === '' || value === 'null' || value === 'Null' || value === 'NULL' || value === '~')
	) {
		return null;
	}
	return value;
}

// ---- Field access --------------------------------------------------------------------------------------------

/** A scalar field as text; undefined when missing, null or not a scalar. */
export function text(meta: YamlMap | undefined, key: string): string | undefined {
	const value = meta?.get(key);
	return typeof value === 'string' ? value : undefined;
}

/** A field that holds milliseconds (or any integer): null when missing, null or not an integer. */
export function integer(meta: YamlMap | undefined, key: string): number | null {
	const raw = text(meta, key)?.trim();
	if (raw === undefined) return null;
	if (/^[+-]?\d+$/.test(raw)) {
		const n = Number(raw);
		return Number.isSafeInteger(n) ? n : null;
	}
	// A float such as 1685749085409.0 (hand-edited files): keep the integer part.
	const n = Number(raw);
	return /^[+-]?\d+\.\d*$/.test(raw) && Number.isFinite(n) ? Math.trunc(n) : null;
}

export function mapField(meta: YamlMap | undefined, key: string): YamlMap | undefined {
	const value = meta?.get(key);
	return value instanceof Map ? value : undefined;
}

export type MetaKind = 'experiment' | 'run' | 'logged-model' | 'other';

/**
 * What a meta.yaml describes, from its keys. Lenient on purpose: a truncated file keeps its first (alphabetical)
 * keys, so `artifact_uri` alone still says "run". Registered-model versions also have `run_id`, but never
 * `artifact_uri`/`start_time`/`experiment_id`; logged models have `experiment_id` and `artifact_location` too,
 * so `model_id` is checked first.
 */
export function classify(meta: YamlMap): MetaKind {
	if (meta.has('model_id')) return 'logged-model';
	if (meta.has('version')) return 'other';
	const runIdentity = meta.has('run_id') || meta.has('run_uuid');
	if (meta.has('artifact_uri') || (runIdentity && (meta.has('start_time') || meta.has('experiment_id'))))
		return 'run';
	if (meta.has('artifact_location') || (meta.has('experiment_id') && meta.has('name'))) return 'experiment';
	return 'other';
}

/** MLflow's RunStatus enum (service.proto): the file store writes the number. */
const STATUS_BY_NUMBER: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** The status name, or undefined when the field holds something unknown. Missing means RUNNING. */
export function runStatus(meta: YamlMap): RunStatus | undefined {
	const raw = text(meta, 'status')?.trim();
	if (raw === undefined) return 'RUNNING';
	if (/^\d+$/.test(raw)) return STATUS_BY_NUMBER[Number(raw) - 1];
	const upper = raw.toUpperCase();
	return (RUN_STATUSES as readonly string[]).includes(upper) ? (upper as RunStatus) : undefined;
}
