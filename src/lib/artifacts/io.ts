// Page-side artifact plumbing: bytes for previews, folders as zips (read through the client), the clipboard.
import type { ArtifactRoot } from '$lib/api/db-api';
import type { RunboardClient } from '$lib/client/runboard';
import { zipArtifacts } from '$lib/exporters/artifact-zip';

export { formatBytes } from './bytes';

export async function headBytes(blob: Blob, n: number): Promise<Uint8Array> {
	return new Uint8Array(await blob.slice(0, n).arrayBuffer());
}

/** Every file at or below `dir` as one zip (`zipArtifacts`), each file read from the database in turn. */
export async function zipFolder(client: RunboardClient, root: ArtifactRoot, dir: string): Promise<Blob> {
	const files = await client.listArtifactFilesOf(root, dir);
	return zipArtifacts(files, dir, (path) => client.getArtifactOf(root, path));
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
