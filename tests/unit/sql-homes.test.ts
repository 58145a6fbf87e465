// SQL lives in the repository modules of workers/db/ (runs.ts, experiments.ts, models.ts, storage.ts …): the
// database API (workers/db/api.ts, workers/db/api/) checks arguments and composes them, and the import's writer
// (workers/db/import/write-items.ts) only decides what to write when. A statement written there would fail this.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const SQL =
	/exec\(|prepare\(|selectValues?\(|selectArrays?\(|\b(SELECT|INSERT|UPDATE|DELETE FROM|PRAGMA|VACUUM|DROP TABLE)\b/;

function filesWithoutSql(): string[] {
	const api = readdirSync('workers/db/api').map((name) => join('workers/db/api', name));
	return ['workers/db/api.ts', 'workers/db/import/write-items.ts', ...api];
}

it('leaves SQL to the repository modules: none in the database API or the import writer', () => {
	const files = filesWithoutSql();
	expect(files.length).toBeGreaterThan(5);
	const found = files.flatMap((file) =>
		readFileSync(file, 'utf8')
			.split('\n')
			.flatMap((line, i) => (SQL.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []))
	);
	expect(found).toEqual([]);
});
