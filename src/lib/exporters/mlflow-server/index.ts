// Push to an MLflow tracking server: the pure parts (what to send, in which calls). The worker does the HTTP
// (workers/db/push/).
export * from './batches';
export * from './check';
export * from './limits';
export * from './resume';
export * from './lineage';
