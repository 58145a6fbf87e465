// MLmodel files (MLflow's model descriptor, YAML) as a summary card: flavors, Python and library versions,
// the signature's inputs and outputs, the model's size, and which environment files it names.
// Parsed with the YAML core schema: custom tags (`!!python/object/...`) are never resolved, only reported.
import { parseDocument } from 'yaml';

export interface SignatureField {
	name: string;
	type: string;
}

export interface MlmodelSummary {
	flavors: { name: string; version?: string }[];
	pythonVersion?: string;
	mlflowVersion?: string;
	modelSizeBytes?: number;
	modelId?: string;
	runId?: string;
	created?: string;
	loaderModule?: string;
	inputs: SignatureField[];
	outputs: SignatureField[];
	/** Environment files named by the pyfunc flavor (conda.yaml, python_env.yaml), plus requirements.txt. */
	environmentFiles: string[];
	/** YAML problems (unknown tags, syntax): the card still shows what could be read. */
	warnings: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
	typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/** Parses YAML safely: core schema, no custom tags, a low alias budget (no "billion laughs"). */
export function parseYamlSafe(text: string): { value: unknown; warnings: string[] } {
	const doc = parseDocument(text, { schema: 'core', logLevel: 'silent', uniqueKeys: false });
	const warnings = [...doc.errors, ...doc.warnings].map((e) => e.message.split('\n')[0] ?? e.message);
	let value: unknown = null;
	try {
		value = doc.errors.length ? null : doc.toJS({ maxAliasCount: 100 });
	} catch (error) {
		warnings.push((error as Error).message);
	}
	return { value, warnings };
}

/** Signature columns: MLflow stores them as a JSON string of [{name, type}] or tensor specs. */
function signatureFields(raw: unknown): SignatureField[] {
	if (typeof raw !== 'string') return [];
	try {
		const parsed: unknown = JSON.parse(raw);
		if (!Array.isArray(parsed)) return [];
		return parsed.filter(isObject).map((f, i) => {
			const tensor = isObject(f['tensor-spec'])
				? `tensor ${str(f['tensor-spec'].dtype) ?? ''} ${JSON.stringify(f['tensor-spec'].shape ?? '')}`
				: undefined;
			return {
				name: str(f.name) ?? `#${i}`,
				type: str(f.type) === 'tensor' && tensor ? tensor : (str(f.type) ?? '?')
			};
		});
	} catch {
		return [];
	}
}

export function summarizeMlmodel(text: string, siblings: string[] = []): MlmodelSummary {
	const { value, warnings } = parseYamlSafe(text);
	const root = isObject(value) ? value : {};
	const flavors = isObject(root.flavors) ? root.flavors : {};
	const pyfunc = isObject(flavors.python_function) ? flavors.python_function : {};
	const flavorList = Object.entries(flavors).map(([name, details]) => {
		const d = isObject(details) ? details : {};
		// Flavors name their library's version as `<lib>_version` (sklearn_version, xgb_version, pytorch_version…).
		const versionKey = Object.keys(d).find((k) => k.endsWith('_version') && k !== 'python_version');
		return {
			name,
			version: versionKey
				? `${versionKey.replace(/_version$/, '')} ${str(d[versionKey]) ?? ''}`.trim()
				: undefined
		};
	});
	const env = isObject(pyfunc.env) ? pyfunc.env : {};
	const named = [str(env.conda), str(env.virtualenv), str(pyfunc.env)].filter((x): x is string => !!x);
	const environmentFiles = [
		...new Set(['requirements.txt', ...named, 'conda.yaml', 'python_env.yaml'])
	].filter((f) => siblings.length === 0 || siblings.includes(f));
	const signature = isObject(root.signature) ? root.signature : {};
	const size = Number(root.model_size_bytes);
	return {
		flavors: flavorList,
		pythonVersion: str(pyfunc.python_version),
		mlflowVersion: str(root.mlflow_version),
		modelSizeBytes: Number.isFinite(size) && root.model_size_bytes !== undefined ? size : undefined,
		modelId: str(root.model_id),
		runId: str(root.run_id),
		created: str(root.utc_time_created),
		loaderModule: str(pyfunc.loader_module),
		inputs: signatureFields(signature.inputs),
		outputs: signatureFields(signature.outputs),
		environmentFiles,
		warnings
	};
}
