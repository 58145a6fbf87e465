// The import in progress (one at a time), shared by the import page and the drop-anywhere handler.
import type { ImportEntry, ImportProgress, ImportReport } from '$lib/api/db-api';
import { RunboardError, toRunboardError } from '$lib/api/errors';
import { runboard } from '$lib/client';
import { LARGE_IMPORT_BYTES, storageAdvice, type StorageAdvice } from '$lib/artifacts/storage-advice';
import { fetchForImport } from '$lib/client/fetch-import';
import { browserStore, rememberSource } from '$lib/share/sources';
import { app } from './app.svelte';
import { columnsRequestIn, rememberColumns, rememberedColumns, withColumnMap } from './csv-columns';
import type { ColumnMap, ColumnsRequest } from '$lib/importers/csv/column-map';

/** Performance mark set when a picker hands files to the page: the import benchmark times from there. */
export const IMPORT_PICKED = 'runboard:import-picked';

class ImportState {
	running = $state(false);
	progress = $state<ImportProgress | null>(null);
	report = $state<ImportReport | null>(null);
	error = $state<RunboardError | null>(null);
	fileCount = $state(0);
	/** For large imports: the browser's storage estimate next to the import's size, shown before it runs. */
	storage = $state<StorageAdvice | null>(null);
	/** While a shared link's file downloads: bytes so far and the size the host declared (null: unknown). */
	download = $state<{ done: number; total: number | null } | null>(null);
	/** A CSV table of no known shape waits for its columns to be chosen (CsvColumnsDialog); nothing is imported yet. */
	columnsAsk = $state<{ request: ColumnsRequest; entries: ImportEntry[] } | null>(null);

	start(entries: ImportEntry[] | Promise<ImportEntry[]>): Promise<void> {
		this.columnsAsk = null;
		return this.run(async (onProgress) => {
			const list = await entries;
			try {
				return await this.importEntries(list, onProgress);
			} catch (error) {
				const request = columnsRequestIn(toRunboardError(error));
				if (!request) throw error;
				// The same header as a file imported before: its columns are known, no question asked.
				const known = rememberedColumns(request.headerHash);
				if (known) return this.importEntries(withColumnMap(list, request.headerHash, known), onProgress);
				this.columnsAsk = { request, entries: list };
				return null;
			}
		});
	}

	/** The dialog's answer: remembered for this header, then the same files imported with it. */
	chooseColumns(map: ColumnMap): Promise<void> {
		const ask = this.columnsAsk;
		if (!ask) return Promise.resolve();
		this.columnsAsk = null;
		rememberColumns(ask.request.headerHash, map);
		return this.start(withColumnMap(ask.entries, ask.request.headerHash, map));
	}

	/** Cancel in the dialog: nothing is imported and nothing remembered. */
	cancelColumns(): void {
		this.columnsAsk = null;
	}

	private async importEntries(
		list: ImportEntry[],
		onProgress: (p: ImportProgress) => void
	): Promise<ImportReport> {
		this.fileCount = list.length;
		const bytes = list.reduce((sum, e) => sum + (e.file?.size ?? 0), 0);
		const estimate =
			bytes >= LARGE_IMPORT_BYTES ? await navigator.storage?.estimate?.().catch(() => null) : null;
		this.storage = storageAdvice(bytes, estimate ?? null);
		return runboard.importFiles(list, { onProgress });
	}

	/**
	 * Downloads a file from a URL (a shared link) and imports it; the experiments it wrote are noted as coming
	 * from that URL (src/lib/share/sources.ts), so links copied from their views carry it.
	 */
	startUrl(url: string): Promise<void> {
		return this.run(async (onProgress) => {
			this.download = { done: 0, total: null };
			const abort = new AbortController();
			this.abortDownload = () => abort.abort();
			const entry = await fetchForImport(url, {
				signal: abort.signal,
				onBytes: (done, total) => (this.download = { done, total })
			}).catch((error: unknown) => {
				if (abort.signal.aborted) return null;
				throw error;
			});
			this.download = null;
			this.abortDownload = null;
			if (!entry) return cancelledDownload();
			this.fileCount = 1;
			const report = await runboard.importFiles([entry], { onProgress });
			if (!report.cancelled) {
				rememberSource(
					browserStore(),
					report.experiments.map((e) => e.experimentId),
					url
				);
			}
			return report;
		});
	}

	connect(url: string, token: string): Promise<void> {
		return this.run((onProgress) =>
			runboard.importMlflowServer({ url, token: token || undefined }, { onProgress })
		);
	}

	private async run(
		job: (onProgress: (p: ImportProgress) => void) => Promise<ImportReport | null>
	): Promise<void> {
		if (this.running) return;
		this.running = true;
		this.report = null;
		this.error = null;
		this.progress = null;
		this.storage = null;
		this.download = null;
		try {
			this.report = await app.track(job((p) => (this.progress = p)));
		} catch (error) {
			this.error = toRunboardError(error);
		} finally {
			this.running = false;
			this.download = null;
			this.abortDownload = null;
		}
	}

	/** Set while a link's file downloads: Cancel stops the download (the import has not started). */
	private abortDownload: (() => void) | null = null;

	async cancel(): Promise<void> {
		if (this.abortDownload) return this.abortDownload();
		await runboard.cancelImport();
	}
}

/** The report of a link's import cancelled while downloading: nothing was written. */
function cancelledDownload(): ImportReport {
	return {
		format: 'url',
		formatLabel: 'Download',
		experiments: [],
		runsWritten: 0,
		runsAdded: 0,
		runsUpdated: 0,
		runsUnchanged: 0,
		metricPoints: 0,
		artifactFiles: 0,
		artifactBytes: 0,
		loggedModels: 0,
		warnings: [],
		cancelled: true,
		durationMs: 0
	};
}

export const importer = new ImportState();
