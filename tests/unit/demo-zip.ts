// The shipped demo zip, read as the files MLflow wrote: entries by path, and its runs' folders with their tags.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

export const DEMO_ZIP = 'static/demo/diabetes-quickstart.zip';

export interface DemoRun {
	runId: string;
	/** `mlruns/<experiment>/<run>/` */
	folder: string;
	tags: Record<string, string>;
}

export function demoEntries(): Record<string, Uint8Array> {
	return unzipSync(new Uint8Array(readFileSync(DEMO_ZIP)));
}

/** Run folders are those whose meta.yaml has `run_id:` (models/ and datasets/ hold other meta.yaml files). */
export function demoRuns(entries: Record<string, Uint8Array>): DemoRun[] {
	const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
	return Object.keys(entries)
		.filter((path) => /^mlruns\/\d+\/[0-9a-f]{32}\/meta\.yaml$/.test(path))
		.filter((path) => /^run_id: /m.test(text(entries[path]!)))
		.map((path) => {
			const folder = path.replace(/meta\.yaml$/, '');
			const tags = Object.fromEntries(
				Object.keys(entries)
					.filter((p) => p.startsWith(`${folder}tags/`))
					.map((p) => [p.slice(`${folder}tags/`.length), text(entries[p]!)])
			);
			return { runId: folder.split('/')[2]!, folder, tags };
		});
}
