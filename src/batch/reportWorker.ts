// The report worker's side of src/batch/reportWriter.ts: one message per endpoint, carrying
// result.json and evidence.json as the scanning thread rendered them (validated). It renders
// the other formats from them and writes the folder with writeReportsSync (the files and order
// of writeReports), then answers with the files written, or the error.
//
// Synchronous on purpose: this thread does nothing else, and writeFileSync writes a string
// straight from V8. Writing with fs/promises here was measured slower and bigger: a Buffer per
// file, freed only when this heap is collected, and more of them the slower the disk.
import { parentPort } from 'node:worker_threads';
import { writeReportsSync } from '../../reports/index.ts';
import type { Evidence } from '../contract/evidence.ts';
import type { Result } from '../contract/result.ts';
import type { ReportJob, ReportReply } from './reportWriter.ts';

if (!parentPort) throw new Error('reportWorker.ts runs as a worker thread (see reportWriter.ts)');
const port = parentPort;

port.on('message', (job: ReportJob) => {
  let reply: ReportReply;
  try {
    const result = JSON.parse(job.json.result) as Result;
    const evidence = job.json.evidence === undefined ? undefined : JSON.parse(job.json.evidence) as Evidence;
    reply = { id: job.id, files: writeReportsSync(result, evidence, job.dir, job.formats, job.options, job.json) };
  } catch (err) {
    reply = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
