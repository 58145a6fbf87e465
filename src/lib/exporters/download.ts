// The one way the app saves a file: every download in the app goes through downloadBlob (docs/security.md).
// It is the only part of src/lib/exporters that needs the DOM; the exporters themselves only make the Blob.

/** The only type a download is given: browsers save it and never render or sniff it. */
export const DOWNLOAD_TYPE = 'application/octet-stream';

/**
 * Saves a blob as a file. The link's bytes are always application/octet-stream: a browser downloads that type and
 * never renders it, so even a link opened in a tab instead (middle click) cannot become a document of this origin.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(
		blob.type === DOWNLOAD_TYPE ? blob : new Blob([blob], { type: DOWNLOAD_TYPE })
	);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
	// Revoke later: some browsers start the download asynchronously.
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
