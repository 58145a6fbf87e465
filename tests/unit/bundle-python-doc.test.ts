// docs/bundle-format.md shows scripts/python/example_bundle.py verbatim; tests/interop/bundle-python.spec.ts runs
// the file. This keeps the copy in the doc from drifting where the interop harness is not run.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

test("the bundle format's Python example is scripts/python/example_bundle.py, verbatim", () => {
	const example = readFileSync('scripts/python/example_bundle.py', 'utf8');
	expect(readFileSync('docs/bundle-format.md', 'utf8')).toContain('```python\n' + example + '```\n');
});
