// An artifact folder as one zip. Pure over its inputs: the caller lists the files and says how to read each one
// (the page reads them through the client), so the zip never needs the database or the DOM.
import { Zip, ZipPassThrough } from 'fflate';
import { baseName } from '$lib/artifacts/paths';

/** Reads one stored file's bytes by its full artifact path. */
export type ReadArtifact = (path: string) => Promise<Blob>;

/** `model.zip` for the folder `outputs/model`; the root folder ('') gives `.zip`, as the browser has always had. */
export function artifactZipName(dir: string): string {
	return `${baseName(dir)}.zip`;
}

/**
 * Every file of `files` (full artifact paths at or below `dir`) as one zip, built file by file (stored, not
 * recompressed: artifacts are often compressed already) into Blob parts. Entries are named relative to the
 * folder's parent, so unzipping `outputs/model` gives `model/…`; the root's entries keep their paths.
 */
export async function zipArtifacts(
	files: readonly { path: string }[],
	dir: string,
	read: ReadArtifact
): Promise<Blob> {
	const parts: Uint8Array<ArrayBuffer>[] = [];
	let failure: Error | null = null;
	const zip = new Zip((error, chunk) => {
		if (error) failure = error;
		else parts.push(chunk as Uint8Array<ArrayBuffer>);
	});
	const prefix = dir === '' ? '' : `${dir}/`;
	const top = dir === '' ? '' : `${baseName(dir)}/`;
	for (const file of files) {
		const entry = new ZipPassThrough(top + file.path.slice(prefix.length));
		zip.add(entry);
		const blob = await read(file.path);
		const reader = blob.stream().getReader();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			entry.push(value);
		}
		entry.push(new Uint8Array(0), true);
	}
	zip.end();
	if (failure) throw failure;
	return new Blob(parts, { type: 'application/zip' });
}
