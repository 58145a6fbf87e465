// Hostile-server cases about logged models: each ends within its bound, keeps the runs whole, stores each model
// once with what was usable, and says what it skipped.
import { expect } from 'vitest';
import { MODEL, RUN_B } from './baseline';
import { bothWhole, type Case, imported, L, MODEL_LINE, OK_REQUESTS, type Outcome } from './expectations';

/** Imported whole, with these models stored and these warnings. */
const withModels =
	(models: string[], ...warnings: string[]) =>
	(o: Outcome) => {
		imported(o, bothWhole(), ...warnings);
		expect(o.models).toEqual(models);
		if (!warnings.length) expect(o.warnings).toBe('');
	};

/** The baseline model without its file. */
const NO_FILES = MODEL_LINE.replace(/ \| MLmodel$/, ' | ');

export const MODEL_CASES: Case[] = [
	// MLflow 2 has no logged-models endpoint: no model, and nothing to warn about.
	{ name: 'no-logged-models', maxRequests: OK_REQUESTS - 2, check: withModels([]) },
	{
		name: 'repeat-token-models',
		maxRequests: OK_REQUESTS + 1,
		check: withModels(
			[MODEL_LINE],
			'paging-stopped: logged-models/search: the server sent page token "same" again'
		)
	},
	{
		name: 'endless-pages-models',
		maxRequests: OK_REQUESTS + L.maxPages - 1,
		check: withModels([MODEL_LINE], `logged-models/search: it has more than ${L.maxPages} pages (the cap)`)
	},
	{
		name: 'models-as-object',
		maxRequests: OK_REQUESTS - 2,
		check: withModels([], 'logged-models/search answered "models" as an object, not a list; no logged model')
	},
	{
		name: 'endless-model-folders',
		maxRequests: OK_REQUESTS - 2 + 1 + L.maxArtifactDepth,
		check: withModels(
			[NO_FILES],
			`logged model ${MODEL}: folder "${Array(L.maxArtifactDepth + 1)
				.fill('d')
				.join('/')}" is more than ${L.maxArtifactDepth} folders deep`
		)
	},
	{
		name: 'bad-models',
		maxRequests: OK_REQUESTS + 2,
		// The report shows the first few warnings of a kind: the params that are a string are among the rest.
		check: (o) => {
			withModels(
				[`m-bad m-bad UNSPECIFIED:  |  | MLmodel`, MODEL_LINE],
				'logged-models/search: a model has no info object (a string)',
				'logged model m-x belongs to experiment 99, which the server did not list',
				"a model's model_id is not an id",
				'logged model m-bad: a metric is not {key, value, step, timestamp}'
			)(o);
			expect(o.runs.find((r) => r.runId === RUN_B)).toBeDefined();
		}
	},
	{
		name: 'cancel while a model folder is listed',
		server: 'model-list-never-answers',
		limits: { requestTimeoutMs: 60_000 },
		maxRequests: OK_REQUESTS - 1,
		cancelWhen: (s) => s.requests >= OK_REQUESTS - 1,
		check: (o) => {
			expect(o.error).toBeUndefined();
			expect(o.report?.cancelled).toBe(true);
			expect(o.models).toEqual([]);
		}
	}
];
