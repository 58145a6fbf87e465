// A folder held in memory behind the directory-handle shape the watcher reads (src/lib/watch/scan.ts), with a
// small MLflow file store writer, so the watcher's tests change a folder as a training run would.
import type { WatchedDirectory } from '$lib/watch/scan';

export class MemoryFolder {
	readonly files = new Map<string, File>();
	/** Paths whose getFile() fails, as a file deleted or locked while the folder is listed. */
	readonly unreadable = new Set<string>();
	private clock = 1_000;

	constructor(readonly name: string) {}

	write(path: string, text: string): void {
		this.files.set(path, new File([text], path.split('/').pop()!, { lastModified: ++this.clock }));
	}

	async append(path: string, text: string): Promise<void> {
		this.write(path, ((await this.files.get(path)?.text()) ?? '') + text);
	}

	remove(path: string): void {
		this.files.delete(path);
	}

	get handle(): WatchedDirectory {
		return directoryOf(this, '');
	}
}

/** The handle of a folder below `prefix` ('' for the top): lists its children from the folder's paths. */
function directoryOf(folder: MemoryFolder, prefix: string): WatchedDirectory {
	const join = (child: string) => (prefix === '' ? child : `${prefix}/${child}`);
	const children = () => {
		const kinds = new Map<string, 'file' | 'directory'>();
		for (const path of folder.files.keys()) {
			if (prefix !== '' && !path.startsWith(`${prefix}/`)) continue;
			const [first, ...more] = (prefix === '' ? path : path.slice(prefix.length + 1)).split('/');
			kinds.set(first!, more.length ? 'directory' : 'file');
		}
		return kinds;
	};
	const fileOf = (path: string) => ({
		kind: 'file' as const,
		name: path.split('/').at(-1)!,
		getFile: async () => {
			const found = folder.files.get(path);
			if (!found || folder.unreadable.has(path))
				throw new DOMException(`A requested file could not be found: ${path}`, 'NotFoundError');
			return found;
		}
	});
	return {
		kind: 'directory',
		name: prefix === '' ? folder.name : prefix.split('/').at(-1)!,
		async *values() {
			for (const [child, kind] of children())
				yield kind === 'directory' ? directoryOf(folder, join(child)) : fileOf(join(child));
		}
	};
}

/** An MLflow experiment folder's meta.yaml. */
export function experimentMeta(id: string, name: string): string {
	return `artifact_location: file:///x/${id}\ncreation_time: 1\nexperiment_id: '${id}'\nlast_update_time: 1\nlifecycle_stage: active\nname: ${name}\n`;
}

/** An MLflow run folder's meta.yaml. */
export function runMeta(experimentId: string, runId: string, runName: string, status = 1): string {
	return [
		`artifact_uri: file:///x/${experimentId}/${runId}/artifacts`,
		'end_time: null',
		`experiment_id: '${experimentId}'`,
		'lifecycle_stage: active',
		`run_id: ${runId}`,
		`run_name: ${runName}`,
		'source_type: 4',
		'start_time: 1700000000000',
		`status: ${status}`,
		'tags: []',
		'user_id: u',
		''
	].join('\n');
}

/** Metric lines as MLflow writes them: "<timestamp> <value> <step>\n". */
export function metricLines(points: [step: number, value: number][]): string {
	return points.map(([step, value]) => `${1700000000000 + step} ${value} ${step}\n`).join('');
}
