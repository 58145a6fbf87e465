// meta.yaml's fast path (src/lib/importers/mlruns/meta-fast.ts) must read exactly what the YAML library reads,
// or decline: checked on every meta.yaml of the MLflow fixtures and on shapes chosen to trip it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFlatMeta } from '$lib/importers/mlruns/meta-fast';
import { parseYamlMeta } from '$lib/importers/mlruns/meta';

function metaFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return metaFiles(path);
		return name === 'meta.yaml' ? [path] : [];
	});
}

/** The library's reading, or the error it gives. */
function library(text: string): unknown {
	try {
		return parseYamlMeta(text);
	} catch (error) {
		return `error: ${(error as Error).message}`;
	}
}

const tricky = [
	"run_name: 'it''s'\n",
	'run_name: a b\n',
	'run_name: a #b\n',
	'run_name: abc:\n',
	'run_name:abc\n',
	'run_name: ~\n',
	'run_name: null\nstatus: NULL\nuser_id: Null\n',
	'run_name:\n',
	'run_name: \n',
	"run_name: ''\n",
	"run_name: '  spaced  '\n",
	'run_name: "double"\n',
	"run_name: 'é'\n",
	'run_name: -5\n',
	'run_name: 1e3\nstart_time: 0017\n',
	'run_name: x\nrun_name: y\n',
	'tags: []\n',
	'tags: {}\n',
	'tags: { }\n',
	'tags: [a]\n',
	'tags:\n  a: b\n',
	'# comment\nrun_name: x\n',
	'---\nrun_name: x\n',
	'run_name: x\r\nstatus: 3\r\n',
	'run_name: x\n\nstatus: 3\n',
	'run_name: file:///a/b:c\n',
	'run_name: &a x\nuser_id: *a\n',
	'run_name: !!str x\n',
	'run_name: x',
	'__proto__: x\n'
];

describe('meta.yaml fast path', () => {
	it('reads every fixture meta.yaml as the YAML library does, and takes the common ones', () => {
		const files = metaFiles('tests/fixtures/mlflow');
		let taken = 0;
		for (const file of files) {
			const text = readFileSync(file, 'utf8');
			const flat = parseFlatMeta(text);
			if (flat === undefined) continue;
			taken++;
			expect(flat, file).toEqual(library(text));
		}
		expect(files.length).toBeGreaterThan(20);
		expect(taken).toBeGreaterThan(files.length / 2);
	});

	it('declines or agrees on shapes chosen to trip it', () => {
		for (const text of tricky) {
			const flat = parseFlatMeta(text);
			if (flat !== undefined) expect(flat, JSON.stringify(text)).toEqual(library(text));
		}
		expect(parseFlatMeta("a: 'x'\nb: y\nc: []\nd:\ne: null\n")).toEqual(
			new Map<string, unknown>([
				['a', 'x'],
				['b', 'y'],
				['c', []],
				['d', null],
				['e', null]
			])
		);
	});
});
