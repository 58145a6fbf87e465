// The training data of the Train page: scikit-learn's diabetes data, split as the MLflow quickstart splits it
// (static/train/diabetes.json, written by tests/interop/export_diabetes.py; provenance in static/train/README.md).
// Pure: the page fetches the file and hands its JSON to `parseDiabetes`.

/** Rows of features. */
export type Matrix = readonly (readonly number[])[];

export interface Dataset {
	featureNames: string[];
	targetName: string;
	/** The scikit-learn release that wrote the file (its split and the fits this code reproduces). */
	sklearnVersion: string | null;
	xTrain: Matrix;
	yTrain: number[];
	xTest: Matrix;
	yTest: number[];
}

export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
	return s;
}

const isNumbers = (v: unknown, length?: number): v is number[] =>
	Array.isArray(v) &&
	(length === undefined || v.length === length) &&
	v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** The file's JSON as a dataset, or an error saying what is wrong with it. */
export function parseDiabetes(json: unknown): Dataset {
	const fail = (what: string): never => {
		throw new Error(`The training data is damaged: ${what}.`);
	};
	if (typeof json !== 'object' || json === null) return fail('not a JSON object');
	const raw = json as Record<string, unknown>;
	const names = raw.feature_names;
	if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string'))
		return fail('feature_names is not a list of names');
	const width = names.length;
	const matrix = (key: string): Matrix => {
		const rows = raw[key];
		if (!Array.isArray(rows) || rows.length === 0 || !rows.every((row) => isNumbers(row, width)))
			return fail(`${key} is not a list of rows of ${width} numbers`);
		return rows as number[][];
	};
	const vector = (key: string, length: number): number[] => {
		const v = raw[key];
		if (!isNumbers(v, length)) return fail(`${key} is not a list of ${length} numbers`);
		return v;
	};
	const xTrain = matrix('X_train');
	const xTest = matrix('X_test');
	return {
		featureNames: names as string[],
		targetName: typeof raw.target_name === 'string' ? raw.target_name : 'target',
		sklearnVersion:
			typeof raw.sklearn_version === 'string' && /^\d+(\.\d+)*$/.test(raw.sklearn_version)
				? raw.sklearn_version
				: null,
		xTrain,
		yTrain: vector('y_train', xTrain.length),
		xTest,
		yTest: vector('y_test', xTest.length)
	};
}
