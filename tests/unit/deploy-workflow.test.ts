// The "Deploy to GitHub Pages" workflow (.github/workflows/pages.yml) builds the site the way the README says
// (npm ci, npm run build with BASE_PATH = the repository's name) and publishes build/, which is where
// adapter-static writes (svelte.config.js).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
	uses?: string;
	run?: string;
	env?: Record<string, string>;
	with?: Record<string, string>;
}

const workflow = parse(readFileSync('.github/workflows/pages.yml', 'utf8')) as {
	on: { push: { branches: string[] } };
	permissions: Record<string, string>;
	jobs: { build: { steps: Step[] }; deploy: { needs: string; steps: Step[] } };
};

describe('the GitHub Pages workflow', () => {
	const steps = workflow.jobs.build.steps;

	it('installs from the lock file and builds under the repository name', () => {
		expect(steps.some((s) => s.run === 'npm ci')).toBe(true);
		const build = steps.find((s) => s.run === 'npm run build');
		expect(build?.env?.BASE_PATH).toBe('/${{ github.event.repository.name }}');
		expect(steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe(20);
	});

	it('publishes the folder adapter-static writes, on pushes to main', () => {
		expect(readFileSync('svelte.config.js', 'utf8')).toContain("pages: process.env.BUILD_DIR ?? 'build'");
		expect(steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))?.with?.path).toBe('build');
		expect(workflow.jobs.deploy.needs).toBe('build');
		expect(workflow.jobs.deploy.steps[0]?.uses).toMatch(/^actions\/deploy-pages@/);
		expect(workflow.on.push.branches).toEqual(['main']);
		expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
	});
});
