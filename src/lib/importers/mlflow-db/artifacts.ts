// Artifacts dropped beside the database. A run's artifact_uri names a folder on the logging machine
// (`/home/me/mlruns/1/<run>/artifacts`, `mlflow-artifacts:/1/<run>/artifacts`, `s3://…`), never a path in the
// browser, so files are matched by the URI's tail `<a>/<b>/artifacts/` against the dropped paths, wherever the
// dropped folder starts (`mlartifacts/1/<run>/artifacts/…`, `mlruns/1/<run>/artifacts/…`, `1/<run>/artifacts/…`).
import { ArtifactBudget } from '../artifact-budget';
import type { ImportedArtifact, ImportWarning, SourceFile } from '../types';

const LOCAL_SCHEMES = new Set(['file', 'mlflow-artifacts']);

/** `<a>/<b>` of a URI or path ending in `<a>/<b>/artifacts`, else null. */
export function artifactTail(uri: string): string | null {
	const path = uri.replace(/^[a-z][a-z0-9+.-]*:/i, '').replace(/\\/g, '/');
	const segments = path.split('/').filter((s) => s !== '');
	const n = segments.length;
	if (n < 3 || segments[n - 1] !== 'artifacts') return null;
	return `${segments[n - 3]}/${segments[n - 2]}`;
}

/** Local paths and proxied (`mlflow-artifacts:`) URIs are ones whose files a user could have dropped. */
export function isLocalLooking(uri: string): boolean {
	if (uri === '') return false;
	const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(uri)?.[1];
	// One letter before ':' is a Windows drive, not a scheme.
	return scheme === undefined || LOCAL_SCHEMES.has(scheme.toLowerCase());
}

export class ArtifactIndex {
	/** `<a>/<b>` → files below `<a>/<b>/artifacts/`, with paths relative to that folder. */
	private readonly byTail = new Map<string, ImportedArtifact[]>();
	private readonly matched = new Set<SourceFile>();
	private readonly budget: ArtifactBudget;
	private overCap = { files: 0, bytes: 0, owners: new Set<string>() };
	private missing: string[] = [];
	readonly fileCount: number;

	constructor(files: SourceFile[], capBytes: number) {
		this.budget = new ArtifactBudget(capBytes);
		this.fileCount = files.length;
		for (const file of files) this.add(file);
	}

	private add(file: SourceFile): void {
		const segments = file.path.split('/');
		for (let i = 2; i < segments.length - 1; i++) {
			if (segments[i] !== 'artifacts') continue;
			const rest = segments.slice(i + 1);
			// Paths come from a drop or a zip: refuse anything that could climb out of the run's folder.
			if (rest.some((s) => s === '' || s === '.' || s === '..')) continue;
			const tail = `${segments[i - 2]}/${segments[i - 1]}`;
			const list = this.byTail.get(tail) ?? [];
			list.push({ path: rest.join('/'), file });
			this.byTail.set(tail, list);
		}
	}

	/**
	 * The artifacts of one run or model: by its URI's tail first, else by `fallbackTail` (`<exp>/<run>`), within
	 * the import's byte cap. Files past the cap are counted for one warning at the end.
	 */
	take(owner: string, uri: string, fallbackTail: string): ImportedArtifact[] {
		const tail = artifactTail(uri);
		const found = (tail ? this.byTail.get(tail) : undefined) ?? this.byTail.get(fallbackTail) ?? [];
		if (found.length === 0) {
			if (this.fileCount > 0 && isLocalLooking(uri)) this.missing.push(owner);
			return [];
		}
		for (const artifact of found) this.matched.add(artifact.file);
		const { taken, skipped } = this.budget.takeListed(found, (artifact) => artifact.file.size);
		if (skipped.files > 0) {
			this.overCap.files += skipped.files;
			this.overCap.bytes += skipped.bytes;
			this.overCap.owners.add(owner);
		}
		return taken;
	}

	/** Bytes of artifacts handed out so far, for progress. */
	get bytesTaken(): number {
		return this.budget.bytesTaken;
	}

	/** One warning per kind, not one per run: a 5,000-run import should not bury the report. */
	warnings(): ImportWarning[] {
		const out: ImportWarning[] = [];
		if (this.overCap.files > 0) out.push(this.budget.importOverCap(this.overCap, this.overCap.owners.size));
		if (this.fileCount > 0 && this.matched.size === 0) {
			out.push({
				kind: 'artifacts-missing',
				message:
					`None of the ${this.fileCount} files dropped beside the database lies under <experiment>/<run>/artifacts/ ` +
					'of a run in it, so no artifacts were imported. Drop the mlartifacts/ or mlruns/ folder that belongs to this database.'
			});
		} else if (this.missing.length > 0) {
			const shown = this.missing.slice(0, 5).join(', ');
			out.push({
				kind: 'artifacts-missing',
				message:
					`${this.missing.length} runs or models have no artifacts among the dropped files (${shown}` +
					`${this.missing.length > 5 ? ', …' : ''}). That is expected for runs that logged none.`
			});
		}
		return out;
	}
}
