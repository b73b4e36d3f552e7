// A report worker that dies on its first job: how WorkerReportWriter copes with losing its worker.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', () => process.exit(3));
