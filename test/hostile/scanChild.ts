// Runs one scan in a child process and prints a JSON digest on stdout. Used where the scan
// needs a process-wide setting the test process cannot change after start (a trusted test
// CA through NODE_EXTRA_CA_CERTS). Usage: node scanChild.ts <url> <deadlineMs>
import { measureScan } from './measure.ts';

const [url, deadline] = process.argv.slice(2);
const m = await measureScan(url!, Number(deadline ?? 6000));
process.stdout.write(`${JSON.stringify({
  wallMs: m.wallMs,
  unreachableReason: m.result.unreachableReason,
  era: m.result.rules.find((r) => r.id === 'era')?.status,
  transcript: m.evidence.transcript.map((x) => ({ probe: x.probe, label: x.label, url: x.request.url, status: x.response?.status, error: x.error })),
  escaped: m.escaped,
})}\n`);
