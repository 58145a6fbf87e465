// Builds an mlruns/ zip (MLflow's file store layout) whose every name and file carries payloads: experiment
// names, run names, param/metric/tag keys (file names) and values (file contents), notes, artifact file names,
// and metric files with unparsable lines, which the import report quotes back as warnings.
import { strToU8, zipSync, type Zippable } from 'fflate';
import { asFileName, type Payload } from './payloads';

/** JSON strings are valid YAML double-quoted scalars: any payload survives meta.yaml unchanged. */
const yamlString = (text: string) => JSON.stringify(text);

export const runIdFor = (p: Payload) => `fa${p.id.toString(16).padStart(30, '0')}`;
export const experimentIdFor = (p: Payload) => String(900_000 + p.id);

export function mlrunsZip(payloads: Payload[]): Uint8Array {
	const files: Zippable = {};
	const put = (path: string, text: string) => (files[`mlruns/${path}`] = strToU8(text));
	const started = Date.UTC(2026, 0, 1);
	for (const p of payloads) {
		const exp = experimentIdFor(p);
		const run = runIdFor(p);
		const name = asFileName(p);
		put(
			`${exp}/meta.yaml`,
			[
				`artifact_location: file:///tmp/mlruns/${exp}`,
				`creation_time: ${started}`,
				`experiment_id: '${exp}'`,
				`last_update_time: ${started}`,
				'lifecycle_stage: active',
				`name: ${yamlString(p.text)}`
			].join('\n') + '\n'
		);
		put(`${exp}/tags/mlflow.note.content`, p.text);
		put(
			`${exp}/${run}/meta.yaml`,
			[
				`artifact_uri: file:///tmp/mlruns/${exp}/${run}/artifacts`,
				`end_time: ${started + 5000}`,
				`experiment_id: '${exp}'`,
				'lifecycle_stage: active',
				`run_id: ${run}`,
				`run_name: ${yamlString(p.text)}`,
				`start_time: ${started}`,
				'status: 3',
				`user_id: ${yamlString(p.text)}`
			].join('\n') + '\n'
		);
		put(`${exp}/${run}/params/${name}`, p.text);
		put(`${exp}/${run}/params/value`, p.text);
		put(`${exp}/${run}/tags/${name}`, p.text);
		put(`${exp}/${run}/tags/mlflow.runName`, p.text);
		put(`${exp}/${run}/tags/mlflow.note.content`, p.text);
		// One good point, then the payload as a line the importer cannot parse (quoted in the report).
		put(`${exp}/${run}/metrics/${name}`, `${started} 1.5 0\n${p.text.replaceAll('\n', ' ')}\n`);
		put(`${exp}/${run}/artifacts/${name}`, p.text);
	}
	return zipSync(files, { level: 0 });
}
