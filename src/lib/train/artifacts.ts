// The files a trained run logs, as text: the model folder MLflow would write (coefficients, an MLmodel descriptor,
// requirements.txt) and a residuals plot. Pure string building; nothing here comes from user text except
// numbers, and every number is written by JS's own formatting, so the SVG cannot carry markup.
import type { Dataset } from './data';
import { jobSettings, MODEL_LABELS, type TrainJob, type TrainResult } from './jobs';

export const SOURCE_NAME = 'runboard-train';

export function coefficientsJson(job: TrainJob, result: TrainResult, data: Dataset): string {
	return JSON.stringify(
		{
			model: MODEL_LABELS[job.model],
			settings: jobSettings(job),
			feature_names: data.featureNames,
			coef: result.coef,
			intercept: result.intercept,
			steps: result.steps,
			converged: result.converged,
			target: data.targetName,
			predict: `${data.targetName} = intercept + sum(coef[i] * features[i])`,
			test_scores: result.scores
		},
		null,
		2
	);
}

/** MLmodel as MLflow writes it (YAML), with a flavor of its own: the model is its coefficients, not a pickle. */
export function mlmodelYaml(job: TrainJob, data: Dataset, runId: string, created: Date): string {
	const column = (name: string) => ({ type: 'double', name, required: true });
	// MLflow keeps the signature's columns as JSON strings inside the YAML; JSON.stringify quotes them for YAML too.
	const inputs = JSON.stringify(JSON.stringify(data.featureNames.map(column)));
	const outputs = JSON.stringify(JSON.stringify([column(data.targetName)]));
	const utc = created.toISOString().replace('T', ' ').replace('Z', '');
	return [
		'artifact_path: model',
		'flavors:',
		'  linear_model:',
		`    estimator: ${MODEL_LABELS[job.model]}`,
		'    coefficients: coefficients.json',
		`    trained_with: ${SOURCE_NAME}`,
		`run_id: ${runId}`,
		'signature:',
		`  inputs: ${inputs}`,
		`  outputs: ${outputs}`,
		'  params: null',
		`utc_time_created: '${utc}'`,
		''
	].join('\n');
}

export function requirementsTxt(job: TrainJob, data: Dataset): string {
	const lines = ['# Predictions need only the coefficients in coefficients.json and numpy.', 'numpy'];
	if (job.model === 'elasticnet') {
		lines.push(
			`# The same fit in Python: sklearn.linear_model.ElasticNet(alpha=${job.alpha}, l1_ratio=${job.l1Ratio}, random_state=42)`,
			data.sklearnVersion ? `scikit-learn==${data.sklearnVersion}` : 'scikit-learn'
		);
	}
	return lines.join('\n') + '\n';
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(2));

/** Residual (actual − predicted) against predicted, for the test rows: an SVG of shapes and numbers only. */
export function residualsSvg(actual: readonly number[], predicted: readonly number[]): string {
	const W = 360;
	const H = 240;
	const pad = { left: 48, right: 12, top: 24, bottom: 36 };
	const residuals = actual.map((v, i) => v - predicted[i]!);
	const finite = (xs: number[]) => xs.filter(Number.isFinite);
	const [x0, x1] = extent(finite([...predicted]));
	const bound = Math.max(1, ...finite(residuals).map(Math.abs));
	const sx = (v: number) => pad.left + ((v - x0) / (x1 - x0 || 1)) * (W - pad.left - pad.right);
	const sy = (v: number) => pad.top + ((bound - v) / (2 * bound)) * (H - pad.top - pad.bottom);
	const dots = residuals
		.map((r, i) => [sx(predicted[i]!), sy(r)])
		.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
		.map(([x, y]) => `<circle cx="${x!.toFixed(1)}" cy="${y!.toFixed(1)}" r="2.5"/>`)
		.join('');
	const bottom = H - pad.bottom;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
		`<rect width="${W}" height="${H}" fill="#ffffff"/>`,
		`<text x="${W / 2}" y="15" text-anchor="middle" fill="#222222">Residuals on the test set</text>`,
		`<line x1="${pad.left}" x2="${W - pad.right}" y1="${sy(0)}" y2="${sy(0)}" stroke="#888888" stroke-dasharray="4 3"/>`,
		`<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${bottom}" stroke="#444444"/>`,
		`<line x1="${pad.left}" x2="${W - pad.right}" y1="${bottom}" y2="${bottom}" stroke="#444444"/>`,
		`<g fill="#222222" text-anchor="end"><text x="${pad.left - 4}" y="${pad.top + 4}">${fmt(bound)}</text><text x="${pad.left - 4}" y="${sy(0) + 4}">0</text><text x="${pad.left - 4}" y="${bottom}">${fmt(-bound)}</text></g>`,
		`<g fill="#222222" text-anchor="middle"><text x="${pad.left}" y="${bottom + 14}">${fmt(x0)}</text><text x="${W - pad.right}" y="${bottom + 14}">${fmt(x1)}</text><text x="${(pad.left + W - pad.right) / 2}" y="${H - 6}">predicted</text></g>`,
		`<text transform="translate(12 ${(pad.top + bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#222222">actual − predicted</text>`,
		`<g fill="#2563eb" fill-opacity="0.7">${dots}</g>`,
		'</svg>',
		''
	].join('\n');
}

function extent(values: number[]): [number, number] {
	if (values.length === 0) return [0, 1];
	return [Math.min(...values), Math.max(...values)];
}
