// Editing what MLflow lets a person edit: a run's name, description and tags, an experiment's description and
// tags. Typed and imported text with markup stays text.
import { expect, idle, openApp, test } from './fixtures';

const HOSTILE = '<img src=x onerror="window.__pwned++">';

test('a run is renamed, described (with a preview) and tagged from its page; system tags stay read-only', async ({
	page
}) => {
	await page.addInitScript(() => {
		(window as unknown as { __pwned: number }).__pwned = 0;
	});
	await openApp(page);
	const runId = await page.evaluate(async () => {
		const experimentId = await window.runboard.createExperiment('editing');
		const run = await window.runboard.createRun({ experimentId, runName: 'first-name', tags: { team: 'a' } });
		return run.info.runId;
	});
	await openApp(page, `runs/${runId}/`);

	await page.getByRole('button', { name: 'Rename' }).click();
	await page.getByLabel('Run name').fill('x'.repeat(251));
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('alert')).toHaveText('Run name is 251 characters long; the limit is 250.');
	await page.getByLabel('Run name').fill(HOSTILE);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.locator('h1')).toHaveText(HOSTILE);
	expect(await page.evaluate((id) => window.runboard.getRun(id).then((r) => r.info.runName), runId)).toBe(
		HOSTILE
	);

	const description = page.getByTestId('description');
	await description.getByRole('button', { name: 'Add description' }).click();
	await page.getByLabel('Description (markdown)').fill(`## Findings\n\n${HOSTILE} **bold**`);
	await description.getByRole('button', { name: 'Preview' }).click();
	await expect(page.getByTestId('description-preview').locator('h2')).toHaveText('Findings');
	await expect(page.getByTestId('description-preview').locator('img')).toHaveCount(0);
	await description.getByRole('button', { name: 'Save description' }).click();
	await expect(description.locator('strong')).toHaveText('bold');
	await expect(description.getByRole('button', { name: 'Edit description' })).toBeVisible();

	const tags = page.getByTestId('tags');
	await page.getByLabel('New tag key').fill('mlflow.user');
	await page.getByLabel('New tag value').fill('me');
	await page.getByRole('button', { name: 'Add tag' }).click();
	await expect(page.getByRole('alert')).toContainText("MLflow's system tags");
	await page.getByLabel('New tag key').fill('owner');
	await page.getByLabel('New tag value').fill(HOSTILE);
	await page.getByRole('button', { name: 'Add tag' }).click();
	await expect(tags.locator('tr', { hasText: 'owner' }).locator('td').first()).toHaveText(HOSTILE);
	await page.getByRole('button', { name: 'Edit tag team' }).click();
	await page.getByLabel('Value of team').fill('b');
	await tags.getByRole('button', { name: 'Save' }).click();
	await expect(tags.locator('tr', { hasText: 'team' }).locator('td').first()).toHaveText('b');
	await page.getByRole('button', { name: 'Delete tag owner' }).click();
	await expect(tags.locator('tr', { hasText: 'owner' })).toHaveCount(0);
	// The run name's tag is MLflow's: listed, not editable.
	const system = tags.locator('tr', { hasText: 'mlflow.runName' });
	await expect(system).toContainText('system');
	await expect(system.getByRole('button')).toHaveCount(0);

	const stored = await page.evaluate((id) => window.runboard.getRun(id), runId);
	expect(stored.data.tags.find((t) => t.key === 'team')?.value).toBe('b');
	expect(stored.data.tags.find((t) => t.key === 'mlflow.note.content')?.value).toContain('## Findings');
	await expect(page.locator('img')).toHaveCount(0);
	expect(await page.evaluate(() => (window as unknown as { __pwned: number }).__pwned)).toBe(0);
});

test('an experiment shows and edits its description and tags', async ({ page }) => {
	await openApp(page);
	const experimentId = await page.evaluate(() =>
		window.runboard.createExperiment('described', { owner: 'ml', 'mlflow.note.content': 'Old *note*' })
	);
	await openApp(page, `experiments/${experimentId}/`);
	await page.getByRole('button', { name: 'Rename' }).click();
	await page.getByLabel('Experiment name').fill('described, renamed');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.locator('h1')).toHaveText('described, renamed');
	await expect(page.getByTestId('experiment-tags-inline')).toHaveText('owner: ml');
	await page.getByText('Experiment tags (1)').click();
	const tags = page.getByTestId('experiment-tags');
	await expect(tags.locator('tr', { hasText: 'owner' })).toContainText('ml');
	const description = page.getByTestId('description');
	await expect(description.locator('em')).toHaveText('note');
	await description.getByRole('button', { name: 'Edit description' }).click();
	await page.getByLabel('Description (markdown)').fill('New **note**');
	await description.getByRole('button', { name: 'Save description' }).click();
	await expect(description.locator('strong')).toHaveText('note');

	await page.getByLabel('New tag key').fill('stage');
	await page.getByLabel('New tag value').fill('prod');
	await page.getByRole('button', { name: 'Add tag' }).click();
	await page.getByRole('button', { name: 'Delete tag owner' }).click();
	await expect(tags.locator('tr', { hasText: 'owner' })).toHaveCount(0);
	await idle(page);
	const experiment = await page.evaluate((id) => window.runboard.getExperiment(id), experimentId);
	expect(experiment.tags).toEqual([
		{ key: 'mlflow.note.content', value: 'New **note**' },
		{ key: 'stage', value: 'prod' }
	]);
});
