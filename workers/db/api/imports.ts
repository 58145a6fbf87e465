// The import part of DbApi: dropped files (read here or by the parse worker), a live MLflow server, and cancel.
// One import at a time: it can be cancelled, and two would interleave their batches.
import { RunboardError } from '$lib/api/errors';
import type { ImportsApi } from '$lib/api/db-api';
import type { Importer } from '$lib/importers';
import { checkKey, checkRunId } from '$lib/api/validate';
import { IMPORT_LIMITS } from '$lib/importers/limits';
import { readMlflowServer } from '$lib/importers/mlflow-rest/read';
import { sourceFilesOf } from '../../import/detect';
import { prepareItems } from '../../import/prepare';
import { singly } from '../import/chunks';
import { importFromPort } from '../import/from-port';
import { runImport } from '../import/run-import';
import { insertMetrics } from '../metrics';
import * as runs from '../runs';
import { writeItems } from '../import/write-items';
import type { ApiContext } from './context';

export function importsApi({ conn, now, tx }: ApiContext): ImportsApi {
	// Loaded when the first import starts, not with the worker: every page starts this worker, few import, and the
	// importers (with their YAML and CSV parsers) are most of its weight. Usually the parse worker reads the files.
	let importers: Promise<Importer[]> | undefined;
	const loadImporters = () =>
		(importers ??= import('$lib/importers').then((m) => m.createImporters(conn.sqlite3)));
	let currentImport: AbortController | undefined;

	async function exclusiveImport<T>(
		job: (signal: AbortSignal) => Promise<T>,
		refused?: () => void
	): Promise<T> {
		if (currentImport) {
			refused?.();
			throw new RunboardError('INVALID_STATE', 'An import is already running; wait for it or cancel it.');
		}
		const controller = new AbortController();
		currentImport = controller;
		try {
			return await job(controller.signal);
		} finally {
			currentImport = undefined;
		}
	}

	return {
		async importFiles(entries, onProgress, options) {
			const files = sourceFilesOf(entries);
			const sourceTag = sourceTagOf(options);
			return exclusiveImport(async (signal) =>
				runImport(conn, await loadImporters(), files, { signal, onProgress, now, sourceTag })
			);
		},
		async importFromPort(port, onProgress, options) {
			if (!(port instanceof MessagePort))
				throw new RunboardError('INVALID_ARGUMENT', 'importFromPort needs a MessagePort.');
			return exclusiveImport(
				(signal) => importFromPort(conn, port, { signal, onProgress, now, sourceTag: sourceTagOf(options) }),
				() => {
					port.postMessage({ type: 'cancel' });
					port.close();
				}
			);
		},
		async importMlflowServer(server, onProgress) {
			if (typeof server?.url !== 'string')
				throw new RunboardError('INVALID_ARGUMENT', 'importMlflowServer needs {url}.');
			return exclusiveImport((signal) => {
				const read = readMlflowServer(server, { signal, maxArtifactBytes: IMPORT_LIMITS.maxArtifactBytes });
				const format = { id: 'mlflow-server', label: 'MLflow tracking server' };
				return writeItems(conn, format, singly(prepareItems(read)), {
					signal,
					onProgress,
					now,
					source: { kind: 'mlflow-server', ref: server.url },
					bytesTotal: 0
				});
			});
		},
		async cancelImport() {
			currentImport?.abort();
		},
		async appendMetricLines(runId, key, bytes) {
			const id = checkRunId(runId);
			checkKey('Metric', key);
			if (!(bytes instanceof Uint8Array))
				throw new RunboardError('INVALID_ARGUMENT', 'appendMetricLines needs the appended bytes.');
			const { parseAppendedLines } = await import('$lib/importers/mlruns/appended');
			const { metrics, unparsed } = parseAppendedLines(key, bytes);
			// Not while an import writes: its batches and this write would interleave.
			if (currentImport)
				throw new RunboardError('INVALID_STATE', 'An import is already running; wait for it or cancel it.');
			tx(() => {
				const ref = runs.activeRunRef(conn.db, id);
				if (metrics.values.length) insertMetrics(conn, ref.pk, metrics);
			});
			return { points: metrics.values.length, unparsed };
		}
	};
}

/** The file name every run of this import is tagged with (runboard.source), when the caller gives one. */
function sourceTagOf(options: { sourceTag?: string } | undefined): string | undefined {
	const tag = options?.sourceTag;
	if (tag === undefined) return undefined;
	if (typeof tag !== 'string' || tag === '')
		throw new RunboardError('INVALID_ARGUMENT', 'sourceTag must be a non-empty file name.');
	return tag;
}
