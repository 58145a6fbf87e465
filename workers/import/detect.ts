// Picks the importer for what was dropped: zips are expanded first, then every importer scores the files
// (names first, then content) and the best one wins. Nothing recognised → a list of what is supported.
import { RunboardError } from '$lib/api/errors';
import type { ImportEntry } from '$lib/api/db-api';
import { gunzipFile, isGzip } from '$lib/importers/gzip';
import { IMPORT_LIMITS } from '$lib/importers/limits';
import { fromBlob } from '$lib/importers/source-files';
import type { Importer, ImportWarning, SourceFile } from '$lib/importers/types';
import { expandZip, isZip } from '$lib/importers/zip';
import { prepareItems, type ReadyItem } from './prepare';

/** A source ready to be read: its format, what it yields, and what the report and progress need up front. */
export interface OpenedImport {
	format: { id: string; label: string };
	source: { kind: string; ref: string };
	bytesTotal: number;
	warnings: ImportWarning[];
	/** The importer's `atomic`: nothing is committed before its source is verified. */
	atomic: boolean;
	items: AsyncGenerator<ReadyItem>;
}

/** The dropped files as SourceFiles; anything else is refused (the entries come from a page script). */
export function sourceFilesOf(entries: ImportEntry[]): SourceFile[] {
	if (
		!Array.isArray(entries) ||
		entries.some((e) => typeof e?.path !== 'string' || !(e.file instanceof Blob))
	) {
		throw new RunboardError('INVALID_ARGUMENT', 'importFiles needs a list of {path, file} (File or Blob).');
	}
	return entries.map((e) => fromBlob(e.path, e.file));
}

/** Expands archives, picks the importer and starts reading; errors here mean nothing was read. */
export async function openImport(
	importers: Importer[],
	input: SourceFile[],
	signal: AbortSignal
): Promise<OpenedImport> {
	const expanded = await expandArchives(input);
	const importer = await chooseImporter(importers, expanded.files);
	const context = { signal, maxArtifactBytes: IMPORT_LIMITS.maxArtifactBytes };
	return {
		format: { id: importer.id, label: importer.label },
		source: { kind: importer.id, ref: input[0]?.path.split('/')[0] ?? '' },
		bytesTotal: expanded.files.reduce((sum, f) => sum + f.size, 0),
		warnings: expanded.warnings,
		atomic: importer.atomic === true,
		items: prepareItems(importer.read(expanded.files, context))
	};
}

export async function expandArchives(
	files: SourceFile[]
): Promise<{ files: SourceFile[]; warnings: ImportWarning[] }> {
	const out: SourceFile[] = [];
	const warnings: ImportWarning[] = [];
	// A single dropped file is sniffed for the zip magic whatever its name; in a folder only *.zip names count.
	// Only a single dropped file is gunzipped: in a folder a .gz may be an artifact to keep as it is.
	const sniff = files.length === 1;
	for (const file of files) {
		if (await isZip(file, sniff)) {
			const expanded = await expandZip(file);
			out.push(...expanded.files);
			warnings.push(...expanded.warnings);
		} else if (sniff && (await isGzip(file))) {
			out.push(await gunzipFile(file));
		} else {
			out.push(file);
		}
	}
	return { files: out, warnings };
}

export async function chooseImporter(importers: Importer[], files: SourceFile[]): Promise<Importer> {
	if (files.length === 0)
		throw new RunboardError('IMPORT_UNRECOGNIZED', 'Nothing to import: no files were given.');
	let best: { importer: Importer; score: number } | undefined;
	for (const importer of importers) {
		const score = await importer.detect(files).catch(() => 0);
		if (score > 0 && (!best || score > best.score)) best = { importer, score };
	}
	if (!best) {
		const names = files.slice(0, 3).map((f) => f.path);
		throw new RunboardError(
			'IMPORT_UNRECOGNIZED',
			`Runboard does not recognise ${names.join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}. ` +
				`Supported: ${importers.map((i) => i.label).join('; ')} (folders, zips or single files).`,
			{ supported: importers.map((i) => i.id) }
		);
	}
	return best.importer;
}
