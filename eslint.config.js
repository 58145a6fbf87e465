import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const PAGE_MODULES = ['components', 'charts', 'state', 'client'];
/** Imports of page-only code by alias or by a path through lib/: how code outside src/lib reaches it. */
const PAGE_BY_PATH = PAGE_MODULES.flatMap((m) => [
	`$lib/${m}`,
	`$lib/${m}/**`,
	`**/lib/${m}`,
	`**/lib/${m}/**`
]);
/** The same, plus relative paths from a sibling folder of src/lib (for code inside src/lib only: in workers/,
 * `../charts` is the database worker's own chart reading, not the page's charts). */
const PAGE_ONLY = [
	...PAGE_BY_PATH,
	...PAGE_MODULES.flatMap((m) =>
		[1, 2, 3].flatMap((up) => [`${'../'.repeat(up)}${m}`, `${'../'.repeat(up)}${m}/**`])
	)
];
const WORKERS = ['**/workers/**'];
/** The page's half of the Train worker and the code cell's sandbox: they log what the workers post. */
const PAGE_SIDE_OF_WORKSHOP_WORKERS = [
	'src/lib/train/log-run.ts',
	'src/lib/code-cell/session.ts',
	'src/lib/code-cell/start-worker.ts'
];
/** Each worker's own folder (workers/import/ is what both share). */
const DB_WORKER = ['**/db/**', '**/db.worker', '**/db.worker.ts'];
const PARSE_WORKER = ['**/parse/**', '**/parse.worker', '**/parse.worker.ts'];
const SVELTE = ['svelte', 'svelte/**'];
const NO_PAGE = [...PAGE_ONLY, ...SVELTE];
const WORKER_NO_PAGE = [...PAGE_BY_PATH, ...SVELTE];

/** One `no-restricted-imports` rule per zone; a file is in one zone only (a later rule would replace an earlier). */
function zones(list) {
	return list.map(({ files, ignores = [], forbid, why }) => ({
		files,
		ignores,
		rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbid, message: why }] }] }
	}));
}

export default ts.config(
	{
		ignores: [
			'build/',
			'build-e2e/',
			'.svelte-kit/',
			'node_modules/',
			'static/',
			'test-results/',
			'playwright-report/',
			'**/.venv/',
			'tests/fixtures/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		...ts.configs.disableTypeChecked
	},
	// Where code runs, fenced (docs/architecture.md): each zone may not import what belongs to another context.
	...zones([
		{
			// The database worker: no page, no Svelte, nothing of the parse worker.
			files: ['workers/db/**', 'workers/db.worker.ts'],
			forbid: [...WORKER_NO_PAGE, ...PARSE_WORKER],
			why: 'This code runs in a worker: no Svelte, components, charts, page state, page client or parse worker.'
		},
		{
			// The libraries only workers run (importers in the parse worker, the search grammar in the database's).
			files: ['src/lib/importers/**', 'src/lib/search/**'],
			forbid: [...NO_PAGE, ...WORKERS],
			why: 'This code runs in a worker: no Svelte, components, charts, page state, page client or worker folders.'
		},
		{
			// The parse worker shares workers/import/ with the database worker, never the database's own code.
			files: ['workers/parse/**', 'workers/parse.worker.ts'],
			forbid: [...WORKER_NO_PAGE, ...DB_WORKER],
			why: 'The parse worker has no database: it may use workers/import/ and $lib, not workers/db/.'
		},
		{
			// What both workers run (detection, preparation, the port protocol): neither worker's own code.
			files: ['workers/import/**'],
			forbid: [...WORKER_NO_PAGE, ...DB_WORKER, ...PARSE_WORKER],
			why: "workers/import/ is shared by both workers: it may not import either worker's own folder."
		},
		{
			// The Train page's worker and the code cell's sandbox, and the pure modules they run: no page, no Svelte,
			// no database worker. Only the files named below run in the page (they write through the client).
			files: ['src/lib/train/**', 'src/lib/code-cell/**'],
			ignores: PAGE_SIDE_OF_WORKSHOP_WORKERS,
			forbid: [...NO_PAGE, ...WORKERS],
			why: 'This code runs in the training worker or the code sandbox: no Svelte, components, charts, page state, client or workers/.'
		},
		{
			// Page code reaches the workers only through the one contract (src/lib/api) and the client.
			files: [
				'src/routes/**',
				'src/lib/components/**',
				'src/lib/state/**',
				'src/lib/client/**',
				'src/lib/watch/**',
				'src/lib/tour/**',
				'src/lib/leaderboard/**',
				...PAGE_SIDE_OF_WORKSHOP_WORKERS
			],
			forbid: WORKERS,
			why: 'Page code talks to the database worker through src/lib/api and src/lib/client only.'
		},
		{
			// Charts draw what they are given (a ChartSource prop): no database, no app state, no workers.
			files: ['src/lib/charts/**'],
			forbid: [...WORKERS, ...PAGE_ONLY.filter((p) => !p.includes('charts'))],
			why: 'Charts are pure d3 + Svelte: they take their data through props (src/lib/charts/line/source.ts).'
		},
		{
			// Exporters turn records into files (src/lib/exporters/README.md): page code calls them, never the reverse.
			files: ['src/lib/exporters/**'],
			forbid: [...NO_PAGE, ...WORKERS],
			why: 'Exporters are pure (records in, files out): no Svelte, components, charts, page state, client or workers.'
		}
	])
);
