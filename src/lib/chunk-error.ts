// A part of the app fetched on demand (an import() chunk, or the CSS Vite preloads with it) that did not download.
// Each browser words it its own way; these are the messages of Chromium, Firefox, Safari and Vite's preloader.
const CHUNK_FAILURE =
	/Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS/i;

export function isChunkLoadError(error: unknown): boolean {
	const message = error instanceof Error ? error.message : String(error);
	return CHUNK_FAILURE.test(message);
}
