// The lint fences between execution contexts (eslint.config.js, docs/architecture.md) really fail the build:
// each zone is given a probe file with a forbidden import, linted as if it lived there, and must be refused;
// the same file with an allowed import must pass.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
	// Probes are not files of the project, so no type information: only the import rule is under test.
	overrideConfig: {
		languageOptions: { parserOptions: { projectService: false, project: null } },
		rules: { '@typescript-eslint/no-floating-promises': 'off' }
	}
});

async function importRules(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return (result?.messages ?? [])
		.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal)
		.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

const FORBIDDEN: [zone: string, file: string, imports: string[]][] = [
	[
		'worker code',
		'workers/db/probe.ts',
		[
			"import { mount } from 'svelte';",
			"import { runboard } from '$lib/client';",
			"import { app } from '$lib/state/app.svelte';",
			"import Chart from '$lib/charts/line/LineChart.svelte';",
			"import Preview from '$lib/components/artifacts/ArtifactPreview.svelte';"
		]
	],
	[
		'the parse worker',
		'workers/parse/probe.ts',
		[
			"import { writeItems } from '../db/import/write-items';",
			"import { tick } from 'svelte';",
			"import { runboard } from '$lib/client';"
		]
	],
	[
		'what both workers share',
		'workers/import/probe.ts',
		[
			"import { all } from '../db/sql';",
			"import { serveImport } from '../parse/serve';",
			"import { app } from '$lib/state/app.svelte';"
		]
	],
	['the database worker', 'workers/db/probe.ts', ["import { serveImport } from '../parse/serve';"]],
	[
		'an importer',
		'src/lib/importers/probe.ts',
		[
			"import { runboard } from '../client';",
			"import { tick } from 'svelte';",
			"import { all } from '../../../workers/db/sql';"
		]
	],
	['the search grammar', 'src/lib/search/probe.ts', ["import { app } from '$lib/state/app.svelte';"]],
	['a page', 'src/routes/probe/+page.ts', ["import { createDbApi } from '../../../workers/db/api';"]],
	[
		'a component',
		'src/lib/components/probe.ts',
		["import { migrate } from '../../../workers/db/migrations';"]
	],
	[
		'a chart',
		'src/lib/charts/probe.ts',
		[
			"import { runboard } from '$lib/client';",
			"import { app } from '$lib/state/app.svelte';",
			"import { all } from '../../../workers/db/sql';"
		]
	],
	[
		'the training worker',
		'src/lib/train/probe.ts',
		[
			"import { runboard } from '$lib/client';",
			"import { tick } from 'svelte';",
			"import { all } from '../../../workers/db/sql';"
		]
	],
	[
		'the code sandbox',
		'src/lib/code-cell/probe.ts',
		["import { app } from '$lib/state/app.svelte';", "import { mount } from 'svelte';"]
	],
	['the tour', 'src/lib/tour/probe.ts', ["import { all } from '../../../workers/db/sql';"]],
	[
		'an exporter',
		'src/lib/exporters/probe.ts',
		[
			"import { runboard } from '$lib/client';",
			"import { app } from '$lib/state/app.svelte';",
			"import Frame from '$lib/components/artifacts/ArtifactBrowser.svelte';",
			"import { composePng } from '../charts/export';",
			"import { tick } from 'svelte';",
			"import { all } from '../../../workers/db/sql';"
		]
	]
];

/** One import each zone may make. */
const ALLOWED: [file: string, line: string][] = [
	['workers/db/probe.ts', "import { RunboardError } from '$lib/api/errors';"],
	['workers/parse/probe.ts', "import { openImport } from '../import/detect';"],
	['workers/db/probe.ts', "import { prepareItems } from '../import/prepare';"],
	// In workers/, ../charts is the database worker's own chart reading, not the page's charts.
	['workers/db/api/probe.ts', "import { chartSeries } from '../charts/batch';"],
	['src/lib/charts/probe.ts', "import type { ChartSource } from './line/source';"],
	['src/routes/probe/+page.ts', "import { runboard } from '$lib/client';"],
	['src/lib/exporters/probe.ts', "import { baseName } from '$lib/artifacts/paths';"],
	['src/lib/train/probe.ts', "import { checkKey } from '$lib/api/validate';"],
	// The page's half of the sandbox writes through the client.
	['src/lib/code-cell/session.ts', "import type { RunboardClient } from '$lib/client';"]
];

describe('lint zones', () => {
	for (const [zone, file, imports] of FORBIDDEN) {
		it(`refuse what ${zone} may not import`, async () => {
			for (const line of imports) {
				const found = await importRules(file, `${line}\nexport const probe = 1;\n`);
				expect(found.length, `${file}: ${line}`).toBe(1);
				expect(found[0], `${file}: ${line}`).toMatch(/^no-restricted-imports: /);
			}
		});
	}

	it('allow what each zone may import', async () => {
		for (const [file, line] of ALLOWED)
			expect(await importRules(file, `${line}\n`), `${file}: ${line}`).toEqual([]);
	});
});
