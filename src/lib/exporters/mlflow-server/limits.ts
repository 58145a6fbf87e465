// What an MLflow tracking server accepts (mlflow/utils/validation.py of MLflow 3.x): a push checks every value
// against these before sending, so a value the server would refuse is reported by name instead of failing a whole
// log-batch call halfway through a run.
export const MLFLOW_LIMITS = {
	/** runs/log-batch: metric points per call. */
	metricsPerBatch: 1000,
	/** runs/log-batch: params per call, and tags per call. */
	paramsPerBatch: 100,
	tagsPerBatch: 100,
	/** runs/log-batch: metrics, params and tags together per call. */
	entitiesPerBatch: 1000,
	/** Bytes of one log-batch request body the pusher aims to stay under (the server refuses a few MB). */
	batchBytes: 900_000,
	/** Metric, param and tag keys. */
	keyLength: 250,
	paramValueLength: 6000,
	tagValueLength: 8000,
	experimentTagValueLength: 20000
} as const;

/** The tag that holds Runboard's run id on the server's copy: how a second push finds it instead of creating one. */
export const SOURCE_RUN_TAG = 'runboard.source_run_id';
