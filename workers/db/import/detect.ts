// Picks the importer for what was dropped: zips are expanded first, then every importer scores the files
// (names first, then content) and the best one wins. Nothing recognised → a list of what is supported.
import { RunboardError } from '$lib/api/errors';
import type { Importer, ImportWarning, SourceFile } from '$lib/importers/types';
import { expandZip, isZip } from '$lib/importers/zip';

export async function expandArchives(
	files: SourceFile[]
): Promise<{ files: SourceFile[]; warnings: ImportWarning[] }> {
	const out: SourceFile[] = [];
	const warnings: ImportWarning[] = [];
	// A single dropped file is sniffed for the zip magic whatever its name; in a folder only *.zip names count.
	const sniff = files.length === 1;
	for (const file of files) {
		if (await isZip(file, sniff)) {
			const expanded = await expandZip(file);
			out.push(...expanded.files);
			warnings.push(...expanded.warnings);
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
