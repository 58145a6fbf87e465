// Views load data one way (docs/architecture.md §1): every effect or mount hook of a page or component that asks
// the database goes through app.latest, which drops a stale answer. A loader written the old way (a bare promise
// in an $effect, or onMount) could let a slow reply to an old question overwrite a newer one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function svelteFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? svelteFiles(join(dir, e.name)) : e.name.endsWith('.svelte') ? [join(dir, e.name)] : []
	);
}

/** The text of each call `name(...)` in `source`, parentheses balanced (strings and comments are not parsed:
 * an unbalanced bracket inside one would only make a block longer, which this check tolerates). */
export function calls(source: string, name: string): string[] {
	const out: string[] = [];
	for (let at = source.indexOf(name + '('); at >= 0; at = source.indexOf(name + '(', at + 1)) {
		let depth = 0;
		let end = at + name.length;
		for (; end < source.length; end++) {
			if (source[end] === '(') depth++;
			else if (source[end] === ')' && --depth === 0) break;
		}
		out.push(source.slice(at, end + 1));
	}
	return out;
}

/** A read of the database or of an artifact: what a loader does (the layout's onMount only wires hooks). */
const ASKS_DATABASE = /\b(runboard|api\(\)\)?|source)\.(get|list|search|status|count)\w*\(/;

describe('view loaders', () => {
	const files = svelteFiles('src');

	it('finds the views (the scan would pass vacuously on a wrong folder)', () => {
		expect(files.length).toBeGreaterThan(30);
	});

	it('load through app.latest in every $effect that asks the database, and never from onMount', () => {
		const offenders: string[] = [];
		let loaders = 0;
		for (const file of files) {
			const source = readFileSync(file, 'utf8');
			for (const block of calls(source, '$effect')) {
				if (block.includes('app.latest(')) loaders++;
				if (!ASKS_DATABASE.test(block)) continue;
				if (!block.includes('app.latest(') && !block.includes('source.track('))
					offenders.push(`${file}: $effect`);
			}
			for (const block of calls(source, 'onMount')) {
				if (ASKS_DATABASE.test(block)) offenders.push(`${file}: onMount`);
			}
		}
		expect(offenders).toEqual([]);
		expect(loaders).toBeGreaterThanOrEqual(14);
	});

	it('flags a loader written without app.latest', () => {
		const bad = '$effect(() => { void runboard.getRun(id).then((r) => (run = r)); });';
		const good = '$effect(() => { return app.latest(() => runboard.getRun(id), (r) => (run = r)); });';
		expect(calls(bad, '$effect')[0]).toBe(bad.slice(0, -1));
		expect(calls(bad, '$effect').some((b) => ASKS_DATABASE.test(b) && !b.includes('app.latest('))).toBe(true);
		expect(calls(good, '$effect').some((b) => ASKS_DATABASE.test(b) && !b.includes('app.latest('))).toBe(
			false
		);
	});
});
