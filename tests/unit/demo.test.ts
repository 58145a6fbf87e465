// The built-in demo must be real and reproducible: regenerating it gives the committed file byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('demo data', () => {
	it('is reproduced byte for byte by scripts/generate-demo.mjs', () => {
		const out = join(mkdtempSync(join(tmpdir(), 'runboard-demo-')), 'quickstart.json');
		execFileSync('node', ['scripts/generate-demo.mjs'], {
			env: { ...process.env, DEMO_OUT: out },
			stdio: 'pipe'
		});
		expect(readFileSync(out, 'utf8')).toBe(readFileSync('static/demo/quickstart.json', 'utf8'));
	});

	it('holds 15 finished runs with params, per-sweep metrics and one note', () => {
		const demo = JSON.parse(readFileSync('static/demo/quickstart.json', 'utf8')) as {
			runs: {
				runId: string;
				status: string;
				params: unknown[];
				metrics: { key: string }[];
				tags: { key: string }[];
			}[];
		};
		expect(demo.runs).toHaveLength(15);
		for (const run of demo.runs) {
			expect(run.runId).toMatch(/^[0-9a-f]{32}$/);
			expect(run.status).toBe('FINISHED');
			expect(run.params).toHaveLength(8);
			expect(run.metrics.filter((m) => m.key === 'val/rmse').length).toBeGreaterThan(1);
		}
		expect(demo.runs.filter((r) => r.tags.some((t) => t.key === 'mlflow.note.content'))).toHaveLength(1);
	});
});
