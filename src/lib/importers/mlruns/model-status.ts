// A logged model's status as the file store writes it (a number) or a server sends it (LOGGED_MODEL_<NAME>), in
// MLflow's own names. A module of its own: the live-server reader, which the database worker loads with the page,
// needs only this of the mlruns importer (whose YAML reading would otherwise ride along on every page).

/** LoggedModelStatus in MLflow's protos; the file store writes the number. */
const MODEL_STATUS: Record<string, string> = {
	'0': 'UNSPECIFIED',
	'1': 'PENDING',
	'2': 'READY',
	'3': 'FAILED'
};

export function modelStatus(raw: string | undefined): string {
	if (raw === undefined) return 'UNSPECIFIED';
	return MODEL_STATUS[raw.trim()] ?? raw.replace(/^LOGGED_MODEL_/, '');
}
