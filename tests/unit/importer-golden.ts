// Test helper (Node only): an import's records as a stable JSON text, compared with a golden committed under
// tests/goldens/importers/. The whole read side runs, as for a drop: zips expanded, the importer chosen by
// detection, its records prepared (workers/import/detect.ts, prepare.ts). After an intended change to what an
// importer reads: `UPDATE_GOLDENS=1 npx vitest run tests/unit/importer-goldens.test.ts`, then read the diff of
// the goldens before committing. A missing golden fails; with CI set nothing is ever written.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { expect } from 'vitest';
import { createImporters } from '$lib/importers';
import type { ImportWarning, SourceFile, WarningKind } from '$lib/importers/types';
import { openImport } from '../../workers/import/detect';
import type { ReadyItem } from '../../workers/import/prepare';

const DIR = join(import.meta.dirname, '..', 'goldens', 'importers');
const UPDATE = process.env.UPDATE_GOLDENS === '1' && !process.env.CI;
const importers = createImporters(await sqlite3InitModule());

/** What one import read: the format detection chose, and every item in the order the writer would get it. */
export interface ImportResult {
	format: string;
	items: ReadyItem[];
}

/** Runs detection, the importer and preparation over files as a drop gives them. */
export async function importFiles(files: SourceFile[]): Promise<ImportResult> {
	const opened = await openImport(importers, files, new AbortController().signal);
	const items: ReadyItem[] = opened.warnings.map((warning) => ({ kind: 'warning', warning }));
	for await (const item of opened.items) items.push(item);
	return { format: opened.format.id, items };
}

/**
 * Names of what was dropped (the root folder, a database's file name), each with the placeholder that stands
 * for it in warnings: `{ '<root>': 'mlruns' }`. Only names are replaced, never what the files hold (an
 * artifact URI that contains "mlruns" is content and stays).
 */
export type DroppedNames = Record<string, string>;

/**
 * The records as JSON text: experiments by key, runs by id, logged models by id, each run's params and tags by
 * key, metric points in the order read (NaN, ±Infinity and -0 spelled out), artifacts as path + size + SHA-256,
 * warnings in the order given. Progress items are left out: they depend on timing.
 */
export function goldenDump(result: ImportResult, names: DroppedNames = {}): string {
	const neutral = neutraliser(names);
	const experiments = [];
	const runs = [];
	const models = [];
	const warnings = [];
	for (const item of result.items) {
		if (item.kind === 'experiment') experiments.push(item.experiment);
		else if (item.kind === 'run') {
			const { metrics, params, tags, artifacts, ...fields } = item.run;
			const points: Record<string, [unknown, unknown, unknown][]> = {};
			for (let i = 0; i < metrics.values.length; i++) {
				const key = metrics.keys[metrics.keyIndex[i] as number] as string;
				(points[key] ??= []).push([
					num(metrics.steps[i] as number),
					num(metrics.timestamps[i] as number),
					num(metrics.values[i] as number)
				]);
			}
			runs.push({
				...fields,
				params: byKey(params),
				tags: byKey(tags),
				metrics: sortedObject(points),
				artifacts: artifacts.map(artifactFacts)
			});
		} else if (item.kind === 'logged-model') {
			const { metrics, artifacts, params, tags, ...fields } = item.model;
			models.push({
				...fields,
				params: byKey(params),
				tags: byKey(tags),
				metrics: metrics.map((m) => ({ ...m, value: num(m.value), step: num(m.step) })),
				artifacts: artifacts.map(artifactFacts)
			});
		} else if (item.kind === 'warning') warnings.push(neutralWarning(item.warning, neutral));
	}
	const dump = {
		format: result.format,
		experiments: experiments.sort((a, b) => compare(a.key, b.key)),
		runs: runs.sort((a, b) => compare(a.runId, b.runId)),
		loggedModels: models.sort((a, b) => compare(a.modelId, b.modelId)),
		warnings
	};
	return `${stringify(dump, '')}\n`;
}

/**
 * JSON, one member per line, except that an array of plain values (a metric point, a key and its value) is
 * written on one line: goldens stay short and read well in a diff. Members that are undefined are left out.
 */
function stringify(value: unknown, indent: string): string {
	const inner = `${indent}\t`;
	if (Array.isArray(value)) {
		if (value.length === 0) return '[]';
		if (value.every((v) => v === null || typeof v !== 'object'))
			return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
		return `[\n${value.map((v) => inner + stringify(v, inner)).join(',\n')}\n${indent}]`;
	}
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, v]) => v !== undefined);
		if (entries.length === 0) return '{}';
		const members = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner)}`);
		return `{\n${members.join(',\n')}\n${indent}}`;
	}
	return JSON.stringify(value);
}

/** The dump equals the committed golden `<name>.json` (UPDATE_GOLDENS=1 writes it, outside CI). */
export function expectGolden(name: string, dump: string, write = UPDATE): void {
	const file = join(DIR, `${name}.json`);
	if (write) {
		mkdirSync(DIR, { recursive: true });
		writeFileSync(file, dump);
	}
	if (!existsSync(file)) {
		throw new Error(
			`No golden ${file}. Create it with UPDATE_GOLDENS=1 (never in CI) and read it before committing it.`
		);
	}
	expect(dump).toBe(readFileSync(file, 'utf8'));
}

/**
 * The same files under other names: `rename` maps each path to its new one. A golden that still matches after
 * the dropped names are replaced shows that detection and reading go by content, not by names.
 */
export function renamed(files: SourceFile[], rename: (path: string) => string): SourceFile[] {
	return files.map((file) => ({
		path: rename(file.path),
		size: file.size,
		bytes: () => file.bytes(),
		stream: () => file.stream()
	}));
}

/**
 * The files, dropped under neutral names, give the golden `name` again. `extraWarnings` are kinds the new names
 * are expected to add (a database with no .db name gets a 'name-content-mismatch' note): each must appear,
 * and they are left out of the comparison.
 */
export async function expectGoldenRenamed(
	name: string,
	files: SourceFile[],
	names: DroppedNames,
	extraWarnings: WarningKind[] = []
): Promise<void> {
	const result = await importFiles(files);
	for (const kind of extraWarnings) {
		const at = result.items.findIndex((i) => i.kind === 'warning' && i.warning.kind === kind);
		expect(at, `a '${kind}' warning`).toBeGreaterThanOrEqual(0);
		result.items.splice(at, 1);
	}
	// Never written from here: the golden is what the files read under their own names.
	expectGolden(name, goldenDump(result, names), false);
}

function artifactFacts(a: { path: string; size: number; chunks: Uint8Array[] }) {
	const hash = createHash('sha256');
	for (const chunk of a.chunks) hash.update(chunk);
	return { path: a.path, size: a.size, sha256: hash.digest('hex') };
}

/** JSON has no NaN, Infinity or -0: they are written as strings, so a golden tells them apart from 0 or null. */
function num(x: number): number | string {
	if (Object.is(x, -0)) return '-0';
	return Number.isFinite(x) ? x : String(x);
}

function byKey(tags: { key: string; value: string }[]): [string, string][] {
	return tags.map((t): [string, string] => [t.key, t.value]).sort((a, b) => compare(a[0], b[0]));
}

function sortedObject<T>(record: Record<string, T>): Record<string, T> {
	return Object.fromEntries(Object.entries(record).sort((a, b) => compare(a[0], b[0])));
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Replaces each dropped name where it stands as a path segment (not inside another name or a URI's path). */
function neutraliser(names: DroppedNames): (text: string) => string {
	const rules = Object.entries(names).map(([placeholder, name]) => {
		const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		return { placeholder, pattern: new RegExp(`(^|[\\s"'(])${escaped}(?=/|$|[\\s"',;:)])`, 'g') };
	});
	return (text) => rules.reduce((t, r) => t.replace(r.pattern, `$1${r.placeholder}`), text);
}

function neutralWarning(w: ImportWarning, neutral: (text: string) => string): ImportWarning {
	const out: ImportWarning = { kind: w.kind, message: neutral(w.message) };
	if (w.runId !== undefined) out.runId = w.runId;
	if (w.file !== undefined) out.file = neutral(w.file);
	return out;
}
