// The build-time flags the workers read (Vite replaces them statically; see scripts/build-e2e.mjs).
interface ImportMetaEnv {
	/** '1' in the e2e/reliability build only: test hooks such as storage faults exist. */
	readonly VITE_RUNBOARD_TEST_HOOKS?: string;
}

interface ImportMeta {
	readonly env: ImportMetaEnv;
}
