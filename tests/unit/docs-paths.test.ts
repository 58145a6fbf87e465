// Every repository path the documentation names must exist: docs/*.md and README.md are the map a newcomer
// follows, and a path that was renamed or removed sends them nowhere. Paths are collected from inline code
// (`workers/db/open.ts`), markdown links ([x](docs/charts.md), resolved like a renderer does: relative to the
// document) and plain prose (see docs/charts.md). Fenced code blocks are left out: they hold commands and
// examples, not references.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PREFIXES = ['src/', 'workers/', 'tests/', 'scripts/', 'bench/', 'docs/', 'static/'];
/** Paths the docs name as made by a command, not kept in the repository (git-ignored). */
const GENERATED = new Set(['tests/interop/.venv']);
const PROSE_PATH = /(?<![\w/.@-])(?:src|workers|tests|scripts|bench|docs|static)\/[\w./[\]@+*-]*/g;

export interface NamedPath {
	line: number;
	path: string;
}

/** `src/x.ts:12`, `docs/formats.md#grammar`, `docs/formats.md §4.3`, trailing punctuation → the bare path. */
export function cleanPath(raw: string): string {
	return raw
		.replace(/§.*$/, '')
		.replace(/[#?].*$/, '')
		.replace(/[,;:)]+$/, '')
		.replace(/:\d+(?:[-–]\d+)?$/, '')
		.replace(/\.$/, '');
}

function isRepoPath(path: string): boolean {
	// Placeholders (`tests/reliability/<area>/`) and elisions name no single file.
	return PREFIXES.some((p) => path.startsWith(p)) && !/[<>{}…]/.test(path);
}

/** The repository paths a markdown document names, with their line numbers; `doc` is its repository path. */
export function namedPaths(doc: string, text: string): NamedPath[] {
	const found: NamedPath[] = [];
	let fenced = false;
	text.split('\n').forEach((lineText, index) => {
		const line = index + 1;
		if (/^\s*(```|~~~)/.test(lineText)) {
			fenced = !fenced;
			return;
		}
		if (fenced) return;
		const add = (raw: string) => {
			const path = cleanPath(raw);
			if (isRepoPath(path)) found.push({ line, path });
		};
		// Links first, resolved against the document's folder (how GitHub and editors follow them).
		let rest = lineText.replace(
			/\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g,
			(_match, label: string, target: string) => {
				// An outside link's label may name a path of another repository (MLflow's tests/…): not ours.
				if (/^[a-z]+:/i.test(target)) return ' ';
				if (!target.startsWith('#')) {
					add(posix.normalize(posix.join(posix.dirname(doc), target.replace(/[#?].*$/, ''))));
				}
				return ` ${label} `;
			}
		);
		// Inline code: every whitespace-separated word, so `node scripts/serve.mjs --dir build` counts too.
		rest = rest.replace(/`([^`]+)`/g, (_match, code: string) => {
			for (const word of code.split(/\s+/)) add(word);
			return ' ';
		});
		for (const match of rest.matchAll(PROSE_PATH)) add(match[0]);
	});
	return found;
}

/** Whether the path exists; a glob (`tests/goldens/*.svg`) must match at least one file in its folder. */
export function pathExists(root: string, path: string): boolean {
	if (!path.includes('*')) return existsSync(join(root, path));
	const folder = path.slice(0, path.lastIndexOf('/', path.indexOf('*')) + 1);
	const pattern = new RegExp(
		`^${path
			.slice(folder.length)
			.replace(/[.+^${}()|[\]\\]/g, '\\$&')
			.replace(/\*/g, '[^/]*')}$`
	);
	return existsSync(join(root, folder)) && readdirSync(join(root, folder)).some((name) => pattern.test(name));
}

function documents(): string[] {
	const docs = readdirSync(join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`);
	return ['README.md', ...docs];
}

describe('paths named by the documentation', () => {
	it('finds paths in code, links and prose, and reports the ones that do not exist', () => {
		const doc = 'docs/example.md';
		const text = [
			'The writer is `workers/db/import/write-items.ts:40` and [the charts](charts.md#goldens).',
			'See docs/data-model.md, `docs/security.md §2` and `node scripts/serve.mjs --dir build`.',
			'```sh',
			'cat src/in/a/fence.ts',
			'```',
			'Wrong: `src/lib/nowhere.ts`, [gone](../workers/gone.ts), `tests/goldens/*.nothing`, `tests/<area>/`.',
			'Elsewhere: [tests/utils/x.py](https://github.com/mlflow/mlflow/blob/master/tests/utils/x.py).'
		].join('\n');
		const named = namedPaths(doc, text);
		expect(named.map((n) => n.path)).toEqual([
			'docs/charts.md',
			'workers/db/import/write-items.ts',
			'docs/security.md',
			'scripts/serve.mjs',
			'docs/data-model.md',
			'workers/gone.ts',
			'src/lib/nowhere.ts',
			'tests/goldens/*.nothing'
		]);
		const missing = named.filter((n) => !pathExists(ROOT, n.path)).map((n) => `${n.line}: ${n.path}`);
		expect(missing).toEqual(['6: workers/gone.ts', '6: src/lib/nowhere.ts', '6: tests/goldens/*.nothing']);
	});

	it('every path named in README.md and docs/*.md exists', () => {
		const docs = documents();
		// The map itself must be there: a missing document fails here rather than passing with nothing checked.
		for (const required of ['README.md', 'docs/architecture.md', 'docs/formats.md']) {
			expect(docs, `${required} is missing`).toContain(required);
		}
		let checked = 0;
		const missing: string[] = [];
		for (const doc of docs) {
			for (const { line, path } of namedPaths(doc, readFileSync(join(ROOT, doc), 'utf8'))) {
				checked++;
				if (!GENERATED.has(path) && !pathExists(ROOT, path)) missing.push(`${doc}:${line}: ${path}`);
			}
		}
		expect(checked).toBeGreaterThan(50);
		expect(missing, `paths named in the docs that do not exist:\n${missing.join('\n')}`).toEqual([]);
	});
});
