// Entry of a worker thread that runs a TypeScript module (as piscina loads a task file): `require`
// goes through the CommonJS hook of the inherited `--import tsx`, which import() in a worker does not.
const { workerData } = require("node:worker_threads");

require(workerData.modulePath);
