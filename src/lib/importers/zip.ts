// Zips are expanded into SourceFiles before detection, so every importer also reads zipped folders.
// Entries are untrusted: '..' segments and absolute paths are refused, sizes and ratios are capped (zip bombs).
import { RunboardError } from '../api/errors';
import { clipPath, IMPORT_LIMITS } from './limits';
import { rangeReader } from './source-files';
import type { ImportWarning, SourceFile } from './types';
import { readDirectory, type ZipEntry } from './zip-directory';
import { ZipReader } from './zip-entries';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** By name; by content (the PK magic) only when asked: sniffing every file of a 30,000-file folder costs seconds. */
export async function isZip(file: SourceFile, sniff: boolean): Promise<boolean> {
	if (/\.zip$/i.test(file.path)) return true;
	if (!sniff || file.size < 4) return false;
	const head = await firstBytes(file, 4);
	return ZIP_MAGIC.every((b, i) => head[i] === b);
}

async function firstBytes(file: SourceFile, n: number): Promise<Uint8Array> {
	const reader = file.stream().getReader();
	const { value } = await reader.read();
	await reader.cancel().catch(() => undefined);
	return (value ?? new Uint8Array()).slice(0, n);
}

/** A safe relative path inside the archive, or undefined when the entry must be refused. */
export function safeEntryPath(name: string): string | undefined {
	const normalised = name.replaceAll('\\', '/');
	if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) return undefined;
	const parts = normalised.split('/').filter((p) => p !== '' && p !== '.');
	if (parts.some((p) => p.trim() === '..' || p.includes('\0'))) return undefined;
	return parts.join('/');
}

/**
 * The zip's entries as SourceFiles, from its central directory alone: entries are inflated when an importer
 * reads them (zip-entries.ts), so memory never holds the expanded archive. The declared sizes are checked here,
 * before anything is inflated; inflating never goes past them.
 */
export async function expandZip(
	zip: SourceFile
): Promise<{ files: SourceFile[]; warnings: ImportWarning[] }> {
	const warnings: ImportWarning[] = [];
	let expanded = 0;
	const refuse = (entry: ZipEntry, why: string) =>
		warnings.push({
			kind: 'unsupported',
			file: clipPath(`${zip.path}/${entry.name}`),
			message: `${clipPath(entry.name)}: ${why}`
		});
	const accept = (entry: ZipEntry): string | undefined => {
		if (entry.name.endsWith('/')) return undefined;
		const path = safeEntryPath(entry.name);
		if (path === undefined) {
			refuse(entry, 'refused: the path leaves the archive (absolute or "..")');
			return undefined;
		}
		const folders = path.split('/').length - 1;
		if (folders > IMPORT_LIMITS.maxPathDepth) {
			refuse(entry, `skipped: ${folders} folders deep (at most ${IMPORT_LIMITS.maxPathDepth} are read)`);
			return undefined;
		}
		if (entry.size > 0 && entry.originalSize / entry.size > IMPORT_LIMITS.maxZipRatio) {
			refuse(entry, `refused: expands ${Math.round(entry.originalSize / entry.size)}× (a zip bomb?)`);
			return undefined;
		}
		expanded += entry.originalSize;
		if (expanded > IMPORT_LIMITS.maxZipExpandedBytes) {
			throw new RunboardError(
				'IMPORT_CORRUPT',
				`${zip.path} expands to more than ${IMPORT_LIMITS.maxZipExpandedBytes / 2 ** 30} GiB; unzip it and drop the folder.`
			);
		}
		if (entry.encrypted) {
			refuse(entry, 'skipped: the entry is encrypted');
			return undefined;
		}
		if (entry.compression === 0 || entry.compression === 8) return path;
		refuse(
			entry,
			`skipped: compression method ${entry.compression} is not supported (only stored and deflate)`
		);
		return undefined;
	};
	const read = rangeReader(zip);
	let entries: ZipEntry[];
	try {
		entries = await readDirectory(read, zip.size);
	} catch (error) {
		throw new RunboardError(
			'IMPORT_CORRUPT',
			`${zip.path} is not a readable zip: ${(error as Error).message}`,
			{
				file: zip.path
			}
		);
	}
	const reader = new ZipReader(read, zip.size);
	const base = zip.path.replace(/\.zip$/i, '');
	const files: SourceFile[] = [];
	for (const entry of entries) {
		const path = accept(entry);
		if (path !== undefined) files.push(reader.file(`${base}/${path}`, entry));
	}
	return { files, warnings };
}
