// Page-side artifact plumbing: bytes for previews, downloads that never render, folders as zips.
import { downloadBlob as saveFile } from '$lib/charts/export';
import { Zip, ZipPassThrough } from 'fflate';
import type { ArtifactRoot } from '$lib/api/db-api';
import type { RunboardClient } from '$lib/client/runboard';
import { baseName } from './paths';

export { formatBytes } from './bytes';

export async function headBytes(blob: Blob, n: number): Promise<Uint8Array> {
	return new Uint8Array(await blob.slice(0, n).arrayBuffer());
}

/** Saves an artifact as a file (as application/octet-stream: see saveFile, it is never rendered). */
export function downloadBlob(blob: Blob, fileName: string): void {
	saveFile(fileName, blob);
}

/** Every file at or below `dir` as one zip, built file by file (stored, not recompressed) into Blob parts. */
export async function zipFolder(client: RunboardClient, root: ArtifactRoot, dir: string): Promise<Blob> {
	const files = await client.listArtifactFilesOf(root, dir);
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
		const blob = await client.getArtifactOf(root, file.path);
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

/** Copies text to the clipboard; false when the browser refuses (no permission, insecure context). */
export async function copyText(text: string): Promise<boolean> {
	try {
		await navigator.clipboard.writeText(text);
		return true;
	} catch {
		return false;
	}
}
